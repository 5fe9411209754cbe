// The account and chat library API against the built server, real SQLite in a temp folder.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';

let server: TestServer;
beforeAll(async () => { server = await startServer(); });
afterAll(async () => { await server?.stop(); });

const owui = () => JSON.parse(fs.readFileSync('tests/fixtures/openwebui-export.json', 'utf8'));
const chatgpt = () => JSON.parse(fs.readFileSync('tests/fixtures/chatgpt-conversations.json', 'utf8'));

describe('accounts', () => {
  it('makes the first account admin and later ones users', async () => {
    const a = await new Client(server.url).signup('first@example.com');
    const b = await new Client(server.url).signup('second@example.com');
    expect(a.role).toBe('admin');
    expect(b.role).toBe('user');
    expect(a.token).toMatch(/^[a-z0-9]+$/);
  });

  it('refuses a duplicate email with 409 and bad input with 422 naming the field', async () => {
    const c = new Client(server.url);
    const dup = await c.req('POST', '/api/v1/auths/signup', { email: 'FIRST@example.com', password: 'whatever-long' });
    expect(dup.status).toBe(409);
    expect(dup.json.code).toBe('EMAIL_TAKEN');
    const bad = await c.req('POST', '/api/v1/auths/signup', { email: 'not-an-email', password: 'x' });
    expect(bad.status).toBe(422);
    expect(bad.json.detail).toMatch(/^email/);
    const junk = await fetch(`${server.url}/api/v1/auths/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(junk.status).toBe(400);
    expect((await junk.json()).code).toBe('BAD_REQUEST');
  });

  it('signs in with the right password only, and the token works as the session cookie too', async () => {
    const c = new Client(server.url);
    const wrong = await c.req('POST', '/api/v1/auths/signin', { email: 'first@example.com', password: 'nope-nope' });
    expect(wrong.status).toBe(401);
    const ok = await c.req('POST', '/api/v1/auths/signin', { email: 'first@example.com', password: 'correct horse battery' });
    expect(ok.status).toBe(200);
    const me = await fetch(`${server.url}/api/v1/auths/`, { headers: { cookie: `auth_session=${ok.json.token}` } });
    expect((await me.json()).email).toBe('first@example.com');
    const anon = await new Client(server.url).req('GET', '/api/v1/auths/');
    expect(anon.status).toBe(401);
  });

  it('refuses cross-site writes made with the session cookie, but not API clients', async () => {
    const c = new Client(server.url);
    await c.signup('csrf@example.com');
    const id = (await c.req('POST', '/api/v1/chats/new', { chat: { title: 'Keep me', history: { currentId: null, messages: {} } } })).json.id;
    const forged = await fetch(`${server.url}/api/v1/chats/${id}`, { method: 'DELETE', headers: { cookie: `auth_session=${c.token}`, origin: 'https://evil.example' } });
    expect(forged.status).toBe(403);
    expect((await c.req('GET', `/api/v1/chats/${id}`)).status).toBe(200);
    const sameSite = await fetch(`${server.url}/api/v1/chats/${id}`, { method: 'POST', headers: { cookie: `auth_session=${c.token}`, origin: server.url, 'content-type': 'application/json' }, body: JSON.stringify({ chat: { title: 'Renamed' } }) });
    expect(sameSite.status).toBe(200);
    const opaque = await fetch(`${server.url}/api/v1/chats/${id}`, { method: 'DELETE', headers: { cookie: `auth_session=${c.token}`, origin: 'null', 'sec-fetch-site': 'cross-site' } });
    expect(opaque.status).toBe(403);
    expect((await c.req('DELETE', `/api/v1/chats/${id}`, undefined, { origin: 'https://evil.example' })).status).toBe(200);
  });

  it('API keys work as Bearer tokens until revoked', async () => {
    const c = new Client(server.url);
    await c.signup('keys@example.com');
    const created = await c.req('POST', '/api/v1/keys', { name: 'script' });
    expect(created.json.key).toMatch(/^sk-/);
    const k = new Client(server.url);
    k.token = created.json.key;
    expect((await k.req('GET', '/api/v1/chats/')).status).toBe(200);
    const listed = await c.req('GET', '/api/v1/keys');
    expect(JSON.stringify(listed.json)).not.toContain(created.json.key);
    expect((await c.req('DELETE', `/api/v1/keys/${created.json.id}`)).status).toBe(200);
    expect((await k.req('GET', '/api/v1/chats/')).status).toBe(401);
  });
});

describe('chat library', () => {
  it('imports an Open WebUI export and returns each chat JSON unchanged', async () => {
    const c = new Client(server.url);
    await c.signup('importer@example.com');
    const data = owui();
    const r = await c.req('POST', '/api/v1/chats/import', data);
    expect(r.status).toBe(200);
    expect(r.json.imported).toHaveLength(data.length);
    for (const [i, item] of r.json.imported.entries()) {
      const got = await c.req('GET', `/api/v1/chats/${item.id}`);
      expect(got.status).toBe(200);
      expect(got.json.chat).toEqual(data[i].chat);
      expect(got.json.title).toBe(data[i].title);
    }
    const list = await c.req('GET', '/api/v1/chats/');
    expect(list.json.map((x: any) => x.id).sort()).toEqual(r.json.imported.map((x: any) => x.id).sort());
    expect(Object.keys(list.json[0]).sort()).toEqual(['created_at', 'id', 'title', 'updated_at']);
  });

  it('imports a ChatGPT export, { chats: [...] }, and reports rejected items without half-importing', async () => {
    const c = new Client(server.url);
    await c.signup('gpt@example.com');
    const r = await c.req('POST', '/api/v1/chats/import', chatgpt());
    expect(r.status).toBe(200);
    expect(r.json.imported.length).toBe(chatgpt().length);
    const one = await c.req('GET', `/api/v1/chats/${r.json.imported[0].id}`);
    expect(Object.keys(one.json.chat.history.messages).length).toBeGreaterThan(1);
    const mixed = await c.req('POST', '/api/v1/chats/import', { chats: [owui()[0], 42, { nope: true }] });
    expect(mixed.status).toBe(200);
    expect(mixed.json.imported).toHaveLength(1);
    expect(mixed.json.rejected).toHaveLength(2);
    expect(mixed.json.rejected[0].reason).toBeTruthy();
    const before = (await c.req('GET', '/api/v1/chats/')).json.length;
    const none = await c.req('POST', '/api/v1/chats/import', { hello: 'world' });
    expect(none.status).toBe(422);
    expect((await c.req('GET', '/api/v1/chats/')).json.length).toBe(before);
  });

  it('creates, updates (merging and bumping updated_at), exports and deletes a chat', async () => {
    const c = new Client(server.url);
    await c.signup('editor@example.com');
    const chat = { title: 'Draft', models: ['m1'], custom_field: { keep: true }, history: { currentId: 'a', messages: { a: { id: 'a', parentId: null, childrenIds: [], role: 'user', content: 'Hi', timestamp: 1700000000 } } } };
    const created = await c.req('POST', '/api/v1/chats/new', { chat });
    expect(created.status).toBe(200);
    const id = created.json.id;
    await new Promise((r) => setTimeout(r, 1100));
    const upd = await c.req('POST', `/api/v1/chats/${id}`, { chat: { title: 'Renamed' } });
    expect(upd.json.title).toBe('Renamed');
    expect(upd.json.chat.custom_field).toEqual({ keep: true });
    expect(upd.json.updated_at).toBeGreaterThan(created.json.updated_at);
    const md = await fetch(`${server.url}/api/v1/chats/${id}/export?format=md`, { headers: { authorization: `Bearer ${c.token}` } });
    expect(md.headers.get('content-type')).toContain('text/markdown');
    expect(await md.text()).toContain('Renamed');
    expect((await c.req('DELETE', `/api/v1/chats/${id}`)).status).toBe(200);
    expect((await c.req('GET', `/api/v1/chats/${id}`)).status).toBe(404);
  });

  it("treats another user's chat as absent on every route", async () => {
    const owner = new Client(server.url);
    await owner.signup('owner@example.com');
    const id = (await owner.req('POST', '/api/v1/chats/new', { chat: { title: 'Mine', history: { currentId: null, messages: {} } } })).json.id;
    const other = new Client(server.url);
    await other.signup('other@example.com');
    for (const [method, p, body] of [['GET', `/api/v1/chats/${id}`], ['POST', `/api/v1/chats/${id}`, { chat: { title: 'x' } }], ['DELETE', `/api/v1/chats/${id}`], ['GET', `/api/v1/chats/${id}/export`], ['POST', `/api/v1/chats/${id}/share`, {}]] as const) {
      const r = await other.req(method, p, body);
      expect(r.status, `${method} ${p}`).toBe(404);
    }
    expect((await owner.req('GET', `/api/v1/chats/${id}`)).json.title).toBe('Mine');
  });

  it('rejects malformed chat bodies with 422 and oversized ones with 413, never 500', async () => {
    const c = new Client(server.url);
    await c.signup('bad@example.com');
    expect((await c.req('POST', '/api/v1/chats/new', { chat: 'nope' })).status).toBe(422);
    expect((await c.req('POST', '/api/v1/chats/new', [])).status).toBe(422);
    const broken = await c.req('POST', '/api/v1/chats/new', { chat: { history: { currentId: 'a', messages: { a: null } } } });
    expect(broken.status).toBe(422);
    expect(broken.json.detail).toMatch(/^chat: /);
    const made = (await c.req('POST', '/api/v1/chats/new', { chat: { title: 'ok', history: { currentId: null, messages: {} } } })).json.id;
    expect((await c.req('POST', `/api/v1/chats/${made}`, { chat: { history: { currentId: 7, messages: {} } } })).status).toBe(422);
    const big = await fetch(`${server.url}/api/v1/chats/new`, { method: 'POST', headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ chat: { x: 'a'.repeat(21_000_000) } }) });
    expect(big.status).toBe(413);
  });
});
