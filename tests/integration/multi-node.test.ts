// Two chatshare nodes on one PostgreSQL and one S3 bucket, behind nginx as the load balancer (issue 15): limits stay exact
// over both nodes, the password throttle counts across them, a revoke on one is refused on the other within a second,
// and killing one node mid-load loses nothing committed while the other keeps answering; the node restarted rejoins.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, NAVIGATE, postgresFor, startServer, type TestServer } from '../helpers/server';
import { startS3, type TestS3 } from '../helpers/s3';
import { startBalancer, type Balancer } from '../helpers/balancer';

let a: TestServer;
let b: TestServer;
let lb: Balancer;
let s3: TestS3;
let env: Record<string, string>;
let owner: Client;
const cloners: Client[] = [];

const chat = (title: string) => ({ chat: { title, history: { currentId: 'a', messages: {
  q: { id: 'q', parentId: null, childrenIds: ['a'], role: 'user', content: `About ${title}?` },
  a: { id: 'a', parentId: 'q', childrenIds: [], role: 'assistant', content: 'An answer served by either node.' },
} } } });

async function share(options: Record<string, unknown>): Promise<{ chatId: string; shareId: string }> {
  const chatId = (await owner.req('POST', '/api/v1/chats/new', chat(`Shared ${Math.random()}`))).json.id as string;
  const r = await owner.req('POST', `/api/v1/chats/${chatId}/share`, options);
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return { chatId, shareId: r.json.share_id as string };
}

const view = (base: string, shareId: string) =>
  fetch(`${base}/s/${shareId}`, { headers: NAVIGATE }).then(async (r) => { await r.arrayBuffer(); return r.status; }, () => 0);
const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

beforeAll(async () => {
  s3 = await startS3();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'chatshare-nodes-'));
  env = { DATABASE_URL: await postgresFor(work), ...s3.env('nodes'), TRUST_PROXY: '1', CHATSHARE_NO_WARMUP: '1' };
  // Started together: both migrate the empty database at once, and the advisory lock lets one of them do it.
  [a, b] = await Promise.all([startServer(env), startServer(env)]);
  lb = await startBalancer([a.url, b.url]);
  owner = new Client(lb.url);
  await owner.signup('owner@example.com', 'correct horse battery', 'Owner');
  for (let i = 0; i < 4; i++) {
    const c = new Client(lb.url);
    await c.signup(`cloner-${i}@example.com`);
    cloners.push(c);
  }
}, 180_000);
afterAll(async () => { await lb?.stop(); await Promise.all([a?.stop(), b?.stop()]); await s3?.stop(); });

