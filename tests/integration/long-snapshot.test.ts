// Very long snapshots on the built server: the published page carries the opening and the latest messages, the rest
// comes in parts (plain `?part=N` links without script, an in-place fetch with it), and a part passes the same gate: a
// view-limited snapshot's part needs the proof its page's counted view left, and a plain part page counts as a view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, NAVIGATE, startServer, type TestServer } from '../helpers/server';
import { longChat } from '../helpers/long-chat';

const viewCookie = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('cs_view_')) ?? '';
const views = async (owner: Client, shareId: string) =>
  ((await owner.req('GET', '/api/v1/chats/shared')).json as Array<{ share_id: string; views: number }>).find((x) => x.share_id === shareId)?.views;

describe('a 20,000-message snapshot share', () => {
  let server: TestServer;
  let owner: Client;
  let chatId: string;
  const N = 20_000;
  beforeAll(async () => {
    server = await startServer();
    owner = new Client(server.url);
    await owner.signup('long-snapshot@example.com');
    const created = await owner.req('POST', '/api/v1/chats/new', { chat: longChat('Long snapshot', N) });
    expect(created.status).toBe(200);
    chatId = created.json.id;
  }, 120_000);
  afterAll(async () => { await server?.stop(); });

  it('the page is the opening and the latest messages, with plain links to the rest that work without script', async () => {
    const t0 = performance.now();
    const shared = await owner.req('POST', `/api/v1/chats/${chatId}/share`, { is_live: false, share_id: 'long-snap' });
    console.log(`publish of a ${N}-message snapshot: ${(performance.now() - t0).toFixed(0)} ms`);
    expect(shared.status).toBe(200);
    const t = performance.now();
    const res = await fetch(`${server.url}/s/long-snap`, { headers: NAVIGATE });
    const firstByte = performance.now() - t;
    const html = await res.text();
    console.log(`${N}-message snapshot page: first byte ${firstByte.toFixed(0)} ms, ${html.length} bytes`);
    expect(res.status).toBe(200);
    expect(firstByte).toBeLessThan(1000);
    expect(html.length).toBeLessThan(200_000); // the whole chat (several MB) before
    expect(html).toContain('id="m-m0"');
    expect(html).toContain(`id="m-m${N - 1}"`);
    expect(html).not.toContain('id="m-m10000"');
    expect(html).toContain('data-part-url="/s/long-snap/part"');
    const part = Number(/href="\?part=(\d+)"/.exec(html)![1]);

    // The script's fetch: the part's messages and the link before them.
    const fetched = await fetch(`${server.url}/s/long-snap/part?n=${part}&dir=earlier`, { headers: NAVIGATE });
    expect(fetched.status).toBe(200);
    const body = await fetched.json();
    expect(body.html).toContain(`id="m-m${N - 51}"`);
    expect(body.html).not.toContain(`id="m-m${N - 50}"`);
    expect(body.link).toContain(`href="?part=${part - 1}"`);

    // Without script: part k's page has the opening, the part with its neighbours' links, and the latest.
    const before = await views(owner, 'long-snap');
    const plain = await fetch(`${server.url}/s/long-snap?part=${part - 1}`, { headers: NAVIGATE });
    const plainHtml = await plain.text();
    expect(plain.status).toBe(200);
    expect(plainHtml).toContain('id="m-m0"');
    expect(plainHtml).toContain(`id="m-m${N - 251}"`);
    expect(plainHtml).toContain(`id="m-m${N - 1}"`);
    expect(plainHtml).toContain(`href="?part=${part - 2}"`);
    expect(plainHtml).toContain(`href="?part=${part}"`);
    expect(plainHtml.length).toBeLessThan(300_000);
    expect(await views(owner, 'long-snap')).toBe(before! + 1);
    expect((await fetch(`${server.url}/s/long-snap/part?n=999999`, { headers: NAVIGATE })).status).toBe(404);
    expect((await fetch(`${server.url}/s/long-snap?part=999999`, { headers: NAVIGATE })).status).toBe(404);
  }, 120_000);

  it('a view-limited snapshot: a part needs the page\'s counted view, and a plain part page is a counted view', async () => {
    expect((await owner.req('POST', `/api/v1/chats/${chatId}/reset_stats`)).status).toBe(200);
    const shared = await owner.req('POST', `/api/v1/chats/${chatId}/share`, { is_live: false, share_id: 'long-snap', max_views: 2 });
    expect(shared.status).toBe(200);
    expect(shared.json.max_views).toBe(2);
    const res = await fetch(`${server.url}/s/long-snap`, { headers: NAVIGATE });
    const cookie = viewCookie(res);
    const html = await res.text();
    expect(cookie).not.toBe('');
    const part = Number(/href="\?part=(\d+)"/.exec(html)![1]);
    expect(await views(owner, 'long-snap')).toBe(1);

    // No proof (another client), or a forged one: refused, and nothing read.
    expect((await fetch(`${server.url}/s/long-snap/part?n=${part}`, { headers: NAVIGATE })).status).toBe(403);
    expect((await fetch(`${server.url}/s/long-snap/part?n=${part}`, { headers: { cookie: `${cookie.split('=')[0]}=forged` } })).status).toBe(403);
    // The page's own proof: the part, not counted again, as often as the reader scrolls.
    for (let i = 0; i < 3; i++) expect((await fetch(`${server.url}/s/long-snap/part?n=${part - i}`, { headers: { cookie } })).status).toBe(200);
    expect(await views(owner, 'long-snap')).toBe(1);

    // A plain part page is a page view: the second spends the limit, the third is refused.
    expect((await fetch(`${server.url}/s/long-snap?part=${part}`, { headers: NAVIGATE })).status).toBe(200);
    expect(await views(owner, 'long-snap')).toBe(2);
    expect((await fetch(`${server.url}/s/long-snap?part=${part}`, { headers: NAVIGATE })).status).toBe(410);
    // The first page's reader still reads on (its view was counted), nobody else does.
    expect((await fetch(`${server.url}/s/long-snap/part?n=1`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${server.url}/s/long-snap/part?n=1`, { headers: NAVIGATE })).status).toBe(410);
  }, 120_000);
});
