// The owner's management API: list with filters, sort and pages; meta for select-all; bulk and danger-zone actions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, Client, NAVIGATE, type TestServer } from '../helpers/server';

let srv: TestServer;
let alice: Client;
let bob: Client;
const chats: Array<{ id: string; title: string }> = [];
let bobChat = '';

const chatOf = (title: string) => ({ chat: { title, history: { currentId: 'a', messages: { q: { id: 'q', parentId: null, childrenIds: ['a'], role: 'user', content: `Question about ${title}` }, a: { id: 'a', parentId: 'q', childrenIds: [], role: 'assistant', content: 'Answer.' } } } } });

beforeAll(async () => {
  srv = await startServer({ CHATSHARE_NO_WARMUP: '1' });
  alice = new Client(srv.url);
  bob = new Client(srv.url);
  await alice.signup('alice@example.com');
  await bob.signup('bob@example.com');
  for (let i = 0; i < 25; i++) {
    const title = `${i % 2 ? 'Rust' : 'python'} question ${String(i).padStart(2, '0')}`;
    const id = (await alice.req('POST', '/api/v1/chats/new', chatOf(title))).json.id as string;
    chats.push({ id, title });
    const options: Record<string, unknown> = { is_live: i % 5 === 0, is_public: i % 3 !== 0 };
    if (i % 4 === 0) options.password = 'hunter22';
    if (i === 7) options.max_views = 1;
    expect((await alice.req('POST', `/api/v1/chats/${id}/share`, options)).status).toBe(200);
  }
  await alice.req('DELETE', `/api/v1/chats/${chats[1]!.id}/share`); // revoked
  await alice.req('DELETE', `/api/v1/chats/${chats[3]!.id}/share`); // revoked
  const seven = await alice.req('GET', `/api/v1/chats/${chats[7]!.id}/share`);
  expect((await fetch(`${srv.url}/s/${seven.json.share_id}`, { headers: NAVIGATE })).status).toBe(200); // its one view: now expired
  bobChat = (await bob.req('POST', '/api/v1/chats/new', chatOf('Bob private'))).json.id;
  await bob.req('POST', `/api/v1/chats/${bobChat}/share`, {});
});
afterAll(async () => srv?.stop());

