// The server entry under hostile input: bodies bounded while they stream, broken URLs, odd share ids, headers on every
// page, API reads that always count, and process safety (SIGTERM drains, kill -9 mid-publish leaves a whole snapshot).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startServer, Client, type TestServer } from '../helpers/server';

let srv: TestServer;
let owner: Client;
let chatId: string;

const chatBody = (n: number, text = 'hello') => ({
  chat: {
    title: 'Hardening', history: {
      currentId: `m${n - 1}`,
      messages: Object.fromEntries(Array.from({ length: n }, (_, i) => [`m${i}`, {
        id: `m${i}`, parentId: i ? `m${i - 1}` : null, childrenIds: i < n - 1 ? [`m${i + 1}`] : [], role: i % 2 ? 'assistant' : 'user', content: text, timestamp: 1_700_000_000 + i,
      }])),
    },
  },
});

const rssKiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

/** Sends a chunked body over a raw socket until the server answers; returns the status line and how much was sent. */
function sendChunkedUntilAnswer(url: string, p: string, totalBytes: number): Promise<{ head: string; sent: number }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), '127.0.0.1');
    let sent = 0;
    let answer = '';
    const chunk = Buffer.alloc(256 * 1024, 0x61);
    const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    const pump = () => {
      while (!answer && sent < totalBytes) {
        sent += chunk.length;
        if (!sock.write(frame)) return void sock.once('drain', pump);
      }
      if (!answer) sock.write('0\r\n\r\n');
    };
    sock.on('connect', () => {
      sock.write(`POST ${p} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
      pump();
    });
    sock.on('data', (d) => {
      answer += d.toString('latin1');
      if (answer.includes('\r\n\r\n')) { sock.destroy(); resolve({ head: answer, sent }); }
    });
    sock.on('error', (err) => (answer ? resolve({ head: answer, sent }) : reject(err)));
    sock.on('close', () => resolve({ head: answer, sent }));
  });
}

beforeAll(async () => {
  srv = await startServer({ CHATSHARE_NO_WARMUP: '1' });
  owner = new Client(srv.url);
  await owner.signup('owner@example.com');
  chatId = (await owner.req('POST', '/api/v1/chats/new', chatBody(4))).json.id;
});
afterAll(async () => srv?.stop());

describe('request bodies are bounded while they stream', () => {
  it('a declared Content-Length over the limit is refused before any body is read', async () => {
    const { port } = new URL(srv.url);
    const head = await new Promise<string>((resolve, reject) => {
      const sock = net.connect(Number(port), '127.0.0.1', () => sock.write('POST /api/v1/auths/signin HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 629145600\r\n\r\n'));
      let got = '';
      sock.on('data', (d) => { got += d; if (got.includes('}')) { sock.destroy(); resolve(got); } });
      sock.on('error', reject);
    });
    expect(head).toMatch(/^HTTP\/1\.1 413/);
    expect(head).toContain('"code":"PAYLOAD_TOO_LARGE"');
  });

  it('a 600 MB chunked body to sign-in is cut off near the 1 MiB limit and memory stays near the baseline', async () => {
    const before = rssKiB(srv.pid);
    const { head, sent } = await sendChunkedUntilAnswer(srv.url, '/api/v1/auths/signin', 600 * 1024 * 1024);
    expect(head).toMatch(/^HTTP\/1\.1 413/);
    expect(head.toLowerCase()).toContain('connection: close');
    expect(sent).toBeLessThan(64 * 1024 * 1024); // answered long before the whole body arrived
    expect(rssKiB(srv.pid) - before).toBeLessThan(100 * 1024);
    expect((await fetch(`${srv.url}/healthz`)).status).toBe(200);
  });

  it('chat create takes 9 MiB but not 11 MiB; other routes stop at 1 MiB', async () => {
    const nine = await owner.req('POST', '/api/v1/chats/new', chatBody(9, 'x'.repeat(1024 * 1024)));
    expect(nine.status).toBe(200);
    const eleven = await owner.req('POST', '/api/v1/chats/new', chatBody(11, 'x'.repeat(1024 * 1024)));
    expect(eleven.status).toBe(413);
    expect(eleven.json.code).toBe('PAYLOAD_TOO_LARGE');
    const share = await owner.req('POST', `/api/v1/chats/${chatId}/share`, { share_id: 'x'.repeat(2 * 1024 * 1024) });
    expect(share.status).toBe(413);
  });

  it('JSON nested 10,000 deep is a 422 on chat create, update and import', async () => {
    const arrays = `{"chat":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const objects = `{"chat":{"history":{"currentId":null,"messages":{}},"params":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}}`;
    for (const deep of [arrays, objects]) for (const p of ['/api/v1/chats/new', `/api/v1/chats/${chatId}`, '/api/v1/chats/import']) {
      const res = await fetch(srv.url + p, { method: 'POST', headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' }, body: deep });
      expect(res.status, p).toBe(422);
      expect((await res.json()).code).toBe('VALIDATION_ERROR');
    }
  });
});

describe('hostile URLs', () => {
  it('malformed percent-encoding: JSON for the API, a friendly page for pages', async () => {
    for (const bad of ['%ff', '%', '%C0%AE']) {
      const api = await fetch(`${srv.url}/api/v1/chats/${bad}`);
      expect(api.status).toBe(400);
      expect(await api.json()).toMatchObject({ code: 'BAD_REQUEST', detail: expect.any(String) });
      const page = await fetch(`${srv.url}/s/${bad}`);
      expect(page.status).toBe(400);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).toContain('Bad address');
    }
  });

  it('odd ids on /s/ are not-found pages, never 500s', async () => {
    const ids = ['%5c', '%09', '%0a', '%0d%0a', '%252e%252e', '..%5c..%5csecret', '%00'];
    for (const id of ids) {
      for (const sub of ['', '/og.png', '/live']) {
        for (const method of ['GET', 'HEAD', 'POST']) {
          const res = await fetch(`${srv.url}/s/${id}${sub}`, { method, redirect: 'manual' });
          expect(res.status, `${method} /s/${id}${sub}`).toBeLessThan(500);
          expect(res.status, `${method} /s/${id}${sub}`).toBeGreaterThanOrEqual(400);
        }
      }
    }
  });
});

describe('unknown addresses', () => {
  it('pages get a product 404 page, the API gets JSON: 404 for no endpoint, 405 for a method it does not take', async () => {
    const page = await fetch(`${srv.url}/no/such/page`);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('Page not found');
    const api = await fetch(`${srv.url}/api/v1/no/such/endpoint`, { method: 'POST' });
    expect([api.status, (await api.json()).code]).toEqual([404, 'NOT_FOUND']);
    const method = await fetch(`${srv.url}/api/v1/chats/import`, { method: 'PUT', headers: { authorization: `Bearer ${owner.token}` } });
    expect([method.status, (await method.json()).code]).toEqual([405, 'METHOD_NOT_ALLOWED']);
  });

  it('the Inter font the styles name is served', async () => {
    const css = await (await fetch(`${srv.url}/styles/base.css`)).text();
    const url = /url\((\/fonts\/inter-latin-400-normal\.woff2)\)/.exec(css)?.[1];
    expect(url).toBeTruthy();
    const font = await fetch(srv.url + url);
    expect(font.status).toBe(200);
    expect(font.headers.get('content-type')).toBe('font/woff2');
  });
});

describe('headers on every page', () => {
  it('app pages cannot be framed and carry a CSP without inline script', async () => {
    const cookie = `auth_session=${owner.token}`;
    for (const p of ['/', `/c/${chatId}`, '/settings', '/auth/signin', '/auth/signup', '/styles/app.css']) {
      const res = await fetch(srv.url + p, { headers: { cookie }, redirect: 'manual' });
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, p).toContain("frame-ancestors 'none'");
      expect(csp, p).toMatch(/script-src 'self'(;|$)/);
      expect(res.headers.get('x-content-type-options'), p).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), p).toBe('DENY');
      expect(res.headers.get('referrer-policy'), p).toBeTruthy();
    }
  });
});

