// The Shared Chats page on a real server: friendly with any address, and its form posts (row, bulk, danger zone) as a browser sends them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, Client, NAVIGATE, type TestServer } from '../helpers/server';

let srv: TestServer;
let alice: Client;
let bob: Client;
const ids: string[] = [];
let bobChat = '';

const chatOf = (title: string) => ({ chat: { title, history: { currentId: 'a', messages: { q: { id: 'q', parentId: null, childrenIds: ['a'], role: 'user', content: `About ${title}` }, a: { id: 'a', parentId: 'q', childrenIds: [], role: 'assistant', content: 'Answer.' } } } } });

/** A form post as the page's own forms send it: cookie session, same-origin Origin, urlencoded body. */
async function post(who: Client, fields: Array<[string, string]>, headers: Record<string, string> = {}) {
  return fetch(`${srv.url}/shared`, {
    method: 'POST', redirect: 'manual',
    headers: { cookie: `auth_session=${who.token}`, origin: srv.url, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}
const page = async (who: Client, qs = '', cookie = '') => {
  const res = await fetch(`${srv.url}/shared${qs}`, { headers: { cookie: `auth_session=${who.token}${cookie ? `; ${cookie}` : ''}` }, redirect: 'manual' });
  return { status: res.status, html: await res.text(), res };
};
const noticeCookie = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith('cs_shared_notice='))?.split(';')[0] ?? '';
const statusOf = async (id: string) => (await alice.req('GET', `/api/v1/chats/${id}/share`)).json.status as string;

beforeAll(async () => {
  srv = await startServer({ CHATSHARE_NO_WARMUP: '1' });
  alice = new Client(srv.url);
  bob = new Client(srv.url);
  await alice.signup('alice-page@example.com');
  await bob.signup('bob-page@example.com');
  for (let i = 0; i < 6; i++) {
    const id = (await alice.req('POST', '/api/v1/chats/new', chatOf(`${i % 2 ? 'Rust' : 'Go'} chat ${i}`))).json.id as string;
    ids.push(id);
    expect((await alice.req('POST', `/api/v1/chats/${id}/share`, { is_public: i !== 0 })).status).toBe(200);
  }
  bobChat = (await bob.req('POST', '/api/v1/chats/new', chatOf('Bob only'))).json.id;
  await bob.req('POST', `/api/v1/chats/${bobChat}/share`, {});
});
afterAll(async () => srv?.stop());

describe('GET /shared', () => {
  it('sends visitors without a session to sign in, and back here after', async () => {
    const res = await fetch(`${srv.url}/shared?status=active`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/auth/signin?next=${encodeURIComponent('/shared?status=active')}`);
  });

  it('lists the owner\'s links only, with status counts, and never another user\'s', async () => {
    const { status, html } = await page(alice);
    expect(status).toBe(200);
    expect(html.match(/<tr data-row/g)).toHaveLength(6);
    expect(html).not.toContain(bobChat);
    expect(html).toMatch(/data-status-tab="active">\s*Active <span class="tab-count" data-count>6</);
  });

  it('answers any hand-edited address with the page and a plain message, never an error', async () => {
    for (const qs of ['?page=abc', '?order_by=password_hash', '?page_size=100000', '?from=2026-02-30', '?tz=9e9', '?status=%00', `?query=${'%F0%9F%98%80'.repeat(300)}`, '?direction=up&page=-1']) {
      const { status, html } = await page(alice, qs);
      expect(status, qs).toBe(200);
      expect(html, qs).toContain('could not be read, so all filters were reset.');
      expect(html.match(/<tr data-row/g), qs).toHaveLength(6);
    }
    const far = await page(alice, '?page=999'); // past the end: the last page, not an empty one
    expect(far.status).toBe(200);
    expect(far.html.match(/<tr data-row/g)).toHaveLength(6);
  });
});

describe('POST /shared', () => {
  it('revokes one row, redirects to the same view, and shows the notice once', async () => {
    const res = await post(alice, [['action', 'revoke'], ['chat_id', ids[0]!], ['return', '/shared?query=go&order_by=title&direction=asc']]);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/shared?query=go&order_by=title&direction=asc');
    expect(await statusOf(ids[0]!)).toBe('revoked');
    const cookie = noticeCookie(res);
    const next = await page(alice, '?query=go&order_by=title&direction=asc', cookie);
    expect(next.html).toContain('1 link revoked.');
    const cleared = next.res.headers.getSetCookie().find((c) => c.startsWith('cs_shared_notice='));
    expect(cleared).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i); // read once, then cleared
    expect((await page(alice)).html).not.toContain('link revoked.');
  });

  it('never redirects anywhere but this page', async () => {
    for (const ret of ['https://evil.example/x', '//evil.example', '/settings', 'javascript:alert(1)', '/shared?page=abc']) {
      const res = await post(alice, [['action', 'restore'], ['chat_id', ids[0]!], ['return', ret]]);
      expect(res.status).toBe(303);
      expect(res.headers.get('location'), ret).toBe('/shared');
    }
  });

  it('acts in bulk on the owner\'s ticked links, skipping others\' ids and links already in that state', async () => {
    const res = await post(alice, [['action', 'bulk_revoke'], ['chat_id', ids[1]!], ['chat_id', ids[2]!], ['chat_id', bobChat], ['return', '/shared']]);
    expect(res.status).toBe(303);
    expect((await page(alice, '', noticeCookie(res))).html).toContain('2 links revoked.');
    expect((await bob.req('GET', `/api/v1/chats/${bobChat}/share`)).json.status).toBe('active');
    const again = await post(alice, [['action', 'bulk_revoke'], ['chat_id', ids[1]!], ['chat_id', ids[3]!]]);
    expect((await page(alice, '', noticeCookie(again))).html).toContain('1 link revoked. 1 was already revoked.');
    const none = await post(alice, [['action', 'bulk_restore']]);
    expect((await page(alice, '', noticeCookie(none))).html).toContain('Select at least one link first.');
  });

  it('restores expired links in bulk as well as revoked ones', async () => {
    const id = (await alice.req('POST', '/api/v1/chats/new', chatOf('Seen once'))).json.id as string;
    const link = (await alice.req('POST', `/api/v1/chats/${id}/share`, { is_public: true, max_views: 1 })).json;
    expect((await fetch(link.url, { headers: NAVIGATE })).status).toBe(200);
    expect(await statusOf(id)).toBe('expired');
    const res = await post(alice, [['action', 'bulk_restore'], ['chat_id', id], ['chat_id', ids[4]!]]);
    expect((await page(alice, '', noticeCookie(res))).html).toContain('1 link restored. 1 was already active.');
    expect(await statusOf(id)).toBe('active');
    const revoke = await post(alice, [['action', 'bulk_revoke'], ['chat_id', id]]);
    expect((await page(alice, '', noticeCookie(revoke))).html).toContain('1 link revoked.');
    await alice.req('DELETE', `/api/v1/chats/${id}`);
  });

  it('acts on every match of the filters when asked to', async () => {
    const res = await post(alice, [['action', 'bulk_restore'], ['scope', 'matches'], ['filters', 'query=rust&status=revoked']]);
    expect((await page(alice, '', noticeCookie(res))).html).toContain('2 links restored.'); // chats 1 and 3; chat 2 (Go) stays revoked
    expect([await statusOf(ids[1]!), await statusOf(ids[3]!), await statusOf(ids[2]!)]).toEqual(['active', 'active', 'revoked']);
    const bad = await post(alice, [['action', 'bulk_revoke'], ['scope', 'matches'], ['filters', 'status=nope']]);
    expect((await page(alice, '', noticeCookie(bad))).html).toContain('nothing was changed');
  });

  it('asks for the typed word before a danger-zone action, beside the field, changing nothing until it is right', async () => {
    const wrong = await post(alice, [['action', 'revoke_all'], ['confirm', 'revoke'], ['return', '/shared?status=active']]);
    expect(wrong.status).toBe(422);
    const html = await wrong.text();
    expect(html).toContain('Type REVOKE in capital letters to confirm.');
    expect(html).toMatch(/<dialog[^>]*id="confirm-revoke_all"[^>]*open/);
    expect(await statusOf(ids[4]!)).toBe('active');
    const right = await post(alice, [['action', 'revoke_all'], ['confirm', ' REVOKE '], ['return', '/shared']]);
    expect(right.status).toBe(303);
    expect((await page(alice, '', noticeCookie(right))).html).toContain('5 links revoked.'); // six minus the one already revoked
    const reset = await post(alice, [['action', 'reset_all'], ['confirm', 'RESET']]);
    expect((await page(alice, '', noticeCookie(reset))).html).toContain('Statistics reset for 6 links.');
    const cleared = await post(alice, [['action', 'clear_revoked'], ['confirm', 'CLEAR']]);
    const after = await page(alice, '', noticeCookie(cleared));
    expect(after.html).toContain('6 revoked links cleared.');
    expect(after.html).toContain('No shared chats yet');
    expect((await alice.req('GET', `/api/v1/chats/${ids[0]}`)).status).toBe(200); // the chats stay
    expect((await bob.req('GET', `/api/v1/chats/${bobChat}/share`)).json.status).toBe('active');
  });

  it('refuses cross-site posts and survives unreadable bodies', async () => {
    await alice.req('POST', `/api/v1/chats/${ids[5]}/share`, {});
    const cross = await post(alice, [['action', 'revoke'], ['chat_id', ids[5]!]], { origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    expect(await statusOf(ids[5]!)).toBe('active');
    const garbage = await post(alice, [], { 'content-type': 'multipart/form-data; boundary=x' });
    expect(garbage.status).toBe(303);
    expect((await page(alice, '', noticeCookie(garbage))).html).toContain('The form could not be read');
    const unknown = await post(alice, [['action', 'explode'], ['chat_id', ids[5]!]]);
    expect(unknown.status).toBe(303);
    const other = await post(alice, [['action', 'revoke'], ['chat_id', bobChat]]);
    expect((await page(alice, '', noticeCookie(other))).html).toContain('That link no longer exists.');
    expect((await bob.req('GET', `/api/v1/chats/${bobChat}/share`)).json.status).toBe('active');
  });
});

describe('GET /shared/dialog', () => {
  it('renders the Share Chat dialog for the caller\'s own chat only', async () => {
    const own = await fetch(`${srv.url}/shared/dialog?chat=${ids[5]}`, { headers: { cookie: `auth_session=${alice.token}` } });
    expect(own.status).toBe(200);
    const html = await own.text();
    expect(html).toContain('data-share-dialog');
    expect(html).toContain(`data-chat-id="${ids[5]}"`);
    expect(html).not.toContain('<html');
    const others = await fetch(`${srv.url}/shared/dialog?chat=${bobChat}`, { headers: { cookie: `auth_session=${alice.token}` } });
    expect(others.status).toBe(404);
    expect(await others.text()).not.toContain('data-share-dialog');
    expect((await fetch(`${srv.url}/shared/dialog?chat=${ids[5]}`)).status).toBe(401);
  });
});
