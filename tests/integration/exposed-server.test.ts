// Exposed to the internet as it is: slow bodies and headers are cut off with 408, a made-up session cookie is a
// signed-out viewer on the fast path, and invented Host headers neither change a page nor use up its compressed copies.
import http from 'node:http';
import net from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, Client, type TestServer } from '../helpers/server';

let srv: TestServer;
let owner: Client;
let shareId = '';

const chat = {
  title: 'Exposed',
  history: {
    currentId: 'a',
    messages: {
      q: { id: 'q', parentId: null, childrenIds: ['a'], role: 'user', content: 'How big is this page?', timestamp: 1_779_000_000 },
      a: { id: 'a', parentId: 'q', childrenIds: [], role: 'assistant', content: 'Big enough to compress. '.repeat(2000), timestamp: 1_779_000_100 },
    },
  },
};

interface Seen { status: number; headers: http.IncomingHttpHeaders; body: Buffer }
function ask(path: string, headers: Record<string, string> = {}): Promise<Seen> {
  return new Promise((resolve, reject) => {
    const req = http.request(srv.url + path, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Writes `head` at once, then `trickle` one byte a second; resolves with what came back and when the socket closed. */
function trickle(head: string, trickleBytes: string): Promise<{ text: string; closedAfterMs: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(Number(new URL(srv.url).port), '127.0.0.1');
    let text = '';
    let i = 0;
    const timer = setInterval(() => { if (i < trickleBytes.length && socket.writable) socket.write(trickleBytes[i++]!); }, 1000);
    socket.write(head);
    socket.on('data', (d: Buffer) => { text += d.toString('latin1'); });
    socket.on('error', () => {});
    socket.on('close', () => { clearInterval(timer); resolve({ text, closedAfterMs: Date.now() - started }); });
    setTimeout(() => socket.destroy(), 30_000); // the test's own bound: a server that never closes fails below
  });
}

/** A request written by hand, so it may carry two Host headers. */
function raw(lines: string[]): Promise<number> {
  return new Promise((resolve) => {
    const socket = net.connect(Number(new URL(srv.url).port), '127.0.0.1');
    let text = '';
    socket.on('data', (d: Buffer) => { text += d.toString('latin1'); });
    socket.on('error', () => {});
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)));
    socket.write(`${lines.join('\r\n')}\r\nConnection: close\r\n\r\n`);
  });
}

beforeAll(async () => {
  srv = await startServer({ CHATSHARE_NO_WARMUP: '1', CHATSHARE_FAST_PATH_TRACE: '1', REQUEST_TIMEOUT_MS: '3000', HEADERS_TIMEOUT_MS: '2000' });
  owner = new Client(srv.url);
  await owner.signup('exposed@example.com');
  const chatId = (await owner.req('POST', '/api/v1/chats/new', { chat })).json.id;
  shareId = (await owner.req('POST', `/api/v1/chats/${chatId}/share`, {})).json.share_id;
});
afterAll(async () => srv?.stop());

describe('slow clients', () => {
  it('a body sent one byte a second is answered 408 and closed within REQUEST_TIMEOUT_MS', async () => {
    const head = `POST /api/v1/auths/signin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n`;
    const r = await trickle(head, '{"email":"a@b.c","password":"x"}'.padEnd(200, ' '));
    expect(r.text).toMatch(/^HTTP\/1\.1 408/);
    expect(r.closedAfterMs).toBeLessThan(15_000); // 3 s configured; 30 s is the test's own cut
  });

  it('headers sent one byte a second are answered 408 and closed within HEADERS_TIMEOUT_MS', async () => {
    const r = await trickle('GET /healthz HTTP/1.1\r\n', 'Host: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n');
    expect(r.text).toMatch(/^HTTP\/1\.1 408/);
    expect(r.closedAfterMs).toBeLessThan(15_000);
  });

  it('a slow body on a reused keep-alive connection is cut off too', async () => {
    const socket = net.connect(Number(new URL(srv.url).port), '127.0.0.1');
    let text = '';
    socket.on('data', (d: Buffer) => { text += d.toString('latin1'); });
    socket.on('error', () => {});
    const closed = new Promise<number>((ok) => { const t0 = Date.now(); socket.on('close', () => ok(Date.now() - t0)); });
    socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await new Promise((r) => setTimeout(r, 300));
    expect(text).toMatch(/^HTTP\/1\.1 200/);
    socket.write('POST /api/v1/auths/signin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{');
    const timer = setInterval(() => socket.writable && socket.write(' '), 1000);
    const kill = setTimeout(() => socket.destroy(), 30_000);
    const after = await closed;
    clearInterval(timer);
    clearTimeout(kill);
    expect(after).toBeLessThan(15_000);
    expect(text.split('HTTP/1.1 ').length - 1).toBe(2); // the 200, then an answer to the slow request
    expect(text).toContain('HTTP/1.1 408');
  });
});

