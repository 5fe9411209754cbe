// QR codes of share links, drawn in the browser (the link never leaves the page): the dialog's preview and its PNG download.
import QRCode from 'qrcode';

/** A square canvas with the link's QR code on white, or on the soft gradient the "Gradient QR code" option asks for. */
async function qrCanvas(url: string, gradient: boolean, size: number): Promise<HTMLCanvasElement> {
  const code = document.createElement('canvas');
  await QRCode.toCanvas(code, url, {
    width: size, margin: 2, errorCorrectionLevel: 'M',
    color: { dark: gradient ? '#1e1b4bff' : '#000000ff', light: '#00000000' },
  });
  const out = document.createElement('canvas');
  out.width = out.height = size;
  const ctx = out.getContext('2d')!;
  if (gradient) {
    const g = ctx.createLinearGradient(0, 0, size, size);
    g.addColorStop(0, '#c7d2fe');
    g.addColorStop(0.5, '#e9d5ff');
    g.addColorStop(1, '#fbcfe8');
    ctx.fillStyle = g;
  } else ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, size, size);
  ctx.drawImage(code, 0, 0, size, size);
  return out;
}

/** The preview's image as a data URL (img-src allows data:). */
export async function drawQr(url: string, gradient: boolean, size: number): Promise<string> {
  return (await qrCanvas(url, gradient, size)).toDataURL('image/png');
}

/** Saves a 1024 px PNG of the QR code, big enough to print. The link clicked lives in `within`: outside an open modal it would be inert. */
export async function downloadPng(url: string, gradient: boolean, filename: string, within: HTMLElement): Promise<void> {
  const canvas = await qrCanvas(url, gradient, 1024);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) return;
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  a.hidden = true;
  within.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
