// A 120,000-message live share on the built server: the first view after an edit answers its first byte at once (the
// previous version, while the new one renders; the page's poll brings the change), parsing the chat, walking its path
// and hashing its messages run on the render pool, not on the request thread, so a bystander's view of another share
// meanwhile is not held up; the page stays small.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';
import { longChat } from '../helpers/long-chat';

/** Time to the response's headers (the first byte) and the body. */
async function timed(url: string): Promise<{ firstByte: number; status: number; html: string }> {
  const t = performance.now();
  const res = await fetch(url);
  const firstByte = performance.now() - t;
  return { firstByte, status: res.status, html: await res.text() };
}

describe('a 120,000-short-message live share', () => {
  let server: TestServer;
  let owner: Client;
  let chatId: string;
  let shareId: string;
  let smallShare: string;
  const N = 120_000;
  const chat = longChat('Very long live chat', N, (i) => `m ${i}`) as ReturnType<typeof longChat> & { title: string };
  beforeAll(async () => {
    server = await startServer();
    owner = new Client(server.url);
    await owner.signup('long-live-120k@example.com');
    // ~14 MB: past a chat update's 10 MiB, within an import's limit.
    const created = await owner.req('POST', '/api/v1/chats/import', [{ title: chat.title, chat }]);
    expect(created.status).toBe(200);
    chatId = created.json.imported[0].id;
    shareId = (await owner.req('POST', `/api/v1/chats/${chatId}/share`, { is_live: true })).json.share_id;
    const small = await owner.req('POST', '/api/v1/chats/new', { chat: longChat('Small', 10) });
    smallShare = (await owner.req('POST', `/api/v1/chats/${small.json.id}/share`, { is_live: false })).json.share_id;
  }, 180_000);
  afterAll(async () => { await server?.stop(); });

  it('the first view, and the first after an edit, answer quickly and small while a bystander is served', async () => {
    const cold = await timed(`${server.url}/s/${shareId}`);
    console.log(`120,000-message live share, cold: first byte ${cold.firstByte.toFixed(0)} ms, ${cold.html.length} bytes`);
    expect(cold.status).toBe(200);
    expect(cold.html.length).toBeLessThan(200_000); // 28 MB before parts
    expect(cold.html).toContain(`id="m-m${N - 1}"`);
    expect(cold.firstByte).toBeLessThan(10_000); // the very first render of the chat (started when it was shared)

    // An edit (of the title: the update merges it into the stored chat) makes a new version the cache has never seen.
    await new Promise((r) => setTimeout(r, 1100)); // versions are in seconds
    expect((await owner.req('POST', `/api/v1/chats/${chatId}`, { chat: { title: 'Renamed long chat' } })).status).toBe(200);
    await timed(`${server.url}/s/${smallShare}`); // the bystander's page is warm

    // The first view after the edit, and a bystander's view of another share sent while it is under way.
    const first = timed(`${server.url}/s/${shareId}`);
    await new Promise((r) => setTimeout(r, 30));
    const bystander = await timed(`${server.url}/s/${smallShare}`);
    const after = await first;
    console.log(`after an edit: first byte ${after.firstByte.toFixed(0)} ms; a bystander's view meanwhile ${bystander.firstByte.toFixed(0)} ms`);
    expect(after.status).toBe(200);
    expect(after.html).toContain(`id="m-m${N - 1}"`);
    // The new version lands within seconds, as the page's poll sees it.
    let renamed = '';
    for (let i = 0; i < 60 && !renamed.includes('Renamed long chat'); i++) {
      await new Promise((r) => setTimeout(r, 250));
      renamed = (await timed(`${server.url}/s/${shareId}`)).html;
    }
    expect(renamed).toContain('Renamed long chat');
    expect(after.firstByte).toBeLessThan(1000);
    expect(bystander.status).toBe(200);
    expect(bystander.firstByte).toBeLessThan(500);
  }, 120_000);

  it('parts of it come in place, gated by the page\'s token', async () => {
    const res = await fetch(`${server.url}/s/${shareId}`);
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('cs_view_')) ?? '';
    const part = Number(/href="\?part=(\d+)"/.exec(await res.text())![1]);
    expect((await fetch(`${server.url}/s/${shareId}/part?n=${part}`)).status).toBe(403);
    for (const k of [part, part - 1, 1]) {
      const t = performance.now();
      const got = await fetch(`${server.url}/s/${shareId}/part?n=${k}`, { headers: { cookie } });
      const body = await got.json();
      console.log(`part ${k} of the 120,000-message live share: ${(performance.now() - t).toFixed(0)} ms`);
      expect(got.status).toBe(200);
      expect(body.html).toContain(`id="m-m${20 + (k - 1) * 200}"`);
    }
  }, 60_000);
});