describe('an API read of a share always counts a view', () => {
  it('crawler user agents and prefetch headers cannot read a max_views link for free', async () => {
    const share = await owner.req('POST', `/api/v1/chats/${chatId}/share`, { max_views: 3 });
    expect(share.status).toBe(200);
    const heads: Array<Record<string, string>> = [{ 'user-agent': 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)' }, { 'sec-purpose': 'prefetch' }, { purpose: 'prefetch' }];
    for (const h of heads) expect((await fetch(`${srv.url}/api/v1/chats/share/${share.json.share_id}`, { headers: h })).status).toBe(200);
    const fourth = await fetch(`${srv.url}/api/v1/chats/share/${share.json.share_id}`, { headers: heads[0] });
    expect(fourth.status).toBe(410);
    expect((await owner.req('GET', `/api/v1/chats/${chatId}/share`)).json.views).toBe(3);
    // The HTML preview card stays free for crawlers: it reveals title and summary only.
    await owner.req('POST', `/api/v1/chats/${chatId}/share/restore`);
  });
});

describe('process safety', () => {
  it('SIGTERM lets an in-flight request finish, checkpoints the WAL and exits 0', async () => {
    const s = await startServer({ CHATSHARE_NO_WARMUP: '1' }, { dataDir: fs.mkdtempSync(path.join(srv.dataDir, 'term-')) });
    const c = new Client(s.url);
    await c.signup('term@example.com');
    const body = Buffer.from(JSON.stringify(chatBody(3, 'finished after SIGTERM')));
    const { port } = new URL(s.url);
    const sock = net.connect(Number(port), '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
    sock.write(`POST /api/v1/chats/new HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${c.token}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    sock.write(body.subarray(0, 20));
    let answer = '';
    sock.on('data', (d) => (answer += d));
    await new Promise((r) => setTimeout(r, 200));
    const exit = s.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    await expect(fetch(`${s.url}/healthz`)).rejects.toThrow(); // no longer accepting
    sock.write(body.subarray(20));
    expect(await exit).toBe(0);
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    const wal = path.join(s.dataDir, 'chatshare.sqlite-wal');
    expect(fs.existsSync(wal) ? fs.statSync(wal).size : 0).toBe(0);
    const conn = new Database(path.join(s.dataDir, 'chatshare.sqlite'), { readonly: true });
    expect(conn.prepare('SELECT COUNT(*) FROM chat').pluck().get()).toBe(1);
    conn.close();
  });

  it('kill -9 in the middle of a publish leaves the previous snapshot served whole and the database consistent', async () => {
    const dataDir = fs.mkdtempSync(path.join(srv.dataDir, 'kill-'));
    let s = await startServer({ CHATSHARE_NO_WARMUP: '1' }, { dataDir });
    const c = new Client(s.url);
    await c.signup('kill@example.com');
    const code = '```python\n' + Array.from({ length: 400 }, (_, i) => `def f${i}(x):\n    return [x * ${i} for _ in range(10)]`).join('\n') + '\n```';
    const id = (await c.req('POST', '/api/v1/chats/new', chatBody(40, `first version\n\n${code}`))).json.id;
    const shared = await c.req('POST', `/api/v1/chats/${id}/share`, {});
    const first = await (await fetch(`${s.url}/s/${shared.json.share_id}`)).text();
    expect(first).toContain('first version');
    await c.req('POST', `/api/v1/chats/${id}`, chatBody(40, `second version\n\n${code}`));
    void c.req('POST', `/api/v1/chats/${id}/share`, { refresh_snapshot: true }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 150));
    expect(await s.kill('SIGKILL')).toBe('SIGKILL');

    const conn = new Database(path.join(dataDir, 'chatshare.sqlite'));
    expect(conn.pragma('integrity_check', { simple: true })).toBe('ok');
    conn.close();
    s = await startServer({ CHATSHARE_NO_WARMUP: '1' }, { dataDir });
    try {
      const res = await fetch(`${s.url}/s/${shared.json.share_id}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html.trimEnd()).toMatch(/<\/html>$/);
      expect(/first version|second version/.test(html)).toBe(true);
    } finally {
      await s.kill('SIGTERM');
    }
  });
});

describe('configuration', () => {
  it("Astro's file-backed sessions are off (session: false, not undefined)", async () => {
    const config = (await import('../../astro.config.mjs')).default as { session?: unknown };
    expect(config.session).toBe(false);
  });
});
