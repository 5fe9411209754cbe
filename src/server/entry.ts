// The process entry: a node:http server that bounds every request (URL, body size while it streams), serves static
// files from memory, adds the security headers every response carries, and hands everything else to Astro's handler.
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadStaticFiles, serveStatic } from './static';
import { bodyLimitFor, formatBytes } from '../lib/limits';
import { runShutdownHooks } from '../lib/lifecycle';
import { buildErrorPage } from '../lib/shares/serve/html';
import { fastShareId, serveShareFast } from '../lib/shares/serve/fast-view';
import { resolveLocale, t, type Values } from '../lib/i18n/index';
import { closeDatabase, db, retryBusy } from '../lib/db';
import { BUSY_RETRY_AFTER, isBusyError } from '../lib/http';
import { warmUp } from '../lib/warmup';
import { sweepOrphanArtifacts } from '../lib/shares/documents/sweep';
import { checkInstanceSecret } from '../lib/shares/secret';
import { ensureReserve, isStorageFull } from '../lib/storage-full';
import { isClusterPrimary, runPrimary, workerCount } from './cluster';
import { guardConnections } from './connections';
import { listenOnSharedSocket, stoppedListening } from './listen-socket';
import { SESSION_COOKIE } from '../lib/auth/lucia';
import { isLiveSession } from '../lib/auth/session-store';
import { cookieValue } from '../lib/i18n/locales';

type AstroHandler = (req: http.IncomingMessage, res: http.ServerResponse, next?: () => void) => Promise<void>;

const here = path.dirname(fileURLToPath(import.meta.url)); // dist/chatshare
const dist = path.resolve(here, '..');
process.env.CHATSHARE_DIST ??= dist; // where the render pool finds its worker

// Every response: no sniffing, no framing, no inline script. Share pages and images set stricter values of their own.
const SECURITY_HEADERS: Array<[string, string]> = [
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
  ['referrer-policy', 'strict-origin-when-cross-origin'],
  ['content-security-policy', "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"],
];

/** The error a body stream throws when it passes its route's limit; readBody turns it into a 413. */
export class BodyTooLargeError extends Error {
  readonly code = 'PAYLOAD_TOO_LARGE';
  constructor(readonly limit: number) { super(`Request body is over ${formatBytes(limit)}.`); }
}

// A refused body up to this size is read and thrown away, so clients that send before they read still see the 413;
// past it the connection is closed instead (a 600 MB upload is not worth receiving).
const DRAIN_LIMIT = 64 * 1024 * 1024;
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?:\/|$)/i;

/**
 * A Host that names a host (and port), nothing more. Astro builds each request's URL from it: `a@b` made it throw
 * (a 500), one the URL parser refuses (`h:99999`, `a b`) lost the path (any address answered as the home page), and
 * an empty one or one with `/?#\` moved it (`http:///s/x` is host `s`, path `/x`). No Host at all (HTTP/1.0) is fine.
 */
const hostOk = (host: string | undefined): boolean =>
  host === undefined || (host !== '' && !/[/\\?#@\s]/.test(host) && URL.canParse(`http://${host}`));

/** Node keeps the first of two Host headers and drops the other; which one a proxy in front used is anyone's guess. */
function hostCount(raw: string[]): number {
  let n = 0;
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.length === 4 && raw[i]!.toLowerCase() === 'host') n++;
  return n;
}

/** Errors answered before Astro: `key` names the catalog's title (viewer.title_<key>) and detail (viewer.detail_<key>). */
function sendError(req: http.IncomingMessage, res: http.ServerResponse, pathname: string, status: number, code: string, key: string, values?: Values): void {
  const locale = resolveLocale({ cookie: req.headers.cookie, acceptLanguage: req.headers['accept-language'] });
  const detail = t(locale, `viewer.detail_${key}`, values);
  if (status === 413) {
    if (Number(req.headers['content-length'] ?? Infinity) <= DRAIN_LIMIT) drainOrDrop(req);
    else res.setHeader('connection', 'close');
  }
  if (pathname.startsWith('/api/')) {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : JSON.stringify({ detail, code }));
    return;
  }
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : buildErrorPage({ status, code, title: t(locale, `viewer.title_${key}`), message: detail, locale }));
}

