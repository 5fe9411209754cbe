// One account flooding the render pool with 20,000-message chats must not stall another account's small publish.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';
import { longChat } from '../helpers/long-chat';

describe('render pool fairness between accounts', () => {
  let server: TestServer;
  let flooder: Client;
  let bystander: Client;
  const floodChats: string[] = [];
  const floodShares: string[] = [];
  beforeAll(async () => {
    server = await startServer({ CHATSHARE_NO_WARMUP: '' }); // warm, as in production: a cold grammar would be timed
    flooder = new Client(server.url);
    bystander = new Client(server.url);
    await flooder.signup('flooder@example.com');
    await bystander.signup('bystander@example.com');
    for (let i = 0; i < 2; i++) {
      const r = await flooder.req('POST', '/api/v1/chats/new', { chat: longChat(`Flood ${i}`, 20_000, (k) => `Message ${k} with **bold** and \`code\` ${i}`) });
      expect(r.status).toBe(200);
      floodChats.push(r.json.id);
      floodShares.push((await flooder.req('POST', `/api/v1/chats/${r.json.id}/share`, { is_live: true })).json.share_id);
    }
  }, 120_000);
  afterAll(async () => { await server?.stop(); });

  it("another user's 10-message publish and live view complete while one account floods", async () => {
    let flooding = true;
    const statuses: number[] = [];
    // The flood: edits of the long chats, their live pages viewed right after, and snapshot refreshes of them.
    const loop = async (i: number) => {
      let n = 0;
      while (flooding) {
        const chatId = floodChats[i % 2]!;
        const chat = longChat(`Flood ${i}`, 20_000, (k) => `Message ${k} with **bold** and \`code\` ${i} ${n}`);
        statuses.push((await flooder.req('POST', `/api/v1/chats/${chatId}`, { chat })).status);
        statuses.push((await fetch(`${server.url}/s/${floodShares[i % 2]}`)).status);
        n++;
      }
    };
    const snapshots = async (i: number) => {
      while (flooding) {
        statuses.push((await flooder.req('POST', `/api/v1/chats/${floodChats[i % 2]}/share`, { is_live: false, refresh_snapshot: true })).status);
        statuses.push((await flooder.req('POST', `/api/v1/chats/${floodChats[i % 2]}/share`, { is_live: true })).status);
      }
    };
    const flood = Promise.all([loop(0), loop(1), snapshots(0), snapshots(1)]);
    try {
      await new Promise((r) => setTimeout(r, 3000)); // the flood is under way

      const small = await bystander.req('POST', '/api/v1/chats/new', { chat: longChat('Small chat', 10) });
      expect(small.status).toBe(200);
      let t = performance.now();
      const publish = await bystander.req('POST', `/api/v1/chats/${small.json.id}/share`, {});
      const publishMs = performance.now() - t;
      expect(publish.status).toBe(200);

      // Their live link's first view after an edit.
      const live = await bystander.req('POST', `/api/v1/chats/${small.json.id}/share`, { is_live: true });
      expect(live.status).toBe(200);
      const edited = longChat('Small chat', 10);
      edited.history.messages.m9!.content = 'Edited';
      await new Promise((r) => setTimeout(r, 1100));
      expect((await bystander.req('POST', `/api/v1/chats/${small.json.id}`, { chat: edited })).status).toBe(200);
      t = performance.now();
      const view = await fetch(`${server.url}/s/${live.json.share_id}`);
      const viewMs = performance.now() - t;
      expect(view.status).toBe(200);
      expect(await view.text()).toContain('Edited');
      console.log(`during the flood: bystander's publish ${publishMs.toFixed(0)} ms, live view after an edit ${viewMs.toFixed(0)} ms`);
      // Generous: what is left is the flood's own work on the request thread (parsing its 3 MB chats), on a shared machine.
      // Measured: publish median ~160 ms (0.1-0.9 s), view 15-450 ms; 0.6-2.5 s and up to 0.4 s before one heavy request per account.
      expect(publishMs).toBeLessThan(4000); // 6.1 s in this test before (13-20 s in the review)
      expect(viewMs).toBeLessThan(4000); // 6.2 s in this test before (10-25 s in the review)
    } finally {
      flooding = false;
      await flood;
    }
    // The flooder gets answers, never a 5xx: its own work waits its turn or is refused with RENDER_BUSY (503).
    expect(statuses.filter((s) => s >= 500 && s !== 503)).toEqual([]);
  }, 180_000);
});

