// Issue 18.2: views per day, link previews per platform (never views) and referring sites of a share, counted in memory
// and added to the day tables by a short flush; read by the owner only; cleared by a reset; gone with their share.
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';

let srv: TestServer;
let alice: Client;
let bob: Client;

const chatOf = (title: string) => ({ chat: { title, history: { currentId: 'a', messages: { q: { id: 'q', parentId: null, childrenIds: ['a'], role: 'user', content: `About ${title}` }, a: { id: 'a', parentId: 'q', childrenIds: [], role: 'assistant', content: 'Answer.' } } } } });
const today = () => new Date().toISOString().slice(0, 10);
const SLACK = 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)';
const DISCORD = 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)';
const IMESSAGE = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

async function share(owner: Client, title: string): Promise<{ chatId: string; shareId: string }> {
  const chatId = (await owner.req('POST', '/api/v1/chats/new', chatOf(title))).json.id as string;
  const r = await owner.req('POST', `/api/v1/chats/${chatId}/share`, {});
  expect(r.status).toBe(200);
  return { chatId, shareId: r.json.share_id };
}

const view = (shareId: string, headers: Record<string, string> = {}, method = 'GET') =>
  fetch(`${srv.url}/s/${shareId}`, { method, headers: { 'user-agent': BROWSER, ...headers } }).then(async (r) => { await r.arrayBuffer(); return r.status; });

/** The owner's statistics once `done` holds (the flush runs every 100 ms here); the last answer if it never does. */
async function statsWhen(chatId: string, done: (s: any) => boolean, query = ''): Promise<any> {
  const deadline = Date.now() + 4000;
  for (;;) {
    const r = await alice.req('GET', `/api/v1/chats/${chatId}/share/stats${query}`);
    expect(r.status).toBe(200);
    if (done(r.json) || Date.now() > deadline) return r.json;
    await new Promise((res) => setTimeout(res, 100));
  }
}

beforeAll(async () => {
  srv = await startServer({ CHATSHARE_NO_WARMUP: '1', STATS_FLUSH_MS: '100' });
  alice = new Client(srv.url);
  bob = new Client(srv.url);
  await alice.signup('alice-stats@example.com');
  await bob.signup('bob-stats@example.com');
});
afterAll(async () => srv?.stop());