describe('two nodes behind nginx on one PostgreSQL and one bucket', () => {
  it('max_views=7 is exact under 200 concurrent views spread over both nodes', async () => {
    const { chatId, shareId } = await share({ max_views: 7 });
    await Promise.all(Array.from({ length: 40 }, () => fetch(`${lb.url}/healthz`).then((r) => r.text()))); // warm connections
    const statuses = await Promise.all(Array.from({ length: 200 }, () => view(lb.url, shareId)));
    expect(count(statuses, 200)).toBe(7);
    expect(count(statuses, 200) + count(statuses, 410)).toBe(200);
    expect((await owner.req('GET', `/api/v1/chats/${chatId}/share`)).json).toMatchObject({ views: 7, status: 'expired' });
    // Both nodes read the same row: each refuses the link now.
    expect([await view(a.url, shareId), await view(b.url, shareId)]).toEqual([410, 410]);
  });

  it('max_clones=3 is exact under 200 concurrent clones over both nodes', async () => {
    const { chatId, shareId } = await share({ max_clones: 3 });
    const statuses = await Promise.all(Array.from({ length: 200 }, (_, i) =>
      cloners[i % cloners.length]!.req('POST', `/api/v1/chats/${shareId}/clone/shared`).then((r) => r.status)));
    expect(count(statuses, 200)).toBe(3);
    expect((await owner.req('GET', `/api/v1/chats/${chatId}/share`)).json).toMatchObject({ clones: 3 });
    const copies = await Promise.all(cloners.map((c) => c.req('GET', '/api/v1/chats/?page=1').then((r) => r.json as unknown[])));
    expect(copies.flat().filter((c) => /Clone of Shared/.test(JSON.stringify(c))).length).toBe(3);
  });

  it('five wrong password guesses in all, across both nodes, not five per node', async () => {
    const { shareId } = await share({ password: 'open sesame' });
    const guess = (base: string, password: string) => fetch(`${base}/api/v1/chats/share/${shareId}/verify`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.18.7.7' }, body: JSON.stringify({ password }),
    }).then((r) => r.status);
    // Straight to each node in turn (the same client address, as the balancer would forward it), then the right one.
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push(await guess(i % 2 ? b.url : a.url, `wrong-${i}`));
    expect(count(statuses, 403)).toBe(5);
    expect(count(statuses, 429)).toBe(7);
    expect(await guess(b.url, 'open sesame')).toBe(429);
  });

  it('a revoke on node A is refused on node B within a second', async () => {
    const { chatId, shareId } = await share({});
    expect(await view(b.url, shareId)).toBe(200);
    const direct = new Client(a.url);
    direct.token = owner.token;
    expect((await direct.req('DELETE', `/api/v1/chats/${chatId}/share`)).status).toBe(200);
    const revokedAt = Date.now();
    let status = await view(b.url, shareId);
    while (status === 200 && Date.now() - revokedAt < 1000) status = await view(b.url, shareId);
    expect(status).toBe(410);
    expect(Date.now() - revokedAt).toBeLessThan(1000);
  });

  it('a live page opened on node A follows the chat through node B (one secret, one database)', async () => {
    const { chatId, shareId } = await share({ is_live: true });
    const page = await fetch(`${a.url}/s/${shareId}`, { headers: NAVIGATE });
    const html = await page.text();
    const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const version = /data-version="(\d+)"/.exec(html)?.[1];
    expect(version).toBeTruthy();
    await new Promise((r) => setTimeout(r, 1100)); // versions are in seconds
    const edited = chat('Edited');
    edited.chat.history.messages.a.content = 'An answer edited after the page was opened.';
    expect((await owner.req('POST', `/api/v1/chats/${chatId}`, edited)).status).toBe(200);
    const poll = await fetch(`${b.url}/s/${shareId}/live?v=${version}`, { headers: { cookie } });
    expect(poll.status).toBe(200);
    expect(await poll.text()).toContain('edited after the page was opened');
  });

  it('a clone intent made on node A is honoured once on node B, then refused on node A', async () => {
    const { shareId } = await share({});
    const anon = await fetch(`${a.url}/s/${shareId}/clone`, { method: 'POST', redirect: 'manual' });
    expect(anon.status).toBe(303);
    const intent = anon.headers.get('set-cookie')!.split(';')[0]!;
    const cookie = `${intent}; auth_session=${cloners[0]!.token}`;
    const onB = await fetch(`${b.url}/s/${shareId}/clone`, { headers: { cookie }, redirect: 'manual' });
    expect(onB.headers.get('location')).toMatch(/^\/c\//);
    const againOnA = await fetch(`${a.url}/s/${shareId}/clone`, { headers: { cookie }, redirect: 'manual' });
    expect(againOnA.headers.get('location')).toBe(`/s/${shareId}`);
  });

  it('a setting changed on node A holds on node B within a second (sign-up closed)', async () => {
    const admin = new Client(a.url);
    admin.token = owner.token; // the first account is the administrator
    expect((await admin.req('POST', '/api/v1/auths/admin/config', { ENABLE_SIGNUP: false })).status).toBe(200);
    const changedAt = Date.now();
    const signup = (n: number) => fetch(`${b.url}/api/v1/auths/signup`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `late-${n}@example.com`, password: 'correct horse battery' }),
    }).then((r) => r.status);
    let n = 0;
    let status = await signup(n++);
    while (status === 200 && Date.now() - changedAt < 1000) status = await signup(n++);
    expect(status).toBe(403);
    expect(Date.now() - changedAt).toBeLessThan(1000);
    expect((await admin.req('POST', '/api/v1/auths/admin/config', { ENABLE_SIGNUP: true })).status).toBe(200);
  });

  it('kill -9 of one node mid-load: the other keeps answering, no committed view is lost, the node restarted rejoins', async () => {
    const { chatId, shareId } = await share({});
    let served = 0;
    let failed = 0;
    let stop = false;
    const worker = async () => {
      while (!stop) {
        const s = await view(lb.url, shareId);
        if (s === 200) served++; else failed++;
      }
    };
    const load = Promise.all(Array.from({ length: 16 }, worker));
    await new Promise((r) => setTimeout(r, 700));
    const aPort = Number(new URL(a.url).port);
    expect(await a.kill('SIGKILL')).toBe('SIGKILL');
    const servedAtKill = served;
    await new Promise((r) => setTimeout(r, 1500));
    const servedAfterKill = served - servedAtKill;
    stop = true;
    await load;
    expect(servedAfterKill).toBeGreaterThan(20); // node B answered alone
    // Every page a viewer received was counted; a view committed by the killed node whose answer never left it may add one
    // or a few more (each of the 16 viewers had at most one request in flight).
    const views = (await owner.req('GET', `/api/v1/chats/${chatId}/share`)).json.views as number;
    expect(views).toBeGreaterThanOrEqual(served);
    expect(views).toBeLessThanOrEqual(served + 16);
    expect(failed).toBeLessThanOrEqual(16);
    // The node comes back where the balancer expects it, on the same database, and serves again.
    a = await startServer(env, { port: aPort });
    expect(await view(a.url, shareId)).toBe(200);
    const after = (await owner.req('GET', `/api/v1/chats/${chatId}/share`)).json.views as number;
    expect(after).toBe(views + 1);
  });
});
