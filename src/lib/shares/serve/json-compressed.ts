// JSON answers of an open viewer page (live poll, parts) compressed for the client (brotli or gzip by Accept-Encoding):
// a poll that carried 274 KB of HTML now carries a few changed messages, and those compressed.
import zlib from 'node:zlib';
import { pickEncoding } from './compressed';

// Below this, compressing costs more than it saves.
const MIN_BYTES = 256;

export function jsonCompressed(body: unknown, request: Request, status = 200, extra: Record<string, string> = {}): Response {
  const raw = Buffer.from(JSON.stringify(body), 'utf8');
  const headers: Record<string, string> = { 'content-type': 'application/json', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', vary: 'Accept-Encoding', ...extra };
  const encoding = raw.length >= MIN_BYTES ? pickEncoding(request.headers.get('accept-encoding')) : null;
  // Synchronous: the payloads are small (changed messages, one part of 200), a few ms at most at these levels.
  const data = encoding === 'br'
    ? zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT } })
    : encoding === 'gzip' ? zlib.gzipSync(raw, { level: 6 }) : raw;
  if (encoding) headers['content-encoding'] = encoding;
  headers['content-length'] = String(data.length);
  return new Response(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), { status, headers });
}
