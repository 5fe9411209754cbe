// The fast path for GET/HEAD /s/{id} answers exactly as the Astro route does: two servers on one database, one with
// the fast path and one without, get the same requests; statuses, headers, bodies and view counts must match.
import http from 'node:http';
import net from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, Client, NAVIGATE, type TestServer } from '../helpers/server';

let fast: TestServer;
let astro: TestServer;
let owner: Client;
const ids: Record<string, string> = {};
const chats: Record<string, string> = {};

const chat = (title: string) => ({
  title,
  history: {
    currentId: 'a',
    messages: {
      q: { id: 'q', parentId: null, childrenIds: ['a'], role: 'user', content: `Tell me about ${title}`, timestamp: 1_779_000_000 },
      a: { id: 'a', parentId: 'q', childrenIds: [], role: 'assistant', model: 'llama3', content: `**${title}**\n\n\`\`\`py\nprint("${title}")\n\`\`\`\n`.repeat(20), timestamp: 1_779_000_100 },
    },
  },
});

// Framing and time differ per connection, not per path.
const IGNORED = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);
interface Seen { status: number; headers: Record<string, string>; body: Buffer }

/** node:http, not fetch: both servers must see the same Host (it makes og:url), and bodies must stay compressed. */
function ask(srv: TestServer, path: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<Seen> {
  return new Promise((resolve, reject) => {
    const req = http.request(srv.url + path, { method: init.method ?? 'GET', headers: { host: 'chat.example', ...init.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (!IGNORED.has(k) && v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode!, headers, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    req.end();
  });
}
/** One request written by hand: the Host header exactly as given (node:http and fetch refuse or rewrite odd ones). */
function rawAsk(srv: TestServer, path: string, host: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(new URL(srv.url).port), '127.0.0.1');
    let text = '';
    socket.on('data', (d: Buffer) => { text += d.toString('latin1'); });
    socket.on('close', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text }));
    socket.on('error', reject);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
  });
}
const views = async (key: string) => (await owner.req('GET', `/api/v1/chats/${chats[key]}/share`)).json.views as number;

beforeAll(async () => {
  // chat.example is a Host the site answers to (ALLOWED_DOMAINS): pages name it in og:url on both servers.
  fast = await startServer({ CHATSHARE_NO_WARMUP: '1', CHATSHARE_FAST_PATH_TRACE: '1', ALLOWED_DOMAINS: 'chat.example' });
  astro = await startServer({ CHATSHARE_NO_WARMUP: '1', CHATSHARE_FAST_PATH: '0', CHATSHARE_FAST_PATH_TRACE: '1', ALLOWED_DOMAINS: 'chat.example' }, { dataDir: fast.dataDir });
  owner = new Client(fast.url);
  await owner.signup('fast-owner@example.com');
  const make = async (key: string, options: Record<string, unknown>) => {
    chats[key] = (await owner.req('POST', '/api/v1/chats/new', { chat: chat(key) })).json.id;
    const r = await owner.req('POST', `/api/v1/chats/${chats[key]}/share`, options);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    ids[key] = r.json.share_id;
  };
  await make('open', {});
  await make('live', { kind: 'live' });
  await make('liveReal', { is_live: true });
  await make('login', { is_public: false });
  await make('locked', { password: 'opensesame' });
  await make('custom', { share_id: 'My.custom_id~1' });
  await make('limited', { max_views: 40 });
  await make('revoked', {});
  await owner.req('DELETE', `/api/v1/chats/${chats.revoked}/share`);
});
afterAll(async () => { await fast?.stop(); await astro?.stop(); });