/**
 * The request body as an async iterable that stops with BodyTooLargeError past `limit` (Astro reads req.body when set).
 * It stops reading without destroying the request: the answer (413) must reach the client before the connection goes.
 */
async function* limitedBody(req: http.IncomingMessage, limit: number): AsyncGenerator<Buffer> {
  let received = 0;
  const deadline = Date.now() + REQUEST_TIMEOUT_MS;
  for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    // Node's requestTimeout cuts a stalled body; a trickling one is stopped here as soon as a byte arrives too late.
    if (Date.now() > deadline) throw Object.assign(new Error('Request body took too long.'), { code: 'REQUEST_TIMEOUT' });
    received += chunk.length;
    if (received > limit) {
      overLimit.add(req);
      throw new BodyTooLargeError(limit);
    }
    yield chunk;
  }
}

const overLimit = new WeakSet<http.IncomingMessage>();

const envMs = (name: string, fallback: number): number => {
  const n = Number(process.env[name]);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};
// How long a request may take to arrive: its headers, and the whole of it with its body (then 408 and close). A 50 MB
// import in 120 s needs about 3.5 Mbit/s of upload; raise REQUEST_TIMEOUT_MS for slower links.
const REQUEST_TIMEOUT_MS = envMs('REQUEST_TIMEOUT_MS', 120_000);
const HEADERS_TIMEOUT_MS = Math.min(envMs('HEADERS_TIMEOUT_MS', 15_000), REQUEST_TIMEOUT_MS);
// An idle keep-alive socket is closed after this. Node's 5 s default races clients that reuse a socket idle for about
// as long: the request meets the close and gets ECONNRESET (seen in the browser tests). Idle sockets are the first
// the connection budget sheds when near its limit, so keeping them longer costs nothing under a flood.
const KEEP_ALIVE_TIMEOUT_MS = envMs('KEEP_ALIVE_TIMEOUT_MS', 65_000);
const DRAIN_QUIET_MS = 250;
const DRAIN_MAX_MS = 3_000;
const TIMEOUT_RESPONSE = 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n';

/**
 * A request that did not arrive in time (Node's headersTimeout/requestTimeout): 408 and close. Node writes its own 408
 * only on a connection that never answered before; a reused keep-alive connection would be cut without a word.
 */
function onClientError(err: NodeJS.ErrnoException, socket: import('node:stream').Duplex): void {
  const current = (socket as unknown as { _httpMessage?: http.ServerResponse })._httpMessage;
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT' && socket.writable && !current?.headersSent) {
    socket.end(TIMEOUT_RESPONSE);
    setTimeout(() => socket.destroy(), 1000).unref();
    return;
  }
  // Otherwise what Node answers without a listener: 431 for oversized headers, 413 for chunk extensions, else 400.
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : err.code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW' ? '413 Payload Too Large' : '400 Bad Request';
  if (err.code !== 'ECONNRESET' && socket.writable && !current?.headersSent) socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
  socket.destroy();
}

/**
 * After a refused body has been answered: read and drop the rest, so the client (which may still be sending) gets the
 * 413 rather than a reset connection; past DRAIN_LIMIT more bytes the connection is cut.
 */
function drainOrDrop(req: http.IncomingMessage): void {
  let dropped = 0;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > DRAIN_LIMIT) req.socket.destroy();
  });
  req.resume();
}

