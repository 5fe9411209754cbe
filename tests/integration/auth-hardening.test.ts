// Accounts and secrets against the built server: throttles that hold under concurrency, safe redirects after sign-in,
// one reading of the Authorization header, sessions stored hashed, validated API key and avatar input.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';

// `proxied` trusts one proxy hop, so each test speaks from its own address (X-Forwarded-For) and no throttle of one
// test reaches another. `direct` trusts no proxy and keeps the default sign-up limit.
let proxied: TestServer;
let direct: TestServer;
let owner: Client;
beforeAll(async () => {
  [proxied, direct] = await Promise.all([startServer({ TRUST_PROXY: '1' }), startServer({ SIGNUP_RATE_LIMIT: '' })]);
  owner = new Client(proxied.url);
  await owner.signup('owner@example.com', 'correct horse battery', 'Olivia Owner');
});
afterAll(async () => { await Promise.all([proxied?.stop(), direct?.stop()]); });

let addressCounter = 1;
const newAddress = () => { const n = addressCounter++; return `198.18.${Math.floor(n / 250)}.${(n % 250) + 1}`; };
const PASSWORD = 'correct horse battery';

function post(base: string, p: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(base + p, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), redirect: 'manual' });
}
function form(base: string, p: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(base + p, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString(), redirect: 'manual' });
}
async function signupAt(base: string, email: string, from: string): Promise<string> {
  const r = await post(base, '/api/v1/auths/signup', { email, password: PASSWORD }, { 'x-forwarded-for': from });
  expect(r.status, await r.clone().text()).toBe(200);
  return (await r.json()).token;
}
async function passwordShare(password: string): Promise<string> {
  const id = (await owner.req('POST', '/api/v1/chats/new', { chat: { title: 'Locked', history: { currentId: null, messages: {} } } })).json.id;
  return (await owner.req('POST', `/api/v1/chats/${id}/share`, { password })).json.share_id;
}