describe('fast path and Astro path', () => {
  const cases: Array<[string, () => string, { method?: string; headers?: Record<string, string> }]> = [
    ['open snapshot', () => `/s/${ids.open}`, {}],
    ['with a query string', () => `/s/${ids.open}?utm_source=x`, {}],
    ['brotli', () => `/s/${ids.open}`, { headers: { 'accept-encoding': 'gzip, deflate, br' } }],
    ['gzip only', () => `/s/${ids.open}`, { headers: { 'accept-encoding': 'gzip' } }],
    ['br refused by q=0', () => `/s/${ids.open}`, { headers: { 'accept-encoding': 'br;q=0, gzip' } }],
    ['French by Accept-Language', () => `/s/${ids.open}`, { headers: { 'accept-language': 'fr-CA,fr;q=0.9' } }],
    ['Spanish by cookie', () => `/s/${ids.open}`, { headers: { cookie: 'cs_lang=es; other=1', 'accept-encoding': 'br' } }],
    ['live share', () => `/s/${ids.live}`, {}],
    ['live share (is_live)', () => `/s/${ids.liveReal}`, {}],
    ['custom id with dots and tildes', () => `/s/${ids.custom}`, {}],
    ['view-limited share', () => `/s/${ids.limited}`, { headers: NAVIGATE }],
    ['view-limited share, not a navigation', () => `/s/${ids.limited}`, {}],
    ['login-only share, signed out', () => `/s/${ids.login}`, {}],
    ['password share without proof', () => `/s/${ids.locked}`, { headers: { 'accept-language': 'es' } }],
    ['revoked share', () => `/s/${ids.revoked}`, {}],
    ['no such share', () => '/s/no-such-share-here', { headers: { 'accept-language': 'fr' } }],
    ['HEAD', () => `/s/${ids.open}`, { method: 'HEAD' }],
    ['link-preview crawler', () => `/s/${ids.open}`, { headers: { 'user-agent': 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)' } }],
    ['prefetch', () => `/s/${ids.locked}`, { headers: { 'sec-purpose': 'prefetch' } }],
  ];

  for (const [name, path, init] of cases) {
    it(`answers alike: ${name}`, async () => {
      const key = Object.keys(ids).find((k) => path().startsWith(`/s/${ids[k]}`));
      const before = key ? await views(key) : 0;
      const a = await ask(fast, path(), init);
      const mid = key ? await views(key) : 0;
      const b = await ask(astro, path(), init);
      const after = key ? await views(key) : 0;
      expect(a.status).toBe(b.status);
      // A counted view of a view-limited or live share sets its proof cookie: the same name and attributes on both
      // paths, a value of its own per view (a random nonce).
      const proof = (h: Record<string, string>) => ({ ...h, ...(h['set-cookie'] ? { 'set-cookie': h['set-cookie'].replace(/^(cs_view_[0-9a-f]+)=[^;]+/, '$1=…') } : {}) });
      expect(proof(a.headers)).toEqual(proof(b.headers));
      if (name === 'view-limited share' || name === 'live share (is_live)') expect(a.headers['set-cookie']).toMatch(/^cs_view_[0-9a-f]+=[^;]+; Path=\/s\/[^;]+; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
      // A live page carries no token in its body (the viewer's token is the cookie), so bodies match byte for byte.
      expect(a.body.equals(b.body), `${name}: bodies differ`).toBe(true);
      expect(mid - before, `${name}: views counted by the fast path`).toBe(after - mid);
    });
  }

  it('took the fast path on one server only, and compressed bytes decode to the page', async () => {
    expect(fast.logs()).toContain(`chatshare: fast path GET /s/${ids.open} 200`);
    expect(astro.logs()).not.toContain('chatshare: fast path');
    const plain = await ask(fast, `/s/${ids.open}`);
    const br = await ask(fast, `/s/${ids.open}`, { headers: { 'accept-encoding': 'br' } });
    const gz = await ask(fast, `/s/${ids.open}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(zlib.brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(zlib.gunzipSync(gz.body).equals(plain.body)).toBe(true);
    expect(br.body.length).toBeLessThan(plain.body.length / 4);
    expect(Number(plain.headers['content-length'])).toBe(plain.body.length);
  });

  it('compresses a new snapshot\'s page at publish time, in every language, before anyone views it', async () => {
    const chatId = (await owner.req('POST', '/api/v1/chats/new', { chat: chat('warm') })).json.id;
    const before = fast.logs().split('chatshare: compressed').length;
    const shareId = (await owner.req('POST', `/api/v1/chats/${chatId}/share`, {})).json.share_id;
    const compressed = () => fast.logs().split('chatshare: compressed').length - before;
    for (let i = 0; i < 100 && compressed() < 6; i++) await new Promise((r) => setTimeout(r, 50));
    expect(compressed()).toBe(6); // br and gzip, en fr es
    for (const [lang, enc] of [['fr', 'br'], ['es', 'gzip'], ['en', 'br']]) {
      const res = await fetch(`${fast.url}/s/${shareId}`, { headers: { 'accept-language': lang!, 'accept-encoding': enc! } });
      expect(res.headers.get('content-encoding')).toBe(enc);
      expect(await res.text()).toContain(`<html lang="${lang}">`);
    }
    expect(compressed()).toBe(6); // served from what publishing made
  });

  it('hands signed-in viewers, password proofs and odd paths through the same code', async () => {
    // A password proven by cookie: the unlock cookie from one server is valid on the other (one instance secret).
    const unlock = await fetch(`${fast.url}/s/${ids.locked}`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ password: 'opensesame' }), headers: { origin: fast.url, 'content-type': 'application/x-www-form-urlencoded' } });
    expect(unlock.status).toBe(303);
    const cookie = unlock.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const a = await ask(fast, `/s/${ids.locked}`, { headers: { cookie } });
    const b = await ask(astro, `/s/${ids.locked}`, { headers: { cookie } });
    expect(a.status).toBe(200);
    expect(a.headers).toEqual(b.headers);
    expect(a.body.equals(b.body)).toBe(true);
    expect(fast.logs()).toContain(`chatshare: fast path GET /s/${ids.locked} 200`);
    // Signed in: Astro answers (owner and recipe), on both servers.
    const fastViews = () => fast.logs().split('chatshare: fast path GET').length;
    const seen = fastViews();
    const signedIn = await ask(fast, `/s/${ids.open}`, { headers: { authorization: `Bearer ${owner.token}` } });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.toString()).toContain('class="recipe"'); // signed-in viewers see the Chat Recipe
    expect(fastViews()).toBe(seen);
    // A cookie that names no session is a signed-out viewer (tests/integration/exposed-server.test.ts): the fast path.
    const withSession = await ask(fast, `/s/${ids.open}`, { headers: { cookie: 'auth_session=not-a-real-session' } });
    expect(withSession.status).toBe(200);
    for (const odd of [`/s/${ids.open}/`, '/s/a%20b', '/s/%2e%2e', `/s/${ids.open}/og.png`]) {
      const x = await ask(fast, odd);
      const y = await ask(astro, odd);
      expect(x.status, odd).toBe(y.status);
      expect(fast.logs(), odd).not.toContain(`fast path GET ${odd} `);
    }
  });

  it('reads the session and unlock cookies however the Cookie header separates them, as Astro does', async () => {
    // Browsers write `a=1; b=2`; other clients may write `a=1;b=2` or pad with tabs. Astro's parser (the cookie
    // package) reads all of them: the fast path must not take a signed-in owner for a signed-out viewer (who would
    // count a view and miss the recipe) nor a proven password for a missing one.
    const unlock = await fetch(`${fast.url}/s/${ids.locked}`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ password: 'opensesame' }), headers: { origin: fast.url, 'content-type': 'application/x-www-form-urlencoded' } });
    const proof = unlock.headers.getSetCookie()[0]!.split(';')[0]!;
    const cases: Array<[string, string]> = [
      ['limited', `theme=dark;auth_session=${owner.token}`],
      ['limited', `theme=dark;\tauth_session=${owner.token}`],
      ['login', `theme=dark; auth_session = ${owner.token}`],
      ['locked', `theme=dark;${proof}`],
    ];
    for (const [key, cookie] of cases) {
      const before = await views(key);
      const a = await ask(fast, `/s/${ids[key]}`, { headers: { cookie } });
      const mid = await views(key);
      const b = await ask(astro, `/s/${ids[key]}`, { headers: { cookie } });
      const after = await views(key);
      expect(a.status, cookie).toBe(200);
      expect(b.status, cookie).toBe(200);
      expect(a.headers, cookie).toEqual(b.headers);
      expect(a.body.equals(b.body), `${cookie}: bodies differ`).toBe(true);
      expect(mid - before, `${cookie}: views counted by the fast path`).toBe(after - mid);
    }
  });

  it('refuses a Host header that names no site (400 on both paths, never a 500 nor another page)', async () => {
    // Astro builds the request URL from Host: `a@b` made it throw (500), `h:99999` or `a b` lost the path (the
    // share's address answered as the home page), an empty Host shifted it (`http:///s/x` is host `s`, path `/x`).
    for (const host of ['a@b', 'user:pw@chat.example', 'h:99999', 'a b', 'a/b', 'a?b', 'a#b', 'a\\b', '']) {
      for (const [name, srv] of [['fast', fast], ['astro', astro]] as const) {
        for (const path of [`/s/${ids.open}`, '/auth/signin', '/api/v1/auths/']) {
          const r = await rawAsk(srv, path, host);
          expect(r.status, `${name} ${path} Host: ${JSON.stringify(host)}`).toBe(400);
          if (path.startsWith('/api/')) expect(r.text).toContain('"code":"BAD_REQUEST"');
        }
      }
    }
    // Hosts a proxy or a browser may send still work.
    for (const host of ['chat.example', 'CHAT.example:8080', '[::1]:4321', '127.0.0.1', 'chat.example.', 'x_y.example']) {
      const r = await rawAsk(fast, `/s/${ids.open}`, host);
      expect(r.status, host).toBe(200);
    }
  });

  it('compresses a page once per variant however many Host headers a viewer invents', async () => {
    // The origin (from Host) is part of the page (og:url), so each new Host is a new page to compress: a 600 KB
    // brotli per request for the price of a header, and each one pushed out the copies real viewers use.
    const compressions = () => fast.logs().split('chatshare: compressed').length;
    const first = await ask(fast, `/s/${ids.open}`, { headers: { 'accept-encoding': 'br' } });
    expect(first.headers['content-encoding']).toBe('br');
    const before = compressions();
    for (let i = 0; i < 40; i++) {
      const r = await ask(fast, `/s/${ids.open}`, { headers: { 'accept-encoding': 'br', host: `h${i}.example` } });
      expect(r.status).toBe(200);
      // Compressed or not, an invented Host is not written into the page: og:url names an allowed one.
      const page = r.headers['content-encoding'] === 'br' ? zlib.brotliDecompressSync(r.body) : r.body;
      expect(page.toString()).toContain(`content="http://chat.example/s/${ids.open}"`);
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(compressions() - before).toBeLessThanOrEqual(16);
    const again = compressions();
    const real = await ask(fast, `/s/${ids.open}`, { headers: { 'accept-encoding': 'br' } });
    expect(real.headers['content-encoding']).toBe('br');
    expect(real.body.equals(first.body)).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(compressions()).toBe(again); // the real viewers' copy was kept
  });
});
