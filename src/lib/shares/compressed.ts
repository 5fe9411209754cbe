// Viewer pages compressed once per artifact, language and viewer variant (brotli and gzip), kept beside the compiled
// artifact: a compressed view is a map lookup, like an uncompressed one. Compression runs on libuv's thread pool.
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import { fillViewerChunks, type ViewerParts, type ViewerTemplate } from './html';

export type Encoding = 'br' | 'gzip';

/** The encoding to answer with: brotli, else gzip, else none (a `;q=0` refuses one). Bounded: the header is cut at 256. */
export function pickEncoding(header: string | null): Encoding | null {
  if (!header) return null;
  const accepted = new Set<string>();
  for (const part of header.slice(0, 256).split(',', 16)) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (params.some((p) => /^\s*q\s*=\s*0(?:\.0*)?\s*$/.test(p))) continue;
    accepted.add(name.trim());
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return null;
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

function compress(body: Buffer, encoding: Encoding): Promise<Buffer> {
  // Brotli quality 6: ~95% smaller than the page on chat HTML at a few ms per 100 KB (11 is 20x slower for ~5% more).
  return encoding === 'br'
    ? brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 6, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
    : gzip(body, { level: 6 });
}

// Per artifact (a compiled template is one revision in one language); dropped with it when the artifact cache lets it go.
const variants = new WeakMap<ViewerTemplate, Map<string, Promise<Buffer>>>();
const MAX_VARIANTS = 32;
const TRACE = process.env.CHATSHARE_FAST_PATH_TRACE === '1'; // viewer variants per artifact: the anonymous one, plus signed-in owners and recipes

/**
 * The compressed page for these parts. Concurrent first views share one compression; a failed one is not kept.
 * Parts are small strings (head tags, a form), so they are the key as they are.
 */
export function compressedViewer(t: ViewerTemplate, parts: ViewerParts, encoding: Encoding): Promise<Buffer> {
  let map = variants.get(t);
  if (!map) variants.set(t, (map = new Map()));
  const key = parts.cacheKey !== undefined ? `${encoding}\u0000${parts.cacheKey}` : `${encoding}\u0000${parts.head}\u0001${parts.owner}\u0001${parts.recipe}\u0001${parts.actions}\u0001${parts.clone}\u0001${parts.path}\u0001${parts.bodyAttrs}`;
  let hit = map.get(key);
  if (!hit) {
    if (map.size >= MAX_VARIANTS) map.delete(map.keys().next().value!);
    hit = compress(Buffer.concat(fillViewerChunks(t, parts)), encoding);
    if (TRACE) void hit.then((z) => console.log(`chatshare: compressed ${encoding} ${t.locale} ${t.bytes} -> ${z.length} bytes`), () => {});
    hit.catch(() => { if (map.get(key) === hit) map.delete(key); });
    map.set(key, hit);
  }
  return hit;
}
