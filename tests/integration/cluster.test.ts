// WORKERS=2: two processes on one port share the SQLite file; view and clone limits stay exact across them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { startServer, Client, NAVIGATE, type TestServer } from '../helpers/server';

let srv: TestServer;
let owner: Client;

/** The processes whose parent is `pid`. */
const childrenOf = (pid: number): number[] => fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((d) => {
  try { return Number(fs.readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) === pid; } catch { return false; }
}).map(Number);

const chat = { chat: { title: 'Across workers', history: { currentId: 'a', messages: {
  q: { id: 'q', parentId: null, childrenIds: ['a'], role: 'user', content: 'Does the limit hold?' },
  a: { id: 'a', parentId: 'q', childrenIds: [], role: 'assistant', content: 'Exactly.' } } } } };

beforeAll(async () => {
  srv = await startServer({ WORKERS: '2', CHATSHARE_NO_WARMUP: '1' });
  owner = new Client(srv.url);
  await owner.signup('owner@example.com');
});
afterAll(async () => srv?.stop());

describe('WORKERS=2', () => {
  it('runs two worker processes under one primary', async () => {
    expect(childrenOf(srv.pid)).toHaveLength(2);
  });

  it('50 concurrent viewers of a max_views=3 link get exactly 3 pages between the two workers', async () => {
    const id = (await owner.req('POST', '/api/v1/chats/new', chat)).json.id;
    const share = (await owner.req('POST', `/api/v1/chats/${id}/share`, { max_views: 3 })).json;
    const statuses = await Promise.all(Array.from({ length: 50 }, () => fetch(`${srv.url}/s/${share.share_id}`, { headers: { connection: 'close', ...NAVIGATE } }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 410)).toHaveLength(47);
    expect((await owner.req('GET', `/api/v1/chats/${id}/share`)).json.views).toBe(3);
  });

  it('20 concurrent clones of a max_clones=3 link make exactly 3', async () => {
    const id = (await owner.req('POST', '/api/v1/chats/new', chat)).json.id;
    const share = (await owner.req('POST', `/api/v1/chats/${id}/share`, { max_clones: 3 })).json;
    const cloner = new Client(srv.url);
    await cloner.signup('cloner@example.com');
    const results = await Promise.all(Array.from({ length: 20 }, () => cloner.req('POST', `/api/v1/chats/${share.share_id}/clone/shared`, undefined, { connection: 'close' })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(3);
    expect((await owner.req('GET', `/api/v1/chats/${id}/share`)).json.clones).toBe(3);
  });

  it('SIGTERM stops both workers and the primary exits 0', async () => {
    const workers = childrenOf(srv.pid);
    expect(await srv.kill('SIGTERM')).toBe(0);
    for (const w of workers) expect(fs.existsSync(`/proc/${w}`) && !fs.readFileSync(`/proc/${w}/stat`, 'utf8').includes(') Z ')).toBe(false);
  });
});
