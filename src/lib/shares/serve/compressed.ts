// Viewer pages compressed once per artifact, language and viewer variant (brotli and gzip), kept beside the compiled
// artifact: a compressed view is a map lookup, like an uncompressed one. Compression runs on libuv's thread pool.
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import { fillViewerChunks, type ViewerParts, type ViewerTemplate } from './html';

export type Encoding = 'br' | 'gzip';

/**
 * The encoding to answer with: brotli, else gzip, else none (a `;q=0` refuses one; `*` is any coding not named, so
 * `gzip;q=0, *` allows brotli but never gzip). Bounded: the header is cut at 256.
 */
export function pickEncoding(header: string | null): Encoding | null {
  if (!header) return null;
  const accepted = new Set<string>();
  const refused = new Set<string>();
  for (const part of header.slice(0, 256).split(',', 16)) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    (params.some((p) => /^\s*q\s*=\s*0(?:\.0*)?\s*$/.test(p)) ? refused : accepted).add(name.trim());
  }
  const allows = (e: Encoding) => !refused.has(e) && (accepted.has(e) || accepted.has('*'));
  if (accepted.has('br') && allows('br')) return 'br';
  if (allows('gzip')) return 'gzip';
  return allows('br') ? 'br' : null;
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
// Real variants per artifact are few (signed out or in, owner or not, one or two origins, two encodings). Once full,
// a new variant goes out uncompressed and none is evicted: the origin comes from Host, so evicting let one client make
// us compress the whole page on every request (a new Host each time) and push out the copies real viewers use.
const MAX_VARIANTS = 16;
const TRACE = process.env.CHATSHARE_FAST_PATH_TRACE === '1';

// Small pages seen by many signed-out viewers are also kept whole: one buffer written once costs less than a writev of
// a dozen chunks. Big pages are sent as the artifact's own chunks (copying 600 KB per view is what this avoids).
const plainBodies = new WeakMap<ViewerTemplate, Map<string, Buffer[]>>();
const SMALL_PAGE = 256 * 1024;

/** The uncompressed page for these parts, as the chunks to write. */
export function plainViewer(t: ViewerTemplate, parts: ViewerParts): Buffer[] {
  if (parts.cacheKey === undefined || t.bytes > SMALL_PAGE) return fillViewerChunks(t, parts);
  let map = plainBodies.get(t);
  if (!map) plainBodies.set(t, (map = new Map()));
  let hit = map.get(parts.cacheKey);
  if (!hit) {
    if (map.size >= MAX_VARIANTS) return fillViewerChunks(t, parts);
    map.set(parts.cacheKey, (hit = [Buffer.concat(fillViewerChunks(t, parts))]));
  }
  return hit;
}

/**
 * The compressed page for these parts, or null when this artifact already has all the compressed variants it may keep
 * (send the page uncompressed). Concurrent first views share one compression; a failed one is not kept.
 * Parts are small strings (head tags, a form), so they are the key as they are.
 */
export function compressedViewer(t: ViewerTemplate, parts: ViewerParts, encoding: Encoding): Promise<Buffer> | null {
  let map = variants.get(t);
  if (!map) variants.set(t, (map = new Map()));
  const key = parts.cacheKey !== undefined ? `${encoding}\u0000${parts.cacheKey}` : `${encoding}\u0000${parts.head}\u0001${parts.owner}\u0001${parts.recipe}\u0001${parts.actions}\u0001${parts.clone}\u0001${parts.path}\u0001${parts.bodyAttrs}`;
  let hit = map.get(key);
  if (!hit) {
    if (map.size >= MAX_VARIANTS) return null;
    hit = compress(Buffer.concat(fillViewerChunks(t, parts)), encoding);
    if (TRACE) void hit.then((z) => console.log(`chatshare: compressed ${encoding} ${t.locale} ${t.bytes} -> ${z.length} bytes`), () => {});
    hit.catch(() => { if (map.get(key) === hit) map.delete(key); });
    map.set(key, hit);
  }
  return hit;
}