describe("one account's heavy requests are admitted one at a time", () => {
  let server: TestServer;
  afterAll(async () => { await server?.stop(); });

  it('past its short line, concurrent writes of 3 MB chats answer RENDER_BUSY before being read; another user is served meanwhile', async () => {
    server = await startServer({ RENDER_QUEUE_PER_ACCOUNT: '2', CHATSHARE_RENDER_TRACE: '1', CHATSHARE_NO_WARMUP: '' });
    const flooder = new Client(server.url);
    const other = new Client(server.url);
    await flooder.signup('heavy@example.com');
    await other.signup('other@example.com');
    const created = await flooder.req('POST', '/api/v1/chats/new', { chat: longChat('Heavy', 20_000) });
    expect(created.status).toBe(200);
    const body = JSON.stringify({ chat: longChat('Heavy', 20_000, (k) => `Edited ${k}`) });
    const send = () => fetch(`${server.url}/api/v1/chats/${created.json.id}`, {
      method: 'POST', body, headers: { 'content-type': 'application/json', authorization: `Bearer ${flooder.token}` },
    });
    const writes = Promise.all(Array.from({ length: 8 }, send));
    const small = await other.req('POST', '/api/v1/chats/new', { chat: longChat('Small', 10) });
    expect(small.status).toBe(200); // another account's write is not in the flooder's line
    const answers = await writes;
    const statuses = answers.map((r) => r.status);
    // One running and two waiting at a time: of 8 sent at once most are refused (all 8 were read and parsed before).
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    const refused = answers.filter((r) => r.status === 503);
    expect(refused.length).toBeGreaterThanOrEqual(3);
    expect(refused.length + statuses.filter((s) => s === 200).length).toBe(8);
    expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await refused[0]!.json()).code).toBe('RENDER_BUSY');
  }, 120_000);

  it("a 3 MB chat's update is parsed, checked and serialized on a pool thread; the request thread stays free", async () => {
    const owner = new Client(server.url);
    await owner.signup('pool-update@example.com');
    const created = await owner.req('POST', '/api/v1/chats/new', { chat: longChat('Parsed off the thread', 20_000) });
    expect(created.status).toBe(200);
    const updatesOnPool = () => server.logs().match(/render-trace \S+ chat-update /g)?.length ?? 0;
    const before = updatesOnPool();
    let probing = true;
    let worst = 0;
    const probe = (async () => {
      while (probing) {
        const t = performance.now();
        await (await fetch(`${server.url}/healthz`)).text();
        worst = Math.max(worst, performance.now() - t);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    for (let n = 0; n < 3; n++) {
      const r = await owner.req('POST', `/api/v1/chats/${created.json.id}`, { chat: { title: `Renamed ${n}`, history: longChat('x', 20_000, (k) => `Edit ${n} of ${k}`).history } });
      expect(r.status).toBe(200);
      expect(r.json.title).toBe(`Renamed ${n}`);
      expect(r.json.chat.history.messages.m19999.content).toBe(`Edit ${n} of 19999`);
    }
    probing = false;
    await probe;
    console.log(`worst /healthz answer during three 20,000-message updates: ${worst.toFixed(0)} ms`);
    // The work ran as the account's pool task (the trace's line), not on the request thread.
    expect(updatesOnPool() - before).toBe(3);
    expect(worst).toBeLessThan(1000); // generous: the CPUs are shared
  }, 120_000);
});