/** Requests the connection reserve is kept for: /healthz, and signed-in people (Bearer or a live session cookie). */
function mustGetThrough(req: http.IncomingMessage, pathname: string): boolean {
  if (pathname === '/healthz' || req.headers.authorization !== undefined) return true;
  const token = req.headers.cookie ? cookieValue(req.headers.cookie, SESSION_COOKIE) : null;
  return token !== null && isLiveSession(token);
}

export async function createChatshareServer(): Promise<http.Server> {
  const { handler } = (await import(pathToFileURL(path.join(dist, 'server/entry.mjs')).href)) as { handler: AstroHandler };
  const statics = loadStaticFiles(path.join(dist, 'client'));
  let stopping = false;

  // The timeouts are checked this often (Node's default, 30 s, would let a 15 s bound run to 45 s).
  const connectionsCheckingInterval = Math.max(100, Math.min(1000, HEADERS_TIMEOUT_MS / 4));
  const server = http.createServer({ connectionsCheckingInterval, requestTimeout: REQUEST_TIMEOUT_MS, headersTimeout: HEADERS_TIMEOUT_MS, keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS }, async (req, res) => {
    for (const [k, v] of SECURITY_HEADERS) res.setHeader(k, v);
    if (stopping) res.setHeader('connection', 'close');
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const rawPath = q < 0 ? raw : raw.slice(0, q);
    let pathname: string;
    try {
      pathname = decodeURI(rawPath);
    } catch {
      return sendError(req, res, rawPath, 400, 'BAD_REQUEST', 'badEscape');
    }
    if (!rawPath.startsWith('/')) return sendError(req, res, '/', 400, 'BAD_REQUEST', 'badAddress');
    if (!hostOk(req.headers.host) || hostCount(req.rawHeaders) > 1) return sendError(req, res, rawPath, 400, 'BAD_REQUEST', 'badAddress');
    // Browsers resolve `.` and `..` before sending; a request that still has them (raw or as %2e) is trying to walk
    // out of the path it names (`/api/x/%2e%2e/%2e%2e/etc/passwd` would otherwise be routed as `/etc/passwd`).
    if (DOT_SEGMENT.test(rawPath)) return sendError(req, res, rawPath, 400, 'BAD_REQUEST', 'dotSegment');
    if (serveStatic(statics, req, res, pathname)) return;
    // Past the shared connection budget only the reserve is left: health checks and signed-in people get through.
    if (guard.inReserve() && !mustGetThrough(req, pathname)) {
      res.setHeader('connection', 'close');
      res.setHeader('retry-after', '5');
      return sendError(req, res, rawPath, 503, 'BUSY', 'busy');
    }

    const limit = bodyLimitFor(rawPath, req.headers['content-type']);
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return sendError(req, res, rawPath, 413, 'PAYLOAD_TOO_LARGE', 'tooLarge', { size: formatBytes(limit) });
    if (req.method !== 'GET' && req.method !== 'HEAD') (req as unknown as { body: unknown }).body = limitedBody(req, limit);
    try {
      const fastId = fastShareId(req, rawPath);
      // A view whose count met the other worker's write lock is served again once the lock is free (the count is the
      // view's only write, so nothing was done twice); never once the answer has begun.
      if (fastId !== null) return await retryBusy(() => serveShareFast(req, res, rawPath, fastId).catch((err: unknown) => {
        throw res.headersSent && isBusyError(err) ? new Error('database busy after the answer began', { cause: err }) : err;
      }));
      await handler(req, res);
      if (overLimit.has(req)) drainOrDrop(req);
    } catch (err) {
      // The other worker held the database past every retry: "try again", not a fault.
      if (isBusyError(err) && !res.headersSent) {
        res.setHeader('retry-after', BUSY_RETRY_AFTER);
        return sendError(req, res, rawPath, 503, 'BUSY', 'busy');
      }
      if (isStorageFull(err)) {
        if (!res.headersSent) sendError(req, res, rawPath, 507, 'STORAGE_FULL', 'storageFull');
        else res.destroy();
        return;
      }
      console.error('chatshare: unhandled error', err);
      if (!res.headersSent) sendError(req, res, rawPath, 500, 'INTERNAL_ERROR', 'internal');
      else res.destroy();
    }
  });
  server.on('clientError', onClientError);
  const guard = guardConnections(server);

  // SIGTERM: answer what is already queued, stop accepting, let in-flight requests finish (10 s at most), then close
  // the database (WAL checkpoint) and exit. Closing the listener at once would reset every connection still waiting in
  // the accept backlog (or, with WORKERS, in the primary's queue): it stays open until no connection has arrived for
  // DRAIN_QUIET_MS (3 s at most), and every answer meanwhile says Connection: close.
  let lastConnection = 0;
  server.on('connection', () => { lastConnection = Date.now(); });
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`chatshare: ${signal} received, finishing in-flight requests`);
    const started = Date.now();
    const quiet = () => Date.now() - lastConnection >= DRAIN_QUIET_MS || Date.now() - started >= DRAIN_MAX_MS;
    const drained = setInterval(() => {
      if (!quiet()) return;
      // Timers run before the loop accepts: after a stall (a slow request) the backlog may hold connections not yet
      // seen. setImmediate runs after this turn's accepts, so the quiet is checked again once they have been counted.
      setImmediate(() => {
        if (!quiet() || !server.listening) return;
        clearInterval(drained);
        server.close(() => void runShutdownHooks().finally(() => process.exit(0)));
        stoppedListening(); // WORKERS: the primary closes the port once no worker listens
        setTimeout(() => server.closeAllConnections(), 10_000).unref();
      });
    }, 25);
    // Keep-alive sockets go as soon as they fall idle (an in-flight request's socket included, once it is answered).
    guard.closeIdle();
    setInterval(() => guard.closeIdle(), 50).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM')); // on, not once: systemd signals every process, the primary again
  process.on('SIGINT', () => shutdown('SIGINT'));
  return server;
}

