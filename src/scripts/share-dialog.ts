// Share Chat modal behaviour: live expiry sentence, create/update/revoke/restore/refresh calls, copy and QR.
import QRCode from 'qrcode';
import { describeExpiry } from '../lib/shares/expiry-summary';
import { toast } from './library';

const dialog = document.querySelector<HTMLDialogElement>('[data-share-dialog]');
if (dialog) setupShareDialog(dialog);

interface ShareState {
  share_id: string; url: string; type: 'snapshot' | 'live'; status: 'active' | 'expired' | 'revoked'; has_password: boolean;
  expires_at: number | null; max_views: number; max_clones: number; views: number; clones: number;
  show_qr_code: boolean; gradient_qr_code: boolean; allow_cloning: boolean; allow_view_after_clone_limit: boolean;
}

/** Wires one rendered dialog (the chat page's, or one the Shared Chats page fetched for a row); `open()` shows it. */
export function setupShareDialog(dialog: HTMLDialogElement): { open: () => void } {
  const chatId = dialog.dataset.chatId!;
  const form = dialog.querySelector<HTMLFormElement>('[data-share-form]')!;
  const $ = <T extends Element = HTMLElement>(sel: string) => dialog.querySelector<T>(sel)!;
  const input = (name: string) => form.elements.namedItem(name) as HTMLInputElement | null;
  let share: ShareState | null = dialog.dataset.share ? JSON.parse(dialog.dataset.share) : null;
  let expiryTouched = false;

  const pad = (n: number) => String(n).padStart(2, '0');
  const toLocalInput = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  $<HTMLElement>('[data-link-prefix]').textContent = `${dialog.dataset.origin}/s/`;

  function expiresAtFromForm(): number | null {
    const choice = input('expires_in')!.value;
    const presets: Record<string, number> = { '1h': 3600, '24h': 86400, '7d': 604800 };
    if (choice in presets) return Math.floor(Date.now() / 1000) + presets[choice]!;
    if (choice === 'custom') {
      const t = new Date(input('expires_at')!.value).getTime();
      return Number.isFinite(t) ? Math.floor(t / 1000) : null;
    }
    return null;
  }

  function refreshForm() {
    const choice = input('expires_in')!.value;
    $('[data-custom-date]').hidden = choice !== 'custom';
    input('expires_at')!.min = toLocalInput(new Date());
    const cloning = input('allow_cloning')!.checked;
    input('max_clones')!.disabled = !cloning;
    input('allow_view_after_clone_limit')!.disabled = !cloning || Number(input('max_clones')!.value) <= 0;
    input('gradient_qr_code')!.disabled = !input('show_qr_code')!.checked;
    const remove = input('remove_password');
    const current = dialog.querySelector<HTMLElement>('[data-current-password]');
    if (current) current.hidden = !(remove?.checked || input('password')!.value);
    if (remove) input('password')!.disabled = remove.checked;
    $('[data-expiry-summary]').textContent = describeExpiry({
      expiresAt: expiresAtFromForm(),
      maxViews: Number(input('max_views')!.value) || 0,
      maxClones: cloning ? Number(input('max_clones')!.value) || 0 : 0,
      allowViewAfterCloneLimit: input('allow_view_after_clone_limit')!.checked,
      allowCloning: cloning,
    });
  }

  function showShare() {
    const status = $('[data-status-line]');
    $('[data-revoke]').hidden = !share || share.status === 'revoked';
    $('[data-restore]').hidden = !share || share.status === 'active';
    $('[data-refresh]').hidden = !share || share.type !== 'snapshot' || share.status !== 'active';
    $('[data-submit]').textContent = share ? 'Update Link Settings' : 'Create Link';
    status.hidden = !share || share.status === 'active';
    if (share && share.status !== 'active') {
      status.className = `share-status ${share.status}`;
      status.textContent = share.status === 'revoked' ? 'This link is revoked: viewers see “revoked”. Restore it to share again.' : 'This link has expired. Restore it to share again (its expiry settings are cleared).';
    }
    $('[data-share-result]').hidden = !share;
    if (!share) return;
    $<HTMLInputElement>('[data-share-url]').value = share.url;
    input('share_id')!.value = share.share_id;
    void drawQr();
  }

  async function drawQr() {
    const box = $('[data-qr]');
    box.hidden = !share?.show_qr_code;
    if (!share?.show_qr_code) return;
    const size = 440;
    const qr = document.createElement('canvas');
    await QRCode.toCanvas(qr, share.url, { width: size, margin: 2, errorCorrectionLevel: 'M', color: { dark: share.gradient_qr_code ? '#1e1b4bff' : '#000000ff', light: '#00000000' } });
    const out = document.createElement('canvas');
    out.width = out.height = size;
    const ctx = out.getContext('2d')!;
    if (share.gradient_qr_code) {
      const g = ctx.createLinearGradient(0, 0, size, size);
      g.addColorStop(0, '#c7d2fe'); g.addColorStop(0.5, '#e9d5ff'); g.addColorStop(1, '#fbcfe8');
      ctx.fillStyle = g;
    } else ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, size, size);
    ctx.drawImage(qr, 0, 0);
    const img = $<HTMLImageElement>('[data-qr-img]');
    img.src = out.toDataURL('image/png');
    img.dataset.gradient = String(share.gradient_qr_code);
  }

  function setError(message: string | null) {
    const el = $('[data-share-error]');
    el.hidden = !message;
    el.textContent = message ?? '';
  }

  async function call(method: string, path: string, body?: unknown): Promise<ShareState | null> {
    setError(null);
    const res = await fetch(path, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) { setError(data.detail ?? `Request failed (${res.status}).`); return null; }
    dialog.dispatchEvent(new CustomEvent('share-change', { detail: data })); // lets a page behind the dialog refresh
    return data as ShareState;
  }

  function formBody(): Record<string, unknown> {
    const body: Record<string, unknown> = {
      is_public: input('is_public')!.checked, is_live: input('is_live')!.checked,
      display_username: input('display_username')!.checked, allow_cloning: input('allow_cloning')!.checked,
      allow_view_after_clone_limit: input('allow_view_after_clone_limit')!.checked,
      show_qr_code: input('show_qr_code')!.checked, gradient_qr_code: input('gradient_qr_code')!.checked,
      max_views: Number(input('max_views')!.value) || 0, max_clones: Number(input('max_clones')!.value) || 0,
    };
    const customId = input('share_id')!.value.trim();
    if (customId && customId !== share?.share_id) body.share_id = customId;
    if (!share || expiryTouched) {
      const choice = input('expires_in')!.value;
      if (choice === 'custom') {
        if (!input('expires_at')!.value) throw new Error('Pick the date and time the link should expire.');
        body.expires_at = expiresAtFromForm();
      } else body.expires_in = choice;
    }
    const remove = input('remove_password')?.checked;
    const password = input('password')!.value;
    if (remove) body.password = null;
    else if (password) body.password = password;
    const current = input('current_password')?.value;
    if ((remove || password) && current) body.current_password = current;
    return body;
  }

  form.addEventListener('input', (e) => {
    if ((e.target as HTMLElement).closest('[name=expires_in], [name=expires_at]')) expiryTouched = true;
    refreshForm();
  });
  form.addEventListener('change', refreshForm);
  form.addEventListener('submit', async (e) => {
    // The head's Close button is a submit button of this method=dialog form: let it close the dialog, not save.
    if ((e.submitter as HTMLButtonElement | null)?.value === 'close') return;
    e.preventDefault();
    let body: Record<string, unknown>;
    try { body = formBody(); } catch (err) { return setError((err as Error).message); }
    const result = await call('POST', `/api/v1/chats/${chatId}/share`, body);
    if (!result) return;
    const created = !share;
    share = result;
    expiryTouched = false;
    for (const name of ['password', 'current_password']) { const el = input(name); if (el) el.value = ''; }
    showShare();
    toast(created ? 'Link created.' : 'Link settings updated.');
    if (created || body.password !== undefined) sessionStorage.setItem('cs-share-open', chatId);
  });
  $('[data-copy-link]').addEventListener('click', async () => {
    const url = $<HTMLInputElement>('[data-share-url]');
    url.select();
    await navigator.clipboard?.writeText(url.value).catch(() => document.execCommand('copy'));
    toast('Link copied.');
  });
  $('[data-revoke]').addEventListener('click', async () => {
    if (!confirm('Delete this link? Anyone who opens it will be told it was revoked. You can restore it later.')) return;
    const result = await call('DELETE', `/api/v1/chats/${chatId}/share`);
    if (result) { share = result; showShare(); toast('Link revoked.'); }
  });
  $('[data-restore]').addEventListener('click', async () => {
    const result = await call('POST', `/api/v1/chats/${chatId}/share/restore`);
    if (result) { share = result; showShare(); toast('Link restored.'); }
  });
  $('[data-refresh]').addEventListener('click', async () => {
    const result = await call('POST', `/api/v1/chats/${chatId}/share`, { refresh_snapshot: true });
    if (result) { share = result; showShare(); toast('Snapshot updated to the chat as it is now.'); }
  });

  if (share?.expires_at) {
    input('expires_in')!.value = 'custom';
    input('expires_at')!.value = toLocalInput(new Date(share.expires_at * 1000));
  }
  // While the modal is open, the link's status and counts follow the server (views can expire it meanwhile).
  let poller: number | undefined;
  const sync = async () => {
    if (!share || !dialog.open) return;
    const res = await fetch(`/api/v1/chats/${chatId}/share`).catch(() => null);
    if (!res?.ok) return;
    const fresh = await res.json() as ShareState;
    if (fresh.status !== share.status || fresh.views !== share.views || fresh.clones !== share.clones) {
      share = { ...share, status: fresh.status, views: fresh.views, clones: fresh.clones };
      showShare();
    }
  };
  const open = () => {
    dialog.showModal();
    refreshForm();
    void sync();
    poller = window.setInterval(sync, 2000);
  };
  document.querySelectorAll('[data-open-share]').forEach((b) => b.addEventListener('click', open));
  dialog.addEventListener('close', () => window.clearInterval(poller));
  // Arriving from the sidebar's "Share" item opens the modal straight away.
  if (new URLSearchParams(location.search).get('share') === '1') {
    history.replaceState(null, '', location.pathname + location.hash);
    document.querySelector<HTMLButtonElement>('[data-open-share]')?.click();
  }
  dialog.addEventListener('close', () => { if (sessionStorage.getItem('cs-share-open')) { sessionStorage.removeItem('cs-share-open'); location.reload(); } });
  showShare();
  refreshForm();
  return { open };
}
