// One HTTP request exactly as written (raw path, any method, any bytes), for fuzzing: fetch would normalise `..` and %2e.
import http from 'node:http';

/** A body too big to build: `size` bytes of `prefix` then filler, sent with Content-Length or chunked. */
export interface StreamedBody { size: number; prefix: string; chunked: boolean }

export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | StreamedBody;
  timeoutMs?: number;
}

export interface RawResponse {
  /** 0 when no response arrived (see `error`). */
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  error?: string;
  /** Bytes of the request body written to the socket. */
  sent: number;
}

const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 8 });
const FILL = Buffer.alloc(256 * 1024, 'x');
const KEEP_BODY = 1024 * 1024; // enough to judge an answer; the rest is read and dropped

export function rawRequest(base: string, r: RawRequest): Promise<RawResponse> {
  const { hostname, port } = new URL(base);
  const streamed = r.body && !Buffer.isBuffer(r.body) ? r.body : null;
  const headers: Record<string, string> = { ...r.headers };
  if (Buffer.isBuffer(r.body)) headers['content-length'] = String(r.body.length);
  if (streamed) {
    if (streamed.chunked) headers['transfer-encoding'] = 'chunked';
    else headers['content-length'] = String(streamed.size);
  }
  return new Promise((resolve) => {
    let sent = 0;
    let settled = false;
    let responded = false;
    const finish = (res: RawResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // A streamed upload the server answered early leaves a half-sent body: that connection cannot be reused.
      if (streamed) req.destroy();
      resolve(res);
    };
    const req = http.request({
      host: hostname, port, method: r.method, path: r.path, headers,
      agent: streamed ? false : keepAlive, setHost: true,
    });
    const timer = setTimeout(() => {
      finish({ status: 0, headers: {}, body: Buffer.alloc(0), error: `no answer in ${r.timeoutMs ?? 15_000} ms`, sent });
      req.destroy();
    }, r.timeoutMs ?? 15_000);
    req.on('response', (res) => {
      responded = true;
      const chunks: Buffer[] = [];
      let kept = 0;
      res.on('data', (c: Buffer) => { if (kept < KEEP_BODY) { chunks.push(c); kept += c.length; } });
      const done = (error?: string) => finish({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), error, sent });
      res.on('end', () => done());
      res.on('aborted', () => done('response cut short'));
      res.on('error', (e) => done(`response cut short: ${(e as NodeJS.ErrnoException).code ?? e.message}`));
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (!responded) finish({ status: 0, headers: {}, body: Buffer.alloc(0), error: `${e.code ?? e.message} before any answer`, sent });
    });
    if (!streamed) {
      if (Buffer.isBuffer(r.body)) { req.end(r.body); sent = r.body.length; } else req.end();
      return;
    }
    void (async () => {
      const prefix = Buffer.from(streamed.prefix);
      req.write(prefix);
      sent = prefix.length;
      // A server that refuses by Content-Length answers before reading: give it a moment before sending the rest.
      await new Promise((ok) => setTimeout(ok, 30));
      while (sent < streamed.size && !responded && !settled) {
        const n = Math.min(FILL.length, streamed.size - sent);
        const flushed = req.write(FILL.subarray(0, n));
        sent += n;
        if (!flushed) {
          // Wait for the socket to take more, or for the server to answer / hang up (it stops reading past its limit).
          await new Promise<void>((ok) => {
            const go = () => { req.off('drain', go); req.off('response', go); req.off('close', go); ok(); };
            req.on('drain', go); req.on('response', go); req.on('close', go);
          });
        }
      }
      if (!responded && !settled) req.end();
    })();
  });
}