describe('share passwords: the limit holds under concurrency', () => {
  it('31 concurrent guesses, the right one last: at most 5 wrong ones are checked and the right one gets 429', async () => {
    const shareId = await passwordShare('open sesame');
    const from = newAddress();
    const guesses = [...Array.from({ length: 30 }, (_, i) => `wrong-${i}`), 'open sesame'];
    // Open 31 keep-alive connections first, so the 31 guesses leave at once rather than one connection at a time.
    await Promise.all(guesses.map(() => fetch(`${proxied.url}/healthz`).then((r) => r.text())));
    const results = await Promise.all(guesses.map((password) => post(proxied.url, `/api/v1/chats/share/${shareId}/verify`, { password }, { 'x-forwarded-for': from })));
    const statuses = results.map((r) => r.status);
    // A checked wrong guess answers 403; one refused before its check answers 429.
    expect(statuses.filter((s) => s === 403).length).toBe(5);
    expect(statuses.filter((s) => s === 429).length).toBe(26);
    const right = results[30]!;
    expect(right.status).toBe(429);
    expect(right.headers.get('set-cookie')).toBeNull();
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await right.json()).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('30 wrong guesses then the right one pipelined on one connection: the right one gets 429 and no cookie', async () => {
    const shareId = await passwordShare('open sesame');
    const { port } = new URL(proxied.url);
    const from = newAddress();
    const raw = [...Array.from({ length: 30 }, (_, i) => `wrong-${i}`), 'open sesame'].map((password, i) => {
      const body = JSON.stringify({ password });
      const close = i === 30 ? 'Connection: close\r\n' : ''; // the server closes after the last answer
      return `POST /api/v1/chats/share/${shareId}/verify HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nX-Forwarded-For: ${from}\r\n${close}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    }).join('');
    const text = await new Promise<string>((resolve, reject) => {
      let got = '';
      const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(raw));
      socket.setEncoding('utf8');
      socket.on('data', (d) => { got += d; });
      socket.on('error', reject);
      socket.on('close', () => resolve(got));
      setTimeout(() => { socket.destroy(); resolve(got); }, 20_000);
    });
    const responses = text.split(/(?=^HTTP\/1\.1 \d{3})/m);
    expect(responses).toHaveLength(31);
    const statuses = responses.map((r) => Number(r.slice(9, 12)));
    expect(statuses.filter((s) => s === 403).length).toBe(5);
    expect(statuses[30]).toBe(429);
    expect(responses[30]).not.toMatch(/^set-cookie:/im);
  });
});

describe('sign-in and sign-up throttles', () => {
  it('10 wrong passwords for one account from one client: that client is 429 with Retry-After, the owner elsewhere signs in', async () => {
    const email = 'target@example.com';
    await signupAt(proxied.url, email, newAddress());
    const attacker = newAddress();
    for (let i = 0; i < 10; i++) {
      const r = await post(proxied.url, '/api/v1/auths/signin', { email, password: `guess-${i}` }, { 'x-forwarded-for': attacker });
      expect(r.status).toBe(401);
    }
    const locked = await post(proxied.url, '/api/v1/auths/signin', { email, password: PASSWORD }, { 'x-forwarded-for': attacker });
    expect(locked.status).toBe(429);
    expect(await locked.json()).toEqual({ detail: expect.stringMatching(/^Too many attempts\. Try again in 1[45] minutes\.$/), code: 'RATE_LIMITED' });
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
    // Email case does not open a second bucket.
    expect((await post(proxied.url, '/api/v1/auths/signin', { email: ' TARGET@example.com', password: PASSWORD }, { 'x-forwarded-for': attacker })).status).toBe(429);
    // The owner, from their own address, is not shut out by a stranger's guesses.
    expect((await post(proxied.url, '/api/v1/auths/signin', { email, password: PASSWORD }, { 'x-forwarded-for': newAddress() })).status).toBe(200);
    // Another account from the attacker's address still signs in.
    const other = 'bystander@example.com';
    await signupAt(proxied.url, other, newAddress());
    expect((await post(proxied.url, '/api/v1/auths/signin', { email: other, password: PASSWORD }, { 'x-forwarded-for': attacker })).status).toBe(200);
  });

  it('20 concurrent wrong passwords for one account from one client: at most 10 are checked, the rest are 429', async () => {
    const email = 'rushed@example.com';
    await signupAt(proxied.url, email, newAddress());
    const from = newAddress();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => post(proxied.url, '/api/v1/auths/signin', { email, password: `guess-${i}` }, { 'x-forwarded-for': from })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBe(10);
    expect(statuses.filter((s) => s === 429).length).toBe(10);
    expect((await post(proxied.url, '/api/v1/auths/signin', { email, password: PASSWORD }, { 'x-forwarded-for': from })).status).toBe(429);
  });

  it('guesses spread over many addresses meet the slower limit on the account: 50 an hour in all', async () => {
    const email = 'spread@example.com';
    await signupAt(proxied.url, email, newAddress());
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => post(proxied.url, '/api/v1/auths/signin', { email, password: `guess-${i}` }, { 'x-forwarded-for': newAddress() })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBe(50);
    expect(statuses.filter((s) => s === 429).length).toBe(10);
    const locked = await post(proxied.url, '/api/v1/auths/signin', { email, password: PASSWORD }, { 'x-forwarded-for': newAddress() });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(3000);
  }, 60_000);

  it('30 failures from one client, across accounts: the 31st is 429; a right password does not count', async () => {
    const from = newAddress();
    const email = 'client-limit@example.com';
    await signupAt(proxied.url, email, newAddress());
    expect((await post(proxied.url, '/api/v1/auths/signin', { email, password: PASSWORD }, { 'x-forwarded-for': from })).status).toBe(200);
    for (let i = 0; i < 30; i++) {
      const r = await post(proxied.url, '/api/v1/auths/signin', { email: `nobody-${i}@example.com`, password: 'whatever' }, { 'x-forwarded-for': from });
      expect(r.status).toBe(401);
    }
    const limited = await post(proxied.url, '/api/v1/auths/signin', { email, password: PASSWORD }, { 'x-forwarded-for': from });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    // The right-most hop is the client: addresses a client writes to the left of it change nothing.
    expect((await post(proxied.url, '/api/v1/auths/signin', { email, password: PASSWORD }, { 'x-forwarded-for': `198.51.100.7, ${from}` })).status).toBe(429);
    expect((await post(proxied.url, '/api/v1/auths/signin', { email, password: PASSWORD }, { 'x-forwarded-for': newAddress() })).status).toBe(200);
  });

  it('the sign-in page says it in plain words beside the form, with 429 and Retry-After', async () => {
    const email = 'page-limit@example.com';
    await signupAt(proxied.url, email, newAddress());
    const from = newAddress();
    for (let i = 0; i < 10; i++) expect((await form(proxied.url, '/auth/signin', { email, password: `guess-${i}` }, { 'x-forwarded-for': from })).status).toBe(401);
    const page = await form(proxied.url, '/auth/signin', { email, password: PASSWORD }, { 'x-forwarded-for': from });
    expect(page.status).toBe(429);
    expect(Number(page.headers.get('retry-after'))).toBeGreaterThan(0);
    const html = await page.text();
    expect(html).toMatch(/<p class="form-error" role="alert">Too many attempts\. Try again in 1[45] minutes\.<\/p>/);
    expect(html).not.toContain('RATE_LIMITED');
    expect(page.headers.get('set-cookie')).toBeNull();
  });

  it('without TRUST_PROXY, X-Forwarded-For is ignored: 30 failures with a new spoofed address each still reach the limit', async () => {
    for (let i = 0; i < 30; i++) {
      expect((await post(direct.url, '/api/v1/auths/signin', { email: `ghost-${i}@example.com`, password: 'whatever' }, { 'x-forwarded-for': `192.0.2.${i + 1}` })).status).toBe(401);
    }
    const limited = await post(direct.url, '/api/v1/auths/signin', { email: 'ghost-x@example.com', password: 'whatever' }, { 'x-forwarded-for': '192.0.2.200' });
    expect(limited.status).toBe(429);
  });

  it('sign-up: 10 an hour per client (API and page), then 429 with Retry-After; spoofed X-Forwarded-For does not help', async () => {
    for (let i = 0; i < 10; i++) await signupAt(direct.url, `new-${i}@example.com`, `192.0.2.${i + 1}`);
    const api = await post(direct.url, '/api/v1/auths/signup', { email: 'new-10@example.com', password: PASSWORD }, { 'x-forwarded-for': '192.0.2.99' });
    expect(api.status).toBe(429);
    expect((await api.json()).code).toBe('RATE_LIMITED');
    expect(Number(api.headers.get('retry-after'))).toBeGreaterThan(3000);
    const page = await form(direct.url, '/auth/signup', { name: 'Late', email: 'new-11@example.com', password: PASSWORD });
    expect(page.status).toBe(429);
    expect(page.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await page.text()).toMatch(/role="alert">Too many attempts\. Try again in \d+ minutes\.</);
    // Input refused before any hashing does not use a slot up, and answers as before.
    expect((await post(direct.url, '/api/v1/auths/signup', { email: 'bad', password: PASSWORD })).status).toBe(422);
  });
});

describe('the sign-in and sign-up pages read their forms safely', () => {
  it('a malformed or oversized body gets the form back with a message, not a 500', async () => {
    for (const page of ['/auth/signin', '/auth/signup']) {
      const broken = await fetch(`${proxied.url}${page}`, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=nope' }, body: 'garbage' });
      expect(broken.status, page).toBe(400);
      const html = await broken.text();
      expect(html).toContain('<form method="post"');
      expect(html).toMatch(/role="alert">[^<]*could not read/i);
      const big = await postOversized(`${proxied.url}${page}`, { 'content-type': 'application/x-www-form-urlencoded' }, 'email=');
      expect(big.status, page).toBe(413);
      expect(big.text).toContain('<form method="post"');
      expect(big.text).toMatch(/role="alert">[^<]*too large/i);
    }
  });
});

describe('after sign-in, `next` never leaves the site', () => {
  const hostile = ['/%09/evil.example', '/%0a/evil.example', '/%0d/evil.example', '//evil.example', '/%5Cevil.example', '/%5C%5Cevil.example',
    '/.//evil.example', '/..//evil.example', 'https://evil.example', '/%09%2Fevil.example', '/x%00y', '%2F%2Fevil.example', '/%E2%80%A8/evil.example'];
  const isSafe = (location: string | null) => {
    expect(location).not.toBeNull();
    expect(location!).toMatch(/^\/(?![/\\])/);
    expect(location!).not.toMatch(/[\u0000-\u001f\u007f\\]/);
    expect(new URL(location!, 'http://chatshare.test').origin).toBe('http://chatshare.test');
  };
  let token = '';
  beforeAll(async () => { token = await signupAt(proxied.url, 'redirect@example.com', newAddress()); });

  it('signed-in GETs of the sign-in and sign-up pages redirect only on this site', async () => {
    for (const page of ['/auth/signin', '/auth/signup']) {
      for (const next of hostile) {
        const r = await fetch(`${proxied.url}${page}?next=${next}`, { headers: { cookie: `auth_session=${token}` }, redirect: 'manual' });
        expect(r.status, `${page} ${next}`).toBe(302);
        isSafe(r.headers.get('location'));
      }
    }
  });

  it('signing in through the page follows only same-site paths, from the query or the form', async () => {
    const from = newAddress();
    for (const next of hostile) {
      const r = await form(proxied.url, `/auth/signin?next=${next}`, { email: 'redirect@example.com', password: PASSWORD }, { 'x-forwarded-for': from });
      expect(r.status, next).toBe(303);
      isSafe(r.headers.get('location'));
      const viaForm = await form(proxied.url, '/auth/signin', { email: 'redirect@example.com', password: PASSWORD, next: decodeURIComponent(next) }, { 'x-forwarded-for': from });
      expect(viaForm.status, next).toBe(303);
      isSafe(viaForm.headers.get('location'));
    }
    const ok = await form(proxied.url, '/auth/signin', { email: 'redirect@example.com', password: PASSWORD, next: '/s/abc?x=1#top' });
    expect(ok.headers.get('location')).toBe('/s/abc?x=1#top');
  });

  it('signing up through the page follows only same-site paths', async () => {
    let n = 0;
    for (const next of ['/%09/evil.example', '/%0a/evil.example', '//evil.example', '/.//evil.example']) {
      const r = await form(proxied.url, `/auth/signup?next=${next}`, { name: 'New', email: `redirect-up-${n++}@example.com`, password: PASSWORD }, { 'x-forwarded-for': newAddress() });
      expect(r.status, next).toBe(303);
      isSafe(r.headers.get('location'));
    }
    const ok = await form(proxied.url, '/auth/signup', { name: 'New', email: 'redirect-up-ok@example.com', password: PASSWORD, next: '/c/abc' }, { 'x-forwarded-for': newAddress() });
    expect(ok.headers.get('location')).toBe('/c/abc');
  });
});

describe('the Authorization header and the session cookie', () => {
  it('a malformed Bearer header neither authenticates as the cookie user nor exempts a cross-site write', async () => {
    const c = new Client(proxied.url);
    await c.req('POST', '/api/v1/auths/signup', { email: 'csrf2@example.com', password: PASSWORD }, { 'x-forwarded-for': newAddress() }).then((r) => { c.token = r.json.token; });
    const id = (await c.req('POST', '/api/v1/chats/new', { chat: { title: 'Keep me', history: { currentId: null, messages: {} } } })).json.id;
    const cookie = `auth_session=${c.token}`;
    for (const authorization of ['Bearer x y', 'Bearer', 'Bearer  ', 'bearer a,b', 'Bearer x, Bearer y']) {
      const forged = await fetch(`${proxied.url}/api/v1/chats/${id}`, { method: 'DELETE', headers: { cookie, origin: 'https://evil.example', authorization } });
      expect(forged.status, authorization).toBe(403);
      const me = await fetch(`${proxied.url}/api/v1/auths/`, { headers: { cookie, authorization } });
      expect(me.status, authorization).toBe(401);
    }
    // A well-formed Bearer that is not a session authenticates nobody, and the cookie is not used instead.
    expect((await fetch(`${proxied.url}/api/v1/auths/`, { headers: { cookie, authorization: 'Bearer abcdefghijklmnopqrstuvwxyz' } })).status).toBe(401);
    // Another scheme (a Basic-auth proxy in front) is not ours: the cookie counts, and so does the origin check.
    expect((await fetch(`${proxied.url}/api/v1/auths/`, { headers: { cookie, authorization: 'Basic dXNlcjpwYXNz' } })).status).toBe(200);
    expect((await fetch(`${proxied.url}/api/v1/chats/${id}`, { method: 'DELETE', headers: { cookie, origin: 'https://evil.example', authorization: 'Basic dXNlcjpwYXNz' } })).status).toBe(403);
    expect((await c.req('GET', `/api/v1/chats/${id}`)).status).toBe(200);
  });
});

describe('sessions are stored hashed', () => {
  it('the session table never holds the token; the token works as cookie and Bearer until sign-out', async () => {
    const from = newAddress();
    await signupAt(proxied.url, 'hashed@example.com', from);
    const r = await post(proxied.url, '/api/v1/auths/signin', { email: 'hashed@example.com', password: PASSWORD }, { 'x-forwarded-for': from });
    const { token } = await r.json();
    expect(token).toMatch(/^[a-z0-9]{20,64}$/);
    expect(r.headers.get('set-cookie')).toContain(`auth_session=${token}`);
    const conn = new Database(path.join(proxied.dataDir, 'chatshare.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const ids = conn.prepare('SELECT id FROM session').pluck().all() as string[];
      expect(ids.length).toBeGreaterThan(0);
      expect(ids).not.toContain(token);
      expect(ids).toContain(createHash('sha256').update(token).digest('hex'));
    } finally { conn.close(); }
    // A database reader who presents a stored id gets nowhere.
    const storedId = createHash('sha256').update(token).digest('hex');
    expect((await fetch(`${proxied.url}/api/v1/auths/`, { headers: { authorization: `Bearer ${storedId}` } })).status).toBe(401);
    expect((await fetch(`${proxied.url}/api/v1/auths/`, { headers: { cookie: `auth_session=${token}` } })).status).toBe(200);
    expect((await fetch(`${proxied.url}/api/v1/auths/`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await fetch(`${proxied.url}/api/v1/auths/signout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await fetch(`${proxied.url}/api/v1/auths/`, { headers: { cookie: `auth_session=${token}` } })).status).toBe(401);

    // The page's sign-out invalidates a cookie session the same way.
    const again = await (await post(proxied.url, '/api/v1/auths/signin', { email: 'hashed@example.com', password: PASSWORD }, { 'x-forwarded-for': from })).json();
    const out = await fetch(`${proxied.url}/auth/signout`, { method: 'POST', headers: { cookie: `auth_session=${again.token}` }, redirect: 'manual' });
    expect(out.status).toBe(303);
    expect((await fetch(`${proxied.url}/api/v1/auths/`, { headers: { authorization: `Bearer ${again.token}` } })).status).toBe(401);
  });
});

describe('POST /api/v1/keys validates its body', () => {
  it('refuses anything but {name?: string} of 1 to 100 characters with 422 naming the field; a missing name is "API key"', async () => {
    const send = (body: string) => fetch(`${proxied.url}/api/v1/keys`, { method: 'POST', headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' }, body });
    const before = (await owner.req('GET', '/api/v1/keys')).json.length;
    for (const body of ['null', '[]', '"s"', '1', 'true']) {
      const r = await send(body);
      expect(r.status, body).toBe(422);
      const json = await r.json();
      expect(json.code).toBe('VALIDATION_ERROR');
      expect(json.detail).toMatch(/^body: /);
    }
    for (const body of ['{"name":1}', '{"name":null}', '{"name":"   "}', JSON.stringify({ name: 'x'.repeat(101) })]) {
      const r = await send(body);
      expect(r.status, body).toBe(422);
      expect((await r.json()).detail, body).toMatch(/^name: /);
    }
    expect((await owner.req('GET', '/api/v1/keys')).json.length).toBe(before); // nothing refused made a key
    const named = await send('{"name":"  Laptop script  "}');
    expect(named.status).toBe(200);
    expect((await named.json()).name).toBe('Laptop script');
    expect((await (await send('{}')).json()).name).toBe('API key');
    expect((await owner.req('GET', '/api/v1/keys')).json.length).toBe(before + 2);
  });
});

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe('avatars and the settings form', () => {
  let token = '';
  let userId = '';
  beforeAll(async () => {
    token = await signupAt(proxied.url, 'avatar@example.com', newAddress());
    userId = (await (await fetch(`${proxied.url}/api/v1/auths/`, { headers: { authorization: `Bearer ${token}` } })).json()).id;
  });
  const upload = (bytes: Buffer | string, name: string, type: string) => {
    const fd = new FormData();
    fd.set('action', 'profile');
    fd.set('name', 'Ava Tar');
    fd.set('avatar', new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], name, { type }));
    return fetch(`${proxied.url}/settings`, { method: 'POST', headers: { cookie: `auth_session=${token}` }, body: fd, redirect: 'manual' });
  };
  const avatar = () => fetch(`${proxied.url}/api/v1/users/${userId}/avatar`, { headers: { authorization: `Bearer ${token}` } });

  it('a text file named fake.png is refused with 422 beside the avatar field, and the avatar stays the initials', async () => {
    const r = await upload('just some text, not an image', 'fake.png', 'image/png');
    expect(r.status).toBe(422);
    const html = await r.text();
    expect(html).toMatch(/<input id="avatar"[^>]*aria-describedby="avatar-error"[^>]*>\s*<p class="field-error" id="avatar-error"[^>]*>Choose a PNG, JPEG, WebP or GIF image\.<\/p>/);
    expect((await avatar()).headers.get('content-type')).toBe('image/svg+xml');
  });

  it('stores the type it sniffed from the bytes, never the browser\'s claim', async () => {
    const r = await upload(PNG, 'photo.gif', 'image/gif');
    expect(r.status).toBe(303);
    const got = await avatar();
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await got.arrayBuffer()).equals(PNG)).toBe(true);
    const gif = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(20)]);
    expect((await upload(gif, 'x.bin', 'application/octet-stream')).status).toBe(303);
    expect((await avatar()).headers.get('content-type')).toBe('image/gif');
  });

  it('a malformed or oversized multipart body is a friendly error on the page, not a 500', async () => {
    const broken = await fetch(`${proxied.url}/settings`, { method: 'POST', headers: { cookie: `auth_session=${token}`, 'content-type': 'multipart/form-data; boundary=nope' }, body: 'this is not multipart' });
    expect(broken.status).toBe(400);
    expect(await broken.text()).toMatch(/role="alert">[^<]*could not read/i);
    const big = await postOversized(`${proxied.url}/settings`, { cookie: `auth_session=${token}`, 'content-type': 'multipart/form-data; boundary=b' },
      `--b\r\nContent-Disposition: form-data; name="avatar"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`);
    expect(big.status).toBe(413);
    expect(big.text).toMatch(/<p class="field-error" id="avatar-error" role="alert">[^<]*too large/i);
  });
});

