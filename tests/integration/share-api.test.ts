// Share links through the API and the viewer, against the built server: limits, the gate, counting, artifacts.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, NAVIGATE, shareFiles, startServer, type TestServer } from '../helpers/server';
import { longChat } from '../helpers/long-chat';

let server: TestServer;
let owner: Client;
let viewer: Client;
beforeAll(async () => {
  server = await startServer();
  owner = new Client(server.url);
  await owner.signup('owner@example.com', 'correct horse battery', 'Olivia Owner');
  viewer = new Client(server.url);
  await viewer.signup('viewer@example.com');
});
afterAll(async () => { await server?.stop(); });

async function newChat(title = 'Shared chat', content = 'How do I reverse a list in Python?') {
  const chat = {
    title, models: ['llama3.1:8b'], params: { temperature: 0.7 },
    history: { currentId: 'b', messages: {
      a: { id: 'a', parentId: null, childrenIds: ['b'], role: 'user', content, timestamp: 1761000000 },
      b: { id: 'b', parentId: 'a', childrenIds: [], role: 'assistant', content: 'Use `reversed()`:\n\n```python\nxs[::-1]\n```', model: 'llama3.1:8b', timestamp: 1761000005 },
    } },
  };
  return (await owner.req('POST', '/api/v1/chats/new', { chat })).json.id as string;
}
const page = (shareId: string, headers: Record<string, string> = {}) => fetch(`${server.url}/s/${shareId}`, { headers: { ...NAVIGATE, ...headers }, redirect: 'manual' });

describe('creating and updating a share', () => {
  it('creates a snapshot with a 128-bit id, artifacts on disk, and never returns the password hash', async () => {
    const id = await newChat();
    const r = await owner.req('POST', `/api/v1/chats/${id}/share`, { password: 'hunter22' });
    expect(r.status).toBe(200);
    expect(r.json.share_id).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(r.json.type).toBe('snapshot');
    expect(r.json.status).toBe('active');
    expect(r.json.has_password).toBe(true);
    expect(r.json.url).toBe(`${server.url}/s/${r.json.share_id}`);
    expect(JSON.stringify(r.json)).not.toMatch(/argon2|hunter22/);
    const files = await shareFiles(server, id);
    expect(files.some((f) => f.endsWith('.html'))).toBe(true);
    expect(files.some((f) => f.endsWith('.png'))).toBe(true);
  });

  it('normalises custom ids and answers 409 when one is taken', async () => {
    const a = await newChat();
    const r = await owner.req('POST', `/api/v1/chats/${a}/share`, { share_id: 'My Chat!! 2024' });
    expect(r.json.share_id).toBe('My-Chat-2024');
    const b = await newChat();
    const clash = await owner.req('POST', `/api/v1/chats/${b}/share`, { share_id: 'My Chat 2024' });
    expect(clash.status).toBe(409);
    expect(clash.json.code).toBe('SHARE_ID_TAKEN');
    expect((await owner.req('POST', `/api/v1/chats/${b}/share`, { share_id: 'x'.repeat(145) })).status).toBe(422);
  });

  it('refuses past dates and values over 2,147,483,647; a max below the count becomes count + 1', async () => {
    const id = await newChat();
    const past = await owner.req('POST', `/api/v1/chats/${id}/share`, { expires_at: Math.floor(Date.now() / 1000) - 60 });
    expect(past.status).toBe(422);
    expect(past.json.detail).toMatch(/expires_at/);
    expect((await owner.req('POST', `/api/v1/chats/${id}/share`, { max_views: 2147483648 })).status).toBe(422);
    const s = (await owner.req('POST', `/api/v1/chats/${id}/share`, {})).json;
    for (let i = 0; i < 3; i++) expect((await page(s.share_id)).status).toBe(200);
    const lowered = await owner.req('POST', `/api/v1/chats/${id}/share`, { max_views: 1 });
    expect(lowered.json.views).toBe(3);
    expect(lowered.json.max_views).toBe(4);
  });

  it('needs the current password to change or remove a password', async () => {
    const id = await newChat();
    await owner.req('POST', `/api/v1/chats/${id}/share`, { password: 'first-pass' });
    expect((await owner.req('POST', `/api/v1/chats/${id}/share`, { password: 'second' })).status).toBe(403);
    expect((await owner.req('POST', `/api/v1/chats/${id}/share`, { password: null, current_password: 'wrong' })).status).toBe(403);
    const removed = await owner.req('POST', `/api/v1/chats/${id}/share`, { password: null, current_password: 'first-pass' });
    expect(removed.json.has_password).toBe(false);
  });
});