// A warm-up that never finishes (a render thread that cannot start) must not keep the server from listening.
const WARMUP_WAIT_MS = Number(process.env.WARMUP_WAIT_MS) || 60_000;

async function waitForWarmUp(warm: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), WARMUP_WAIT_MS); });
  if ((await Promise.race([warm, late])) === 'late') console.warn(`chatshare: renderers not warm after ${WARMUP_WAIT_MS} ms; listening anyway`);
  clearTimeout(timer);
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const host = process.env.HOST || '127.0.0.1';
  const port = Number(process.env.PORT || 4321);
  const workers = workerCount(process.env.WORKERS);
  if (workers > 1 && isClusterPrimary()) {
    // Migrations run once, here, before any worker opens the database.
    await runPrimary(workers, { host, port }, async () => { checkInstanceSecret(); await sweepOrphanArtifacts(); closeDatabase(db()); });
    console.log(`chatshare: ${workers} workers listening on http://${host}:${port}`);
  } else {
    checkInstanceSecret(); // an empty or short secret stops the start here, with a message, never signs anything
    ensureReserve(); // room kept for sign-ins when the disk fills (storage-full.ts)
    db(); // migrated and open before the first request
    if (!process.env.CHATSHARE_WORKER) await sweepOrphanArtifacts(); // a restarted worker leaves it to the primary, which swept
    // The render pool's threads start now and compile grammars, load fonts and render a sample share while Astro's
    // handler loads; the server listens once they are done, so the first publish after a start pays for none of it.
    const warm = warmUp();
    const server = await createChatshareServer();
    // A worker the primary starts in place of one that died serves at once; its renderers warm up meanwhile.
    if (!process.env.CHATSHARE_REPLACEMENT) await waitForWarmUp(warm);
    if (process.env.CHATSHARE_WORKER) listenOnSharedSocket(server, port, host);
    else server.listen(port, host, () => console.log(`chatshare: listening on http://${host}:${port}`));
  }
}