describe('GET /api/v1/chats/shared', () => {
  it('pages in the query with totals in headers, never showing another user\'s shares', async () => {
    const p1 = await alice.req('GET', '/api/v1/chats/shared?page_size=20');
    expect(p1.status).toBe(200);
    const head = (r: typeof p1, name: string) => r.res.headers.get(name);
    expect([head(p1, 'x-total-count'), head(p1, 'x-grand-total'), head(p1, 'x-page'), head(p1, 'x-page-size')]).toEqual(['25', '25', '1', '20']);
    expect(p1.json).toHaveLength(20);
    const p2 = await alice.req('GET', '/api/v1/chats/shared?page=2&page_size=20');
    expect(p2.json).toHaveLength(5);
    const ids = new Set([...p1.json, ...p2.json].map((s: { chat_id: string }) => s.chat_id));
    expect(ids.size).toBe(25);
    expect(ids.has(bobChat)).toBe(false);
    // Open WebUI's page is 60: without page_size, all 25 come at once.
    expect((await alice.req('GET', '/api/v1/chats/shared')).json).toHaveLength(25);
    // Each item is the share as POST /chats/{id}/share answers it, except `id`: the chat's id, as Open WebUI lists it.
    const first = p1.json[0];
    const direct = await alice.req('GET', `/api/v1/chats/${first.chat_id}/share`);
    expect(Object.keys(first).sort()).toEqual(Object.keys(direct.json).sort());
    expect(first.id).toBe(first.chat_id);
    expect(direct.json.id).toBe(direct.json.share_id);
    expect(first.title).toBe(chats.find((c) => c.id === first.chat_id)!.title);
  });

  it('filters by title (any case), visibility, password, status and type', async () => {
    const count = async (q: string) => Number((await alice.req('GET', `/api/v1/chats/shared?page_size=100&${q}`)).res.headers.get('x-total-count'));
    expect(await count('query=RUST')).toBe(12);
    expect(await count('query=question%2003')).toBe(1);
    expect(await count('is_public=false')).toBe(9);
    expect(await count('password=true')).toBe(7);
    expect(await count('password=false')).toBe(18);
    expect(await count('status=revoked')).toBe(2);
    expect(await count('status=expired')).toBe(1);
    expect(await count('status=active')).toBe(22);
    expect(await count('type=live')).toBe(5);
    expect(await count('type=snapshot&is_public=true&password=false')).toBe(10);
    const now = Math.floor(Date.now() / 1000);
    expect(await count(`start_date=${now + 3600}`)).toBe(0);
    expect(await count(`end_date=${now - 3600}`)).toBe(0);
    expect(await count(`start_date=${now - 3600}&end_date=${now + 3600}`)).toBe(25);
  });

  it('a renamed chat is listed and found under its new title', async () => {
    const target = chats[24]!;
    await alice.req('POST', `/api/v1/chats/${target.id}`, { chat: { title: 'Zebra crossing' } });
    const found = await alice.req('GET', '/api/v1/chats/shared?query=zebra');
    expect(found.json.map((s: { chat_id: string; title: string }) => [s.chat_id, s.title])).toEqual([[target.id, 'Zebra crossing']]);
    await alice.req('POST', `/api/v1/chats/${target.id}`, { chat: { title: target.title } });
    expect((await alice.req('GET', '/api/v1/chats/shared?query=zebra')).json).toEqual([]);
  });

  it('sorts by any column in either direction', async () => {
    const titles = (await alice.req('GET', '/api/v1/chats/shared?order_by=title&direction=asc&page_size=100')).json.map((s: { title: string }) => s.title);
    expect(titles).toEqual([...titles].sort((a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(titles[0]).toBe('python question 00');
    const byViews = (await alice.req('GET', '/api/v1/chats/shared?order_by=views&direction=desc')).json;
    expect(byViews[0].chat_id).toBe(chats[7]!.id);
    const byStatus = (await alice.req('GET', '/api/v1/chats/shared?order_by=status&direction=desc&page_size=3')).json.map((s: { status: string }) => s.status);
    expect(byStatus).toEqual(['revoked', 'revoked', 'expired']);
  });

  it('sorts by views and by status across pages, ties by chat id, though neither has an index (migration 0015)', async () => {
    const view = async (i: number, times: number) => {
      const id = (await alice.req('GET', `/api/v1/chats/${chats[i]!.id}/share`)).json.share_id as string;
      for (let k = 0; k < times; k++) expect((await fetch(`${srv.url}/s/${id}`)).status).toBe(200);
    };
    await view(13, 3);
    await view(2, 2);
    await view(11, 2);
    const page = async (q: string) => (await alice.req('GET', `/api/v1/chats/shared?${q}`)).json.map((s: { chat_id: string; views: number }) => [s.chat_id, s.views]);
    const tied = [chats[2]!.id, chats[11]!.id].sort();
    expect(await page('order_by=views&direction=desc&page_size=2')).toEqual([[chats[13]!.id, 3], [tied[1], 2]]);
    expect(await page('order_by=views&direction=desc&page_size=2&page=2')).toEqual([[tied[0], 2], [chats[7]!.id, 1]]);
    const asc = await page('order_by=views&direction=asc&page_size=100');
    expect(asc.slice(-4)).toEqual([[chats[7]!.id, 1], [tied[0], 2], [tied[1], 2], [chats[13]!.id, 3]]);
    const statuses = async (q: string) => (await alice.req('GET', `/api/v1/chats/shared?order_by=status&${q}`)).json.map((s: { status: string }) => s.status);
    expect([...await statuses('direction=asc&page_size=20'), ...await statuses('direction=asc&page_size=20&page=2')]).toEqual([...Array(22).fill('active'), 'expired', 'revoked', 'revoked']);
  });

  it('answers bad parameters with 422 naming the parameter', async () => {
    for (const [q, name] of [['page=0', 'page'], ['page_size=101', 'page_size'], ['page=abc', 'page'], ['order_by=password_hash', 'order_by'], ['direction=up', 'direction'],
      ['status=gone', 'status'], ['is_public=maybe', 'is_public'], ['type=video', 'type'], ['start_date=yesterday', 'start_date'], ['page=99999999999999999999', 'page']]) {
      const r = await alice.req('GET', `/api/v1/chats/shared?${q}`);
      expect(r.status, q).toBe(422);
      expect(r.json.code).toBe('VALIDATION_ERROR');
      expect(r.json.detail.startsWith(`${name}:`), r.json.detail).toBe(true);
    }
    expect((await new Client(srv.url).req('GET', '/api/v1/chats/shared')).status).toBe(401);
  });
});

describe('meta, reset and bulk actions', () => {
  it('meta lists every match across pages with counts by status', async () => {
    const meta = await alice.req('GET', '/api/v1/chats/shared/meta');
    expect(meta.json.total).toBe(25);
    expect(meta.json.items).toHaveLength(25);
    expect(meta.json.counts).toEqual({ active: 22, expired: 1, revoked: 2 });
    const rust = await alice.req('GET', '/api/v1/chats/shared/meta?query=rust&status=revoked');
    expect(rust.json.items.map((i: { chat_id: string }) => i.chat_id).sort()).toEqual([chats[1]!.id, chats[3]!.id].sort());
  });

  it('reset_stats brings views and clones to 0 and an expired-by-views link back, and leaves "Updated" alone', async () => {
    const before = (await alice.req('GET', `/api/v1/chats/${chats[7]!.id}/share`)).json.updated_at as number;
    expect(before).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1100)); // a rewrite of updated_at would now show a later second
    const r = await alice.req('POST', `/api/v1/chats/${chats[7]!.id}/reset_stats`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ views: 0, clones: 0, status: 'active' });
    // Statistics are not settings: the dashboard's default order (by updated) does not move (issue 19).
    expect(r.json.updated_at).toBe(before);
    const bulk = await alice.req('POST', '/api/v1/chats/shared/bulk', { action: 'reset_stats', chat_ids: [chats[7]!.id] });
    expect(bulk.json.done).toEqual([chats[7]!.id]);
    expect((await alice.req('GET', `/api/v1/chats/${chats[7]!.id}/share`)).json.updated_at).toBe(before);
    expect((await bob.req('POST', `/api/v1/chats/${chats[7]!.id}/reset_stats`)).status).toBe(404);
  });

  it('bulk acts on the caller\'s ids in one go and skips the rest', async () => {
    const ids = [chats[10]!.id, chats[11]!.id, bobChat, 'no-such-chat'];
    const r = await alice.req('POST', '/api/v1/chats/shared/bulk', { action: 'revoke', chat_ids: ids });
    expect(r.status).toBe(200);
    expect(r.json.done.sort()).toEqual([chats[10]!.id, chats[11]!.id].sort());
    expect(r.json.skipped.sort()).toEqual([bobChat, 'no-such-chat'].sort());
    expect((await bob.req('GET', `/api/v1/chats/${bobChat}/share`)).json.status).toBe('active');
    const restore = await alice.req('POST', '/api/v1/chats/shared/bulk', { action: 'restore', chat_ids: [chats[10]!.id] });
    expect(restore.json.done).toEqual([chats[10]!.id]);
    expect((await alice.req('GET', `/api/v1/chats/${chats[10]!.id}/share`)).json.status).toBe('active');
    for (const bad of [null, [], { action: 'delete', chat_ids: [] }, { action: 'revoke' }, { action: 'revoke', chat_ids: 'x' }]) {
      expect((await alice.req('POST', '/api/v1/chats/shared/bulk', bad)).status).toBe(422);
    }
  });

  it('revoke all, reset all and clear revoked report how many they touched', async () => {
    const revokedBefore = (await alice.req('GET', '/api/v1/chats/shared/meta')).json.counts.revoked as number;
    const all = await alice.req('DELETE', '/api/v1/chats/shared/all');
    expect(all.json).toEqual({ revoked: 25 - revokedBefore });
    expect((await alice.req('POST', '/api/v1/chats/shared/all/reset_stats')).json).toEqual({ reset: 25 });
    const shareId = (await alice.req('GET', `/api/v1/chats/${chats[0]!.id}/share`)).json.share_id;
    const cleared = await alice.req('DELETE', '/api/v1/chats/shared/revoked');
    expect(cleared.json).toEqual({ cleared: 25 });
    expect((await fetch(`${srv.url}/s/${shareId}`)).status).toBe(404);
    expect((await alice.req('GET', `/api/v1/chats/${chats[0]!.id}`)).status).toBe(200); // the chat stays
    const none = await alice.req('GET', '/api/v1/chats/shared');
    expect([none.json, none.res.headers.get('x-total-count'), none.res.headers.get('x-grand-total')]).toEqual([[], '0', '0']);
    expect((await alice.req('POST', `/api/v1/chats/${chats[0]!.id}/share`, {})).status).toBe(200); // and can be shared again
    expect((await bob.req('GET', `/api/v1/chats/${bobChat}/share`)).json.status).toBe('active');
  });
});