describe('share statistics', () => {
  it('counts views per day, previews per platform apart from views, and referring sites by host name only', async () => {
    const { chatId, shareId } = await share(alice, 'Counted');
    const news = { referer: 'https://news.example.com/item?id=42' };
    expect(await view(shareId, news)).toBe(200);
    expect(await view(shareId, news)).toBe(200);
    expect(await view(shareId, { referer: 'https://user:pw@WWW.Reddit.com:443/r/chats?q=1#top' })).toBe(200);
    expect(await view(shareId, { referer: `${srv.url}/shared` })).toBe(200); // this site itself: not a referring site
    expect(await view(shareId, { referer: 'android-app://com.slack/' })).toBe(200); // not http(s): no referrer
    expect(await view(shareId)).toBe(200);
    expect((await bob.req('GET', `/s/${shareId}`)).status).toBe(200); // a signed-in stranger (Astro's path): counted
    expect((await alice.req('GET', `/s/${shareId}`)).status).toBe(200); // the owner: never counted
    for (const ua of [SLACK, SLACK, DISCORD, IMESSAGE]) expect(await view(shareId, { 'user-agent': ua })).toBe(200);
    expect(await view(shareId, { 'user-agent': SLACK }, 'HEAD')).toBe(200); // a HEAD is no unfurl

    const s = await statsWhen(chatId, (x) => x.window_views >= 7 && Object.keys(x.previews).length >= 3 && x.referrers.length >= 2);
    expect(s.total_views).toBe(7);
    expect(s.days).toHaveLength(90);
    expect(s.days.at(-1)).toEqual({ date: today(), views: 7 });
    expect(s.days.slice(0, -1).every((d: { views: number }) => d.views === 0)).toBe(true);
    expect(s.window_views).toBe(7);
    expect(s.previews).toEqual({ slack: 2, discord: 1, imessage: 1 });
    expect(s.referrers).toEqual([{ domain: 'news.example.com', views: 2 }, { domain: 'www.reddit.com', views: 1 }]);
    expect(JSON.stringify(s)).not.toMatch(/127\.0\.0\.1|Mozilla|Slackbot/); // nothing of the viewer comes back

    // Nothing about the viewer is stored: the tables hold counts, days, platforms and host names only.
    const conn = new Database(path.join(srv.dataDir, 'chatshare.sqlite'), { readonly: true });
    try {
      const cols = (t: string) => (conn.prepare(`PRAGMA table_info(${t})`).all() as Array<{ name: string }>).map((c) => c.name);
      expect(cols('share_view_day')).toEqual(['chat_id', 'day', 'views']);
      expect(cols('share_preview_day')).toEqual(['chat_id', 'day', 'platform', 'previews']);
      expect(cols('share_referrer_day')).toEqual(['chat_id', 'day', 'domain', 'views']);
    } finally { conn.close(); }

    const week = await alice.req('GET', `/api/v1/chats/${chatId}/share/stats?days=7`);
    expect(week.json.days).toHaveLength(7);
    expect(week.json.days.at(-1).views).toBe(7);
    const bad = await alice.req('GET', `/api/v1/chats/${chatId}/share/stats?days=5`);
    expect(bad.status).toBe(422);
    expect(bad.json.code).toBe('VALIDATION_ERROR');
    expect(bad.json.detail).toMatch(/7, 30 or 90/);
    const [fr, es] = await Promise.all(['fr', 'es'].map((l) => alice.req('GET', `/api/v1/chats/${chatId}/share/stats?days=abc`, undefined, { 'accept-language': l })));
    expect([fr!.status, fr!.json.detail, es!.json.detail]).toEqual([422, 'days doit valoir 7, 30 ou 90.', 'days debe ser 7, 30 o 90.']);
  });

  it('answers only the owner: a stranger gets the 404 the other share routes give, a signed-out caller a 401', async () => {
    const { chatId } = await share(alice, 'Private numbers');
    const sibling = await bob.req('GET', `/api/v1/chats/${chatId}/share`);
    const stranger = await bob.req('GET', `/api/v1/chats/${chatId}/share/stats`);
    expect(stranger.status).toBe(404);
    expect(stranger.json.code).toBe(sibling.json.code);
    expect(JSON.stringify(stranger.json)).not.toMatch(/days|views/);
    expect((await new Client(srv.url).req('GET', `/api/v1/chats/${chatId}/share/stats`)).status).toBe(401);
    const none = (await alice.req('POST', '/api/v1/chats/new', chatOf('Never shared'))).json.id;
    const noLink = await alice.req('GET', `/api/v1/chats/${none}/share/stats`);
    expect([noLink.status, noLink.json.code]).toEqual([404, 'SHARE_LINK_NOT_FOUND']);
  });

  it('Reset statistics clears the days, previews and referrers with the counters', async () => {
    const { chatId, shareId } = await share(alice, 'Reset me');
    await view(shareId, { referer: 'https://blog.example.org/post' });
    await view(shareId, { 'user-agent': SLACK });
    await statsWhen(chatId, (x) => x.window_views === 1 && x.previews.slack === 1);
    expect((await alice.req('POST', `/api/v1/chats/${chatId}/reset_stats`)).status).toBe(200);
    const after = await alice.req('GET', `/api/v1/chats/${chatId}/share/stats`);
    expect(after.json).toMatchObject({ total_views: 0, window_views: 0, previews: {}, referrers: [] });
    // Counting goes on after a reset.
    await view(shareId);
    expect((await statsWhen(chatId, (x) => x.window_views === 1)).window_views).toBe(1);

    // The dashboard's bulk reset clears them too.
    const r = await alice.req('POST', '/api/v1/chats/shared/bulk', { action: 'reset_stats', chat_ids: [chatId] });
    expect(r.json.done).toEqual([chatId]);
    expect((await alice.req('GET', `/api/v1/chats/${chatId}/share/stats`)).json.window_views).toBe(0);
  });

  it('a deleted share leaves no statistics behind', async () => {
    const { chatId, shareId } = await share(alice, 'Delete me');
    await view(shareId, { referer: 'https://forum.example.net/t/1' });
    await view(shareId, { 'user-agent': DISCORD });
    await statsWhen(chatId, (x) => x.window_views === 1 && x.referrers.length === 1 && x.previews.discord === 1);
    const rows = () => {
      const conn = new Database(path.join(srv.dataDir, 'chatshare.sqlite'), { readonly: true });
      try {
        return ['share_view_day', 'share_preview_day', 'share_referrer_day'].map((t) => (conn.prepare(`SELECT count(*) AS n FROM ${t} WHERE chat_id = ?`).get(chatId) as { n: number }).n);
      } finally { conn.close(); }
    };
    expect(rows()).toEqual([1, 1, 1]);
    expect((await alice.req('DELETE', `/api/v1/chats/${chatId}`)).status).toBe(200);
    expect(rows()).toEqual([0, 0, 0]);
    expect((await alice.req('GET', `/api/v1/chats/${chatId}/share/stats`)).status).toBe(404);
  });
});

describe('share statistics at a graceful stop', () => {
  it('a SIGTERM adds what was counted since the last flush', async () => {
    const slow = await startServer({ CHATSHARE_NO_WARMUP: '1', STATS_FLUSH_MS: '600000' });
    let again: TestServer | null = null;
    try {
      const owner = new Client(slow.url);
      await owner.signup('carol-stats@example.com');
      const chatId = (await owner.req('POST', '/api/v1/chats/new', chatOf('Stop'))).json.id;
      const shareId = (await owner.req('POST', `/api/v1/chats/${chatId}/share`, {})).json.share_id;
      for (let i = 0; i < 3; i++) await (await fetch(`${slow.url}/s/${shareId}`, { headers: { 'user-agent': BROWSER } })).arrayBuffer();
      expect((await owner.req('GET', `/api/v1/chats/${chatId}/share/stats`)).json.window_views).toBe(0); // not flushed yet
      expect(await slow.kill('SIGTERM')).toBe(0);
      again = await startServer({ CHATSHARE_NO_WARMUP: '1' }, { dataDir: slow.dataDir });
      const back = new Client(again.url);
      back.token = owner.token;
      const s = await back.req('GET', `/api/v1/chats/${chatId}/share/stats`);
      expect([s.json.total_views, s.json.window_views]).toEqual([3, 3]);
    } finally {
      await again?.stop();
      await slow.stop();
    }
  });
});