describe('session cookies on share pages', () => {
  // The trace line is written as the page is sent: give the log a moment to arrive before counting.
  const fastViews = async () => { await new Promise((r) => setTimeout(r, 150)); return srv.logs().split(`chatshare: fast path GET /s/${shareId}`).length - 1; };

  it('a made-up auth_session cookie gets exactly the signed-out page, from the fast path', async () => {
    const signedOut = await ask(`/s/${shareId}`, { 'accept-encoding': 'br' });
    for (const cookie of ['auth_session=not-a-real-session', `auth_session=${'a'.repeat(40)}`, `theme=dark; auth_session=${'z2'.repeat(20)}`, 'auth_session=']) {
      const before = await fastViews();
      const r = await ask(`/s/${shareId}`, { 'accept-encoding': 'br', cookie });
      expect(r.status, cookie).toBe(200);
      expect(r.headers['set-cookie'], cookie).toBeUndefined();
      expect(r.body.equals(signedOut.body), `${cookie}: not the signed-out bytes`).toBe(true);
      expect(await fastViews(), `${cookie}: answered by Astro`).toBe(before + 1);
    }
  });

  it('a real session still goes to Astro and sees the owner page', async () => {
    const before = await fastViews();
    const r = await ask(`/s/${shareId}`, { cookie: `auth_session=${owner.token}` });
    expect(r.status).toBe(200);
    expect(r.body.toString()).toContain('class="recipe"'); // signed-in viewers see the Chat Recipe
    expect(await fastViews()).toBe(before);
  });
});

describe('Host headers', () => {
  it('invented Hosts do not change the page nor use up its compressed copies', async () => {
    const first = await ask(`/s/${shareId}`, { 'accept-encoding': 'br' });
    expect(first.headers['content-encoding']).toBe('br');
    for (let i = 0; i < 40; i++) {
      const r = await ask(`/s/${shareId}`, { 'accept-encoding': i % 2 ? 'br' : 'gzip', host: `invented${i}.example` });
      expect(r.status).toBe(200);
      const page = (r.headers['content-encoding'] === 'br' ? zlib.brotliDecompressSync(r.body) : zlib.gunzipSync(r.body)).toString();
      expect(page).not.toContain('invented');
    }
    const real = await ask(`/s/${shareId}`, { 'accept-encoding': 'br' });
    expect(real.headers['content-encoding']).toBe('br');
    expect(real.body.length).toBeLessThan(20_000);
    expect(real.body.equals(first.body)).toBe(true);
  });

  it('a request with two Host headers is refused with 400', async () => {
    expect(await raw([`GET /s/${shareId} HTTP/1.1`, 'Host: 127.0.0.1', 'Host: evil.example'])).toBe(400);
    expect(await raw(['GET /healthz HTTP/1.1', 'Host: 127.0.0.1', 'host: 127.0.0.1'])).toBe(400);
    expect(await raw(['GET /healthz HTTP/1.1', 'Host: 127.0.0.1'])).toBe(200);
  });
});
