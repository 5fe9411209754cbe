// Reads what an OG card draws, for tests: the text blocks of a satori SVG made with embedFont false, and a PNG's pixels.
import zlib from 'node:zlib';

/** One run of same-styled text as the card draws it, e.g. the whole title however many lines it wraps onto. */
export interface TextBlock {
  text: string;
  size: number;
  weight: number;
  fill: string;
  /** Where its glyphs can reach, in card pixels: an em above the first baseline to 0.3 em below the last (Inter's descent is 0.24). */
  top: number;
  bottom: number;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e] ?? whole),
  );

/**
 * Satori (embedFont: false) writes one <text> per word or space, in element order, with y on the baseline; a line
 * keeps its trailing space, so wrapped lines join without adding one. Consecutive runs with the same
 * font size, weight and colour belong to one element when each touches the previous on its line or starts a later
 * line; a gap on the same line (the next chip) or a different style starts a new block.
 */
export function textBlocks(svg: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  let last: { x: number; y: number; right: number; block: TextBlock } | null = null;
  for (const m of svg.matchAll(/<text\b([^>]*)>([^<]*)<\/text>/g)) {
    const attr = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(m[1]!)?.[1];
    const num = (name: string) => Number(attr(name) ?? NaN);
    const [x, y, width] = [num('x'), num('y'), num('width')];
    const size = num('font-size');
    const weight = attr('font-weight') === 'normal' || attr('font-weight') === undefined ? 400 : num('font-weight');
    const fill = String(attr('fill') ?? '');
    const text = decode(m[2]!);
    const sameStyle = last && last.block.size === size && last.block.weight === weight && last.block.fill === fill;
    const sameLine = last && Math.abs(y - last.y) < 0.5;
    // Kerning and letter-spacing pull a run a little into the previous one; a gap of a quarter em is another element.
    // Right-to-left text is laid out leftwards, so a run may also end where the previous one starts.
    const touches = !!last && (Math.abs(x - last.right) < size / 4 || Math.abs(x + width - last.x) < size / 4);
    const follows = sameLine ? touches : !!last && y > last.y;
    if (last && sameStyle && follows) {
      last.block.text += text;
      last.block.bottom = Math.max(last.block.bottom, y + 0.3 * size);
    } else {
      blocks.push({ text, size, weight, fill, top: y - size, bottom: y + 0.3 * size });
    }
    last = { x, y, right: x + width, block: blocks[blocks.length - 1]! };
  }
  for (const b of blocks) b.text = b.text.replace(/\s+/g, ' ').trim();
  return blocks.filter((b) => b.text !== '');
}

export interface Pixels {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel, row by row. */
  data: Buffer;
}

/** Decodes a non-interlaced 8-bit RGBA or RGB PNG (what resvg writes). */
export function decodePng(png: Buffer): Pixels {
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colour, , , interlace] = body.subarray(8, 13);
      if (depth !== 8 || interlace !== 0 || (colour !== 6 && colour !== 2)) throw new Error(`unsupported PNG: depth ${depth} colour ${colour}`);
      channels = colour === 6 ? 4 : 3;
    } else if (type === 'IDAT') {
      idat.push(body);
    }
    offset += 12 + length;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const rows = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = rows.subarray(y * stride, (y + 1) * stride);
    const above = y > 0 ? rows.subarray((y - 1) * stride, y * stride) : Buffer.alloc(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? row[i - channels]! : 0;
      const b = above[i]!;
      const c = i >= channels ? above[i - channels]! : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const predictor = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter];
      if (predictor === undefined) throw new Error(`bad PNG filter ${filter}`);
      row[i] = (src[i]! + predictor) & 0xff;
    }
  }
  if (channels === 4) return { width, height, data: rows };
  const data = Buffer.alloc(width * height * 4, 0xff);
  for (let p = 0; p < width * height; p++) rows.copy(data, p * 4, p * 3, p * 3 + 3);
  return { width, height, data };
}

/** How many pixels inside the rows [top, bottom) have exactly this colour ('#rrggbb'). */
export function countColour(px: Pixels, hex: string, top = 0, bottom = px.height): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let n = 0;
  for (let y = Math.max(0, top); y < Math.min(px.height, bottom); y++) {
    for (let x = 0; x < px.width; x++) {
      const i = (y * px.width + x) * 4;
      if (px.data[i] === r && px.data[i + 1] === g && px.data[i + 2] === b) n++;
    }
  }
  return n;
}

/** The rows where two same-sized images differ, or null when they are identical pixel for pixel. */
export function differingRows(a: Pixels, b: Pixels): { top: number; bottom: number } | null {
  let top = -1;
  let bottom = -1;
  const rowBytes = a.width * 4;
  for (let y = 0; y < a.height; y++) {
    if (!a.data.subarray(y * rowBytes, (y + 1) * rowBytes).equals(b.data.subarray(y * rowBytes, (y + 1) * rowBytes))) {
      if (top < 0) top = y;
      bottom = y + 1;
    }
  }
  return top < 0 ? null : { top, bottom };
}
