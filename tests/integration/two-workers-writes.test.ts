// WORKERS=2 with writes racing in both processes (big imports, chat creates) while counted views go on: no request
// answers 500 "database is locked" (nor 503: a lock conflict is waited out, asynchronously), and every view is counted.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, NAVIGATE, type TestServer } from '../helpers/server';
import { bigExport } from '../helpers/big-exports';

let srv: TestServer;

const chat = (i: number) => ({ chat: { title: `Race ${i}`, history: { currentId: 'a', messages: {
  q: { id: 'q', parentId: null, childrenIds: ['a'], role: 'user', content: `Race ${i}?` },
  a: { id: 'a', parentId: 'q', childrenIds: [], role: 'assistant', content: 'Yes.' } } } } });

beforeAll(async () => {
  srv = await startServer({ WORKERS: '2', CHATSHARE_NO_WARMUP: '1' });
});
afterAll(async () => srv?.stop());

describe('WORKERS=2, writes racing', () => {
  it('four 16 MB imports and 200 chat creates while views are counted: no 500, and views keep coming back', async () => {
    const viewer = new Client(srv.url);
    await viewer.signup('counted@example.com');
    const id = (await viewer.req('POST', '/api/v1/chats/new', chat(0))).json.id;
    const share = (await viewer.req('POST', `/api/v1/chats/${id}/share`, { max_views: 1_000_000 })).json;
    const importers = await Promise.all([1, 2, 3, 4].map(async (n) => {
      const c = new Client(srv.url);
      await c.signup(`importer${n}@example.com`);
      return c;
    }));
    const body = bigExport(8000, 2000, 'race');
    const statuses: number[] = [];
    const work = Promise.all([
      ...importers.map((c) => fetch(`${srv.url}/api/v1/chats/import`, { method: 'POST', headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json', connection: 'close' }, body })
        .then(async (r) => { statuses.push(r.status); await r.arrayBuffer(); }, () => { statuses.push(0); })), // 0: connection lost
      (async () => {
        // Chat creates from both workers (a new connection each), a few at a time, for as long as the imports run.
        for (let i = 0; i < 200; i += 4) {
          const rs = await Promise.all([0, 1, 2, 3].map((k) => importers[k]!.req('POST', '/api/v1/chats/new', chat(i + k), { connection: 'close' })));
          statuses.push(...rs.map((r) => r.status));
        }
      })(),
    ]);
    let done = false;
    void work.finally(() => { done = true; });
    const times: number[] = [];
    const viewStatuses: number[] = [];
    while (!done) {
      const t0 = performance.now();
      const r = await fetch(`${srv.url}/s/${share.share_id}`, { headers: { connection: 'close', ...NAVIGATE } });
      await r.arrayBuffer();
      viewStatuses.push(r.status);
      times.push(performance.now() - t0);
      await new Promise((res) => setTimeout(res, 15));
    }
    await work;
    times.sort((a, b) => a - b);
    const max = times.at(-1)!;
    console.log(`WORKERS=2: ${statuses.length} writes (${[...new Set(statuses)].join(',')}), ${times.length} views, p99 ${times[Math.floor(times.length * 0.99)]!.toFixed(0)} ms, max ${max.toFixed(0)} ms; 500s: ${statuses.filter((s) => s === 500).length}`);
    if (statuses.some((s) => s >= 500 || s === 0)) console.log(srv.logs().slice(-4000));
    expect(statuses.filter((s) => s >= 500 || s === 0)).toEqual([]);
    expect(statuses).toHaveLength(204);
    expect(new Set(viewStatuses)).toEqual(new Set([200]));
    // Every view was counted, in either worker.
    expect((await viewer.req('GET', `/api/v1/chats/${id}/share`)).json.views).toBe(times.length);
  }, 240_000);
});

describe('a write lock held by another process (as the other worker holds it during a long write)', () => {
  let one: TestServer;
  let lock: Database.Database;
  beforeAll(async () => {
    one = await startServer({ CHATSHARE_NO_WARMUP: '1' });
    lock = new Database(path.join(one.dataDir, 'chatshare.sqlite'));
  });
  afterAll(async () => {
    lock?.close();
    await one?.stop();
  });
  const hold = (ms: number) => {
    lock.prepare('BEGIN IMMEDIATE').run();
    return new Promise<void>((resolve) => setTimeout(() => { lock.prepare('COMMIT').run(); resolve(); }, ms));
  };

  it('a chat create waits for it without blocking the server: other requests are answered meanwhile, then the create lands', async () => {
    const c = new Client(one.url);
    await c.signup('waits@example.com');
    const released = hold(2000);
    const create = c.req('POST', '/api/v1/chats/new', chat(1));
    await new Promise((r) => setTimeout(r, 200));
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      expect((await fetch(`${one.url}/healthz`)).status).toBe(200);
      times.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 100));
    }
    await released;
    expect((await create).status).toBe(200);
    console.log(`health checks while a create waited on the lock: max ${Math.max(...times).toFixed(0)} ms`);
    // Before, SQLite's busy_timeout (5 s) slept on the request thread: every request waited for the lock's holder.
    expect(Math.max(...times)).toBeLessThan(700);
  });

  it('a lock held past the retries answers 503 BUSY with Retry-After, never 500', async () => {
    const c = new Client(one.url);
    await c.signup('busy@example.com');
    const released = hold(6500);
    const create = await c.req('POST', '/api/v1/chats/new', chat(2));
    await released;
    expect(create.status).toBe(503);
    expect(create.res.headers.get('retry-after')).toBe('1');
    expect(create.json).toEqual({ code: 'BUSY', detail: 'The server is busy. Try again in a moment.' });
  }, 30_000);
});