describe('the gate', () => {
  it('a max_views=3 link serves exactly 3 views to 50 concurrent viewers', async () => {
    const id = await newChat();
    const s = (await owner.req('POST', `/api/v1/chats/${id}/share`, { max_views: 3 })).json;
    const statuses = await Promise.all(Array.from({ length: 50 }, () => page(s.share_id).then((r) => r.status)));
    expect(statuses.filter((x) => x === 200)).toHaveLength(3);
    expect(statuses.filter((x) => x === 410)).toHaveLength(47);
    const after = (await owner.req('POST', `/api/v1/chats/${id}/share`, {})).json;
    expect(after.views).toBe(3);
    expect(after.status).toBe('expired');
  });

  it('the owner never counts a view; crawlers, HEAD and prefetches do not either', async () => {
    const id = await newChat();
    const s = (await owner.req('POST', `/api/v1/chats/${id}/share`, { max_views: 1 })).json;
    expect((await page(s.share_id, { authorization: `Bearer ${owner.token}` })).status).toBe(200);
    const bot = await page(s.share_id, { 'user-agent': 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)' });
    expect(bot.status).toBe(200);
    const html = await bot.text();
    expect(html).toContain('og:image');
    expect(html).not.toContain('reversed()');
    expect((await fetch(`${server.url}/s/${s.share_id}`, { method: 'HEAD' })).status).toBe(200);
    expect((await page(s.share_id, { 'sec-purpose': 'prefetch' })).status).toBe(200);
    expect((await owner.req('POST', `/api/v1/chats/${id}/share`, {})).json.views).toBe(0);
    expect((await page(s.share_id)).status).toBe(200);
    expect((await page(s.share_id)).status).toBe(410);
  });

  it('revoked, expired and unknown links get their codes; restore clears expiry by views', async () => {
    expect((await page('no-such-link')).status).toBe(404);
    const api404 = await viewer.req('GET', '/api/v1/chats/share/no-such-link');
    expect(api404.json.code).toBe('SHARE_LINK_NOT_FOUND');
    const id = await newChat();
    const s = (await owner.req('POST', `/api/v1/chats/${id}/share`, { max_views: 1 })).json;
    await owner.req('DELETE', `/api/v1/chats/${id}/share`);
    const revoked = await page(s.share_id);
    expect(revoked.status).toBe(410);
    expect(await revoked.text()).toContain('The owner of this chat has revoked this sharing link.');
    await owner.req('POST', `/api/v1/chats/${id}/share/restore`);
    expect((await page(s.share_id)).status).toBe(200);
    const expired = await page(s.share_id);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('This shared link has expired and is no longer accessible.');
    const restored = await owner.req('POST', `/api/v1/chats/${id}/share/restore`);
    expect(restored.json.max_views).toBe(0);
    expect((await page(s.share_id)).status).toBe(200);
  });

  it('login-only links redirect people to sign in and answer the API with 401', async () => {
    const id = await newChat();
    const s = (await owner.req('POST', `/api/v1/chats/${id}/share`, { is_public: false })).json;
    const anon = await page(s.share_id);
    expect(anon.status).toBe(302);
    expect(anon.headers.get('location')).toBe(`/auth/signin?next=${encodeURIComponent(`/s/${s.share_id}`)}`);
    expect((await new Client(server.url).req('GET', `/api/v1/chats/share/${s.share_id}`)).json.code).toBe('LOGIN_REQUIRED');
    expect((await page(s.share_id, { authorization: `Bearer ${viewer.token}` })).status).toBe(200);
    const bot = await page(s.share_id, { 'user-agent': 'Twitterbot/1.0' });
    expect(bot.status).toBe(200);
    expect(await bot.text()).not.toContain('Shared chat');
  });

  it('password links: wrong guesses are rate-limited, the right one sets a cookie for that share only', async () => {
    const id = await newChat('Secret plans');
    const s = (await owner.req('POST', `/api/v1/chats/${id}/share`, { password: 'open sesame' })).json;
    const locked = await page(s.share_id);
    expect(locked.status).toBe(401);
    const lockedHtml = await locked.text();
    expect(lockedHtml).not.toContain('Secret plans');
    expect(lockedHtml).toContain('type="password"');
    const anon = new Client(server.url);
    expect((await anon.req('POST', `/api/v1/chats/share/${s.share_id}/verify`, { password: 'nope' })).status).toBe(403);
    const ok = await anon.req('POST', `/api/v1/chats/share/${s.share_id}/verify`, { password: 'open sesame' });
    expect(ok.status).toBe(200);
    const cookie = ok.res.headers.get('set-cookie')!.split(';')[0]!;
    expect(ok.res.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect((await page(s.share_id, { cookie })).status).toBe(200);
    const other = (await owner.req('POST', `/api/v1/chats/${await newChat()}/share`, { password: 'open sesame' })).json;
    expect((await page(other.share_id, { cookie })).status).toBe(401);
    // The cookie stops working when the password changes.
    await owner.req('POST', `/api/v1/chats/${id}/share`, { password: 'new one', current_password: 'open sesame' });
    expect((await page(s.share_id, { cookie })).status).toBe(401);
    let last = 0;
    for (let i = 0; i < 6; i++) last = (await anon.req('POST', `/api/v1/chats/share/${s.share_id}/verify`, { password: `guess${i}` })).status;
    expect(last).toBe(429);
    const limited = await anon.req('POST', `/api/v1/chats/share/${s.share_id}/verify`, { password: 'new one' });
    expect(limited.status).toBe(429);
    expect(Number(limited.res.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('snapshot and live', () => {
  it('a snapshot does not change with the chat until the owner updates it', async () => {
    const id = await newChat('Snap', 'first version question');
    const s = (await owner.req('POST', `/api/v1/chats/${id}/share`, {})).json;
    const chat = (await owner.req('GET', `/api/v1/chats/${id}`)).json.chat;
    chat.history.messages.a.content = 'edited question text';
    await owner.req('POST', `/api/v1/chats/${id}`, { chat: { history: chat.history } });
    expect(await (await page(s.share_id)).text()).toContain('first version question');
    await owner.req('POST', `/api/v1/chats/${id}/share`, { refresh_snapshot: true });
    expect(await (await page(s.share_id)).text()).toContain('edited question text');
  });

  it('a snapshot too long to read in process (300 KB) reads the same at every API read, download and clone', async () => {
    // Its {rev}.json is kept in the artifact cache: the first API read handed that very buffer over to the pool thread,
    // which left the cached copy empty, and every later read of the snapshot answered 500 (the API) or 404 (downloads).
    const id = (await owner.req('POST', '/api/v1/chats/new', { chat: longChat('Mid-size snapshot', 3000) })).json.id as string;
    const shareId = (await owner.req('POST', `/api/v1/chats/${id}/share`, {})).json.share_id as string;
    for (let i = 0; i < 3; i++) {
      const r = await viewer.req('GET', `/api/v1/chats/share/${shareId}`);
      expect(r.status).toBe(200);
      expect(Object.keys(r.json.chat.history.messages)).toHaveLength(3000);
    }
    const download = await fetch(`${server.url}/s/${shareId}/download?format=json`);
    expect(download.status).toBe(200);
    expect((await download.json())[0].chat.messages).toHaveLength(3000); // the branch shown, as a list
    for (let i = 0; i < 2; i++) {
      const clone = await viewer.req('POST', `/api/v1/chats/${shareId}/clone/shared`);
      expect(clone.status).toBe(200);
      expect(clone.json).toMatchObject({ title: 'Clone of Mid-size snapshot', chat: { originalChatId: id, branchPointMessageId: 'm2999' } });
      expect(Object.keys(clone.json.chat.history.messages)).toHaveLength(3000);
    }
  });

  it('a live share follows the chat', async () => {
    const id = await newChat('Live one', 'live question one');
    const s = (await owner.req('POST', `/api/v1/chats/${id}/share`, { is_live: true })).json;
    expect(s.type).toBe('live');
    expect(await (await page(s.share_id)).text()).toContain('live question one');
    const chat = (await owner.req('GET', `/api/v1/chats/${id}`)).json.chat;
    chat.history.messages.a.content = 'live question two';
    await new Promise((r) => setTimeout(r, 1100));
    await owner.req('POST', `/api/v1/chats/${id}`, { chat: { history: chat.history } });
    expect(await (await page(s.share_id)).text()).toContain('live question two');
  });

  it('share pages send the security headers; the OG image is a cached 1200x630 PNG', async () => {
    const id = await newChat();
    const s = (await owner.req('POST', `/api/v1/chats/${id}/share`, {})).json;
    const r = await page(s.share_id);
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(r.headers.get('set-cookie')).toBeNull();
    const html = await r.text();
    const img = html.match(/property="og:image" content="([^"]+)"/)![1]!;
    const png = await fetch(img.replace(/&amp;/g, '&'));
    expect(png.status).toBe(200);
    expect(png.headers.get('cache-control')).toContain('immutable');
    const buf = Buffer.from(await png.arrayBuffer());
    expect(buf.readUInt32BE(16)).toBe(1200);
    expect(buf.readUInt32BE(20)).toBe(630);
    const again = await fetch(img.replace(/&amp;/g, '&'), { headers: { 'if-none-match': png.headers.get('etag')! } });
    expect(again.status).toBe(304);
    const priv = (await owner.req('POST', `/api/v1/chats/${await newChat()}/share`, { is_public: false })).json;
    expect((await page(priv.share_id, { authorization: `Bearer ${viewer.token}` })).headers.get('x-robots-tag')).toContain('noindex');
  });

  it('deleting a chat deletes its share and its files', async () => {
    const id = await newChat();
    const s = (await owner.req('POST', `/api/v1/chats/${id}/share`, {})).json;
    await owner.req('DELETE', `/api/v1/chats/${id}`);
    expect((await page(s.share_id)).status).toBe(404);
    expect(await shareFiles(server, id)).toEqual([]);
  });
});
