// Very long live chats on the built server: the page comes quickly and small (the opening and the latest messages, the
// rest in parts behind plain links), a part is gated but not counted again, and a poll after an edit carries the change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';

import { longChat } from '../helpers/long-chat';

const attr = (html: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(html)?.[1] ?? '';
/** The page's own token: the view cookie its counted view set (HttpOnly, scoped to the share). */
const viewCookie = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('cs_view_')) ?? '';
const openPage = async (url: string) => { const res = await fetch(url); return { html: await res.text(), cookie: viewCookie(res) }; };
const views = async (owner: Client, shareId: string) =>
  ((await owner.req('GET', '/api/v1/chats/shared')).json as Array<{ share_id: string; views: number }>).find((x) => x.share_id === shareId)?.views;

describe('a 20,000-message live share', () => {
  let server: TestServer;
  let owner: Client;
  let chatId: string;
  let shareId: string;
  const N = 20_000;
  beforeAll(async () => {
    server = await startServer();
    owner = new Client(server.url);
    await owner.signup('long-live@example.com');
    const chat = longChat('Long live chat', N);
    const created = await owner.req('POST', '/api/v1/chats/new', { chat });
    expect(created.status).toBe(200);
    chatId = created.json.id;
    const shared = await owner.req('POST', `/api/v1/chats/${chatId}/share`, { is_live: true });
    expect(shared.status).toBe(200);
    shareId = shared.json.share_id;
  }, 120_000);
  afterAll(async () => { await server?.stop(); });

  it('first byte comes quickly and the page is small: the opening and the latest messages, a plain link to the rest', async () => {
    const t = performance.now();
    const res = await fetch(`${server.url}/s/${shareId}`);
    const firstByte = performance.now() - t;
    const html = await res.text();
    console.log(`20,000-message live page: first byte ${firstByte.toFixed(0)} ms, ${html.length} bytes`);
    expect(res.status).toBe(200);
    expect(firstByte).toBeLessThan(1500); // 6.5 s before
    expect(html.length).toBeLessThan(200_000); // several MB before
    expect(html).toContain('id="m-m0"'); // the opening
    expect(html).toContain(`id="m-m${N - 1}"`); // the latest
    expect(html).not.toContain('id="m-m10000"'); // the middle waits for its part
    expect(html).toMatch(/<a [^>]*href="\?part=\d+"/);
    expect(await views(owner, shareId)).toBe(1);
  }, 60_000);

  it('"Show earlier messages" works as a plain link (a counted page view) and as a gated, uncounted part fetch', async () => {
    const { html: page, cookie } = await openPage(`${server.url}/s/${shareId}`);
    expect(cookie).not.toBe('');
    const before = await views(owner, shareId);
    const part = Number(/href="\?part=(\d+)"/.exec(page)![1]);

    // The script's fetch: the part's messages, not counted again, gated with the page's token (its cookie).
    const fetched = await fetch(`${server.url}/s/${shareId}/part?n=${part}`, { headers: { cookie } });
    expect(fetched.status).toBe(200);
    const body = await fetched.json();
    expect(body.html).toContain(`id="m-m${N - 51}"`);
    expect(await views(owner, shareId)).toBe(before);
    expect((await fetch(`${server.url}/s/${shareId}/part?n=${part}`)).status).toBe(403);
    expect((await fetch(`${server.url}/s/${shareId}/part?n=${part}`, { headers: { cookie: `${cookie.split('=')[0]}=forged` } })).status).toBe(403);

    // Without script: the link is a page of its own with that part, its neighbours' links, and the latest messages.
    const plain = await fetch(`${server.url}/s/${shareId}?part=${part}`);
    const plainHtml = await plain.text();
    expect(plain.status).toBe(200);
    expect(plainHtml).toContain(`id="m-m${N - 51}"`);
    expect(plainHtml).toContain(`id="m-m${N - 1}"`);
    expect(plainHtml).toContain(`href="?part=${part - 1}"`);
    expect(await views(owner, shareId)).toBe(before! + 1);
    // A part that does not exist is a clear 404, never a 500.
    expect((await fetch(`${server.url}/s/${shareId}/part?n=999999`, { headers: { cookie } })).status).toBe(404);
  }, 60_000);

  it('a poll after a one-message edit carries only that message, compressed', async () => {
    const { html: page, cookie } = await openPage(`${server.url}/s/${shareId}`);
    const version = attr(page, 'data-version');
    const chat = longChat('Long live chat', N);
    chat.history.messages[`m${N - 2}`]!.content = 'An **edited** answer';
    await new Promise((r) => setTimeout(r, 1100)); // a new second: versions are in seconds
    expect((await owner.req('POST', `/api/v1/chats/${chatId}`, { chat })).status).toBe(200);

    const res = await fetch(`${server.url}/s/${shareId}/live?v=${version}`, { headers: { 'accept-encoding': 'gzip', cookie } });
    expect(res.status).toBe(200);
    const raw = Buffer.from(await res.arrayBuffer()); // undici decodes gzip: read the wire size from content-length
    const wire = Number(res.headers.get('content-length') ?? raw.length);
    console.log(`poll after a one-message edit: ${wire} bytes on the wire, ${raw.length} decoded`);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(wire).toBeLessThan(4_000); // ~274 KB uncompressed before
    const data = JSON.parse(raw.toString('utf8'));
    expect(data.changes.map((c: { id: string }) => c.id)).toEqual([`m${N - 2}`]);
    expect(data.changes[0].html).toContain('<strong>edited</strong>');
    expect(data.html).toBeUndefined();
  }, 60_000);
});