/**
 * POSTs a body over the 1 MiB limit in chunks with no Content-Length, so only the streaming limit can stop it. The
 * server answers and closes while the body is still going out: the answer is read, the broken pipe after it ignored.
 */
function postOversized(url: string, headers: Record<string, string>, head: string, size = 2_000_000): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { ...headers, 'transfer-encoding': 'chunked' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode!, text }));
      res.on('error', reject);
    });
    req.on('error', () => { /* EPIPE or reset once the server has answered */ });
    req.write(head);
    const chunk = Buffer.alloc(64 * 1024, 97);
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) { req.once('drain', pump); return; }
      }
      req.end();
    };
    pump();
  });
}

describe('sign-up and sign-in say what the account is for (issue 19)', () => {
  it('the first account is told it becomes the administrator; coming from Clone Chat, the pages say so', async () => {
    const fresh = await startServer({});
    try {
      const page = async (p: string) => (await fetch(fresh.url + p)).text();
      expect(await page('/auth/signup')).toContain('data-first-admin');
      await signupAt(fresh.url, 'first@example.com', '127.0.0.1');
      expect(await page('/auth/signup')).not.toContain('data-first-admin');
      const clone = encodeURIComponent('/s/abc/clone');
      expect(await page(`/auth/signup?next=${clone}`)).toContain('Create an account to copy this shared chat into your library.');
      expect(await page(`/auth/signin?next=${clone}`)).toContain('Sign in to copy this shared chat into your library.');
      expect(await page(`/auth/signin?next=${encodeURIComponent('/s/abc')}`)).toContain('Sign in to view this shared chat.');
    } finally {
      await fresh.stop();
    }
  });
});
