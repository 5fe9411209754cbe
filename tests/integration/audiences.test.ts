// Issue 17.1 and 17.2: a link for chosen people and groups. The wrong reader (signed out, signed in but not chosen, taken
// out of the group, grant removed while the page is open) is refused by every way of reading: page, API, OG image, live
// poll, part, clone, download; the right one (a user grant, a group grant) reads. Open WebUI's access endpoints and JSON,
// the permissions (losing one strips those grants), and "Shared with me". One server for the file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, Client, NAVIGATE, type TestServer } from '../helpers/server';

const SECRET = 'The audience secret is 42.';
const chatOf = (title: string) => ({
  chat: {
    title, history: {
      currentId: 'a', messages: {
        q: { id: 'q', parentId: null, childrenIds: ['a'], role: 'user', content: 'Tell me the secret' },
        a: { id: 'a', parentId: 'q', childrenIds: [], role: 'assistant', content: SECRET },
      },
    },
  },
});
const cookieOf = (res: Response): string | null => res.headers.get('set-cookie')?.split(';')[0] ?? null;

describe('audiences: only chosen people and groups', () => {
  let srv: TestServer;
  let admin: Client, owner: Client, alice: Client, gina: Client, rita: Client, stranger: Client;
  const ids: Record<string, string> = {};
  let groupId = '';

  const session = (c: Client | null): Record<string, string> => (c ? { cookie: `auth_session=${c.token}` } : {});
  const page = (c: Client | null, shareId: string, extra: Record<string, string> = {}) =>
    fetch(`${srv.url}/s/${shareId}`, { redirect: 'manual', headers: { ...NAVIGATE, ...session(c), ...extra } });
  const get = (c: Client | null, p: string, cookie?: string | null) =>
    fetch(`${srv.url}${p}`, { redirect: 'manual', headers: { cookie: [c ? `auth_session=${c.token}` : null, cookie].filter(Boolean).join('; ') } });
  const api = (c: Client | null, shareId: string) => (c ?? new Client(srv.url)).req('GET', `/api/v1/chats/share/${shareId}`);
  const clone = (c: Client | null, shareId: string) => (c ?? new Client(srv.url)).req('POST', `/api/v1/chats/${shareId}/clone/shared`);

  async function share(title: string, options: Record<string, unknown>) {
    const id = (await owner.req('POST', '/api/v1/chats/new', chatOf(title))).json.id as string;
    const r = await owner.req('POST', `/api/v1/chats/${id}/share`, options);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    return { id, shareId: r.json.share_id as string, json: r.json };
  }

  /** Every way of reading, for one reader: the statuses (and codes where JSON) they get. */
  async function reads(c: Client | null, shareId: string) {
    const p = await page(c, shareId);
    const html = await p.text();
    const a = await api(c, shareId);
    const og = await get(c, `/s/${shareId}/og.png`);
    const live = await get(c, `/s/${shareId}/live?v=0`);
    const part = await get(c, `/s/${shareId}/part?part=1`);
    const dl = await get(c, `/s/${shareId}/download?format=md`);
    const dlText = await dl.text();
    const cl = await clone(c, shareId);
    return { page: p.status, html, api: [a.status, a.json?.code], apiBody: JSON.stringify(a.json), og: og.status, ogTag: og.headers.get('etag'),
      live: live.status, liveBody: await live.text(), part: part.status, download: dl.status, dlText, clone: [cl.status, cl.json?.code], location: p.headers.get('location') };
  }

  beforeAll(async () => {
    srv = await startServer({ CHATSHARE_NO_WARMUP: '1' });
    admin = new Client(srv.url); await admin.signup('admin@example.com', undefined, 'Ada Admin');
    owner = new Client(srv.url); ids.owner = (await owner.signup('owner@example.com', undefined, 'Olive Owner')).id;
    alice = new Client(srv.url); ids.alice = (await alice.signup('alice@example.com', undefined, 'Alice Granted')).id;
    gina = new Client(srv.url); ids.gina = (await gina.signup('gina@example.com', undefined, 'Gina Member')).id;
    rita = new Client(srv.url); ids.rita = (await rita.signup('rita@example.com', undefined, 'Rita Removed')).id;
    stranger = new Client(srv.url); ids.stranger = (await stranger.signup('stranger@example.com', undefined, 'Sam Stranger')).id;
    const g = await admin.req('POST', '/api/v1/groups/create', { name: 'Research', description: 'readers', user_ids: [ids.gina, ids.rita] });
    expect(g.status, JSON.stringify(g.json)).toBe(200);
    groupId = g.json.id;
  }, 120_000);
  afterAll(async () => srv?.stop());

  it('refuses the wrong reader every way and lets the chosen ones read; removals apply to an open page at once', async () => {
    const { id, shareId, json } = await share('People only plan', {
      is_live: true, audience: 'people',
      access_grants: [{ principal_type: 'user', principal_id: ids.alice }, { principal_type: 'group', principal_id: groupId }],
    });
    expect(json).toMatchObject({ audience: 'people', is_public: false });

    // Signed out: sent to sign in (page, download), 401 LOGIN_REQUIRED (API, poll, clone), the generic card.
    const out = await reads(null, shareId);
    expect(out.page).toBe(302);
    expect(out.location).toContain('/auth/signin');
    expect(out.api).toEqual([401, 'LOGIN_REQUIRED']);
    expect(out.ogTag).toMatch(/generic/);
    expect([out.live, out.part, out.download]).toEqual([401, 401, 302]);
    expect(out.clone).toEqual([401, 'LOGIN_REQUIRED']);

    // Signed in, not chosen: 403 everywhere, a page that says so, never the title or the text.
    const s = await reads(stranger, shareId);
    expect(s.page).toBe(403);
    expect(s.html).toContain('<h1>You don&#39;t have access to this conversation</h1>');
    expect(s.html).toContain('SHARE_ACCESS_DENIED');
    expect(s.html).not.toContain('People only plan');
    expect(s.api).toEqual([403, 'SHARE_ACCESS_DENIED']);
    expect([s.og, s.live, s.part, s.download]).toEqual([403, 403, 403, 403]);
    expect(s.clone).toEqual([403, 'SHARE_ACCESS_DENIED']);
    for (const body of [s.html, s.apiBody, s.liveBody, s.dlText]) expect(body).not.toContain(SECRET);
    // In French too (the page's language).
    const fr = await page(stranger, shareId, { 'accept-language': 'fr' });
    expect(await fr.text()).toContain('Vous n’avez pas accès à cette conversation');
    // A crawler (signed out) gets the generic card, without the title.
    const bot = await fetch(`${srv.url}/s/${shareId}`, { headers: { 'user-agent': 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)' } });
    expect(bot.status).toBe(200);
    expect(await bot.text()).not.toContain('People only plan');

    // Chosen in person, and through the group: every way reads.
    for (const c of [alice, gina]) {
      const r = await reads(c, shareId);
      expect(r.page).toBe(200);
      expect(r.html).toContain(SECRET);
      expect(r.api[0]).toBe(200);
      expect(r.apiBody).toContain(SECRET);
      expect(r.og).toBe(200); // the generic card, as for every protected link (a card is made to be re-shared)
      expect(r.download).toBe(200);
      expect(r.dlText).toContain(SECRET);
      expect(r.clone[0]).toBe(200);
    }

    // Rita and Alice open the page (their live poll works), then Rita leaves the group and Alice's grant is removed.
    const ritaPage = await page(rita, shareId);
    expect(ritaPage.status).toBe(200);
    const ritaCookie = cookieOf(ritaPage);
    const alicePage = await page(alice, shareId);
    const aliceCookie = cookieOf(alicePage);
    expect((await get(rita, `/s/${shareId}/live?v=0`, ritaCookie)).status).toBe(200);
    expect((await get(alice, `/s/${shareId}/live?v=0`, aliceCookie)).status).toBe(200);

    expect((await admin.req('POST', `/api/v1/groups/id/${groupId}/users/remove`, { user_ids: [ids.rita] })).status).toBe(200);
    const upd = await owner.req('POST', `/api/v1/chats/shared/${id}/access/update`, { access_grants: [{ principal_type: 'group', principal_id: groupId, permission: 'read' }] });
    expect(upd.status, JSON.stringify(upd.json)).toBe(200);
    expect(upd.json.access_grants).toEqual([{ id: expect.any(String), principal_type: 'group', principal_id: groupId, permission: 'read' }]);

    for (const [c, cookie] of [[rita, ritaCookie], [alice, aliceCookie]] as const) {
      const poll = await get(c, `/s/${shareId}/live?v=0`, cookie);
      expect(poll.status).toBe(403);
      const body = await poll.text();
      expect(body).not.toContain(SECRET);
      expect(JSON.parse(body).code).toBe('SHARE_ACCESS_DENIED');
      const r = await reads(c, shareId);
      expect([r.page, r.api[0], r.og, r.download, r.clone[0]]).toEqual([403, 403, 403, 403, 403]);
    }
    // Gina, still in the group, still reads.
    expect((await page(gina, shareId)).status).toBe(200);
  }, 60_000);

  it('an administrator is in every audience (BYPASS_ADMIN_ACCESS_CONTROL on by default): every way reads; the password still applies', async () => {
    const { shareId } = await share('Reported people-only plan', { is_live: true, audience: 'people', access_grants: [{ principal_type: 'user', principal_id: ids.alice }] });
    // Reported: the admin opens it from the queue and reads it, as Open WebUI lets admins past access grants.
    expect((await fetch(`${srv.url}/api/v1/chats/${shareId}/report`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'spam' }) })).status).toBeLessThan(300);
    const queue = await (await fetch(`${srv.url}/admin/reports`, { headers: { ...NAVIGATE, ...session(admin) } })).text();
    expect(queue).toContain('Reported people-only plan');
    const r = await reads(admin, shareId);
    expect(r.page).toBe(200);
    expect(r.html).toContain(SECRET);
    expect(r.api[0]).toBe(200);
    expect(r.apiBody).toContain(SECRET);
    expect([r.og, r.download]).toEqual([200, 200]);
    expect(r.dlText).toContain(SECRET);
    expect(r.clone[0]).toBe(200);
    const adminPage = await page(admin, shareId);
    expect((await get(admin, `/s/${shareId}/live?v=0`, cookieOf(adminPage))).status).toBe(200);
    // The stranger is still refused: the bypass is the admin's alone.
    expect((await page(stranger, shareId)).status).toBe(403);
    // A password is the owner's secret for readers, not a grant: the admin is asked for it like anyone.
    const locked = await share('Locked people-only plan', { audience: 'people', access_grants: [], password: 'hunter2-long' });
    const l = await reads(admin, locked.shareId);
    expect(l.page).toBe(401);
    expect(l.html).not.toContain(SECRET);
    expect(l.api).toEqual([401, 'PASSWORD_REQUIRED']);
    expect(l.clone).toEqual([401, 'PASSWORD_REQUIRED']);
  }, 60_000);

  it("speaks Open WebUI's access JSON: wildcards are the wider audiences; bad input is a clear 4xx", async () => {
    const { id, shareId } = await share('Access JSON', {});
    expect((await owner.req('GET', `/api/v1/chats/shared/${id}/access`)).json).toEqual([{ id: expect.any(String), principal_type: 'anyone', principal_id: '*', permission: 'read' }]);
    // user:* (Open WebUI's "all users") = anyone signed in here.
    let r = await owner.req('POST', `/api/v1/chats/shared/${id}/access/update`, { access_grants: [{ principal_type: 'user', principal_id: '*', permission: 'read' }] });
    expect(r.json).toMatchObject({ audience: 'signed_in', is_public: false });
    expect((await page(null, shareId)).status).toBe(302);
    expect((await page(stranger, shareId)).status).toBe(200);
    // A person: only them.
    r = await owner.req('POST', `/api/v1/chats/shared/${id}/access/update`, { access_grants: [{ principal_type: 'user', principal_id: ids.alice }] });
    expect(r.json).toMatchObject({ audience: 'people' });
    expect((await owner.req('GET', `/api/v1/chats/shared/${id}/access`)).json).toEqual([{ id: expect.any(String), principal_type: 'user', principal_id: ids.alice, permission: 'read' }]);
    expect((await page(stranger, shareId)).status).toBe(403);
    expect((await page(alice, shareId)).status).toBe(200);

    const bad = async (body: unknown, status: number, code: string) => {
      const b = await owner.req('POST', `/api/v1/chats/shared/${id}/access/update`, body);
      expect([b.status, b.json.code], JSON.stringify(b.json)).toEqual([status, code]);
      expect(typeof b.json.detail).toBe('string');
    };
    await bad({ access_grants: 'everyone' }, 422, 'VALIDATION_ERROR');
    await bad({}, 422, 'VALIDATION_ERROR');
    await bad({ access_grants: [{ principal_type: 'robot', principal_id: 'x' }] }, 422, 'VALIDATION_ERROR');
    await bad({ access_grants: [{ principal_type: 'user', principal_id: 'nobody-here' }] }, 422, 'VALIDATION_ERROR');
    await bad({ access_grants: [{ principal_type: 'group', principal_id: 'no-group' }] }, 422, 'VALIDATION_ERROR');
    await bad({ access_grants: Array.from({ length: 201 }, () => ({ principal_type: 'user', principal_id: ids.alice })) }, 422, 'VALIDATION_ERROR');
    // Someone else's chat: not found, never confirmed.
    expect((await stranger.req('POST', `/api/v1/chats/shared/${id}/access/update`, { access_grants: [] })).status).toBe(404);
    expect((await stranger.req('GET', `/api/v1/chats/shared/${id}/access`)).status).toBe(404);
    expect((await new Client(srv.url).req('GET', `/api/v1/chats/shared/${id}/access`)).status).toBe(401);
    // The grant is unchanged by the refusals.
    expect((await page(alice, shareId)).status).toBe(200);
  }, 30_000);

  it('losing the permission strips those grants in one go; without it new ones are refused; Shared with me lists what is granted', async () => {
    const { id, shareId } = await share('Strip me', { audience: 'people', access_grants: [{ principal_type: 'user', principal_id: ids.alice }, { principal_type: 'group', principal_id: groupId }] });
    // The picker's search finds people and groups by name.
    const found = (await owner.req('GET', '/api/v1/chats/shared/principals?query=gin')).json;
    expect(found.users).toEqual([{ id: ids.gina, name: 'Gina Member' }]); // a name, never the account's email
    expect((await owner.req('GET', '/api/v1/chats/shared/principals?query=resea')).json.groups).toEqual([{ id: groupId, name: 'Research', member_count: expect.any(Number) }]);

    // Shared with me: Alice and Gina see it (newest first, searchable); the stranger sees nothing.
    const mine = (await alice.req('GET', '/api/v1/chats/shared/with_me')).json;
    expect(mine.items[0]).toMatchObject({ share_id: shareId, title: 'Strip me', owner: { id: ids.owner, name: 'Olive Owner' }, status: 'active' });
    expect((await alice.req('GET', '/api/v1/chats/shared/with_me?query=strip')).json.total).toBe(1);
    expect((await alice.req('GET', '/api/v1/chats/shared/with_me?query=nothing-like-it')).json.total).toBe(0);
    expect((await gina.req('GET', '/api/v1/chats/shared/with_me')).json.items.map((i: { share_id: string }) => i.share_id)).toContain(shareId);
    expect((await stranger.req('GET', '/api/v1/chats/shared/with_me')).json).toMatchObject({ total: 0, items: [] });
    expect((await alice.req('GET', '/api/v1/chats/shared/with_me?page=0')).status).toBe(422);

    // The administrator turns sharing with people off by default: Olive's person grants go, her group grant stays.
    expect((await admin.req('POST', '/api/v1/users/default/permissions', { access_grants: { allow_users: false } })).status).toBe(200);
    expect((await owner.req('GET', `/api/v1/chats/shared/${id}/access`)).json).toEqual([{ id: expect.any(String), principal_type: 'group', principal_id: groupId, permission: 'read' }]);
    expect((await page(alice, shareId)).status).toBe(403);
    expect((await page(gina, shareId)).status).toBe(200);
    const refused = await owner.req('POST', `/api/v1/chats/shared/${id}/access/update`, { access_grants: [{ principal_type: 'user', principal_id: ids.alice }] });
    expect([refused.status, refused.json.code]).toEqual([403, 'ACCESS_GRANTS_NOT_ALLOWED']);
    expect((await owner.req('GET', '/api/v1/chats/shared/principals?query=al')).json.users).toEqual([]);
    expect((await alice.req('GET', '/api/v1/chats/shared/with_me')).json.items.map((i: { share_id: string }) => i.share_id)).not.toContain(shareId);
    expect((await admin.req('POST', '/api/v1/users/default/permissions', { access_grants: { allow_users: true } })).status).toBe(200);
  }, 30_000);
});

describe("the picker's search does not hand out account emails", () => {
  let srv: TestServer;
  afterAll(async () => srv?.stop());
  it('finds people by name or whole email, names them without their email (admins excepted), needs 2 letters, is throttled', async () => {
    srv = await startServer({ CHATSHARE_NO_WARMUP: '1', PRINCIPAL_SEARCH_RATE_LIMIT: '8' });
    const admin = new Client(srv.url); await admin.signup('boss@example.com', undefined, 'Ada Admin');
    const member = new Client(srv.url); await member.signup('member@example.com', undefined, 'Mia Member');
    const zoe = new Client(srv.url); const zoeId = (await zoe.signup('zoe.private@corp.example', undefined, 'Zoe Quiet')).id as string;
    const search = (c: Client, q: string) => c.req('GET', `/api/v1/chats/shared/principals?query=${encodeURIComponent(q)}`);
    // A member: by name, with no email in the answer; part of an email finds nobody; the whole email finds its account.
    const byName = await search(member, 'zo');
    expect(byName.json).toEqual({ users: [{ id: zoeId, name: 'Zoe Quiet' }], groups: [] });
    expect(JSON.stringify(byName.json)).not.toContain('@');
    expect((await search(member, 'corp.example')).json.users).toEqual([]);
    expect((await search(member, 'private@')).json.users).toEqual([]);
    expect((await search(member, 'ZOE.PRIVATE@corp.example')).json.users).toEqual([{ id: zoeId, name: 'Zoe Quiet' }]);
    // One letter, or none, finds nobody (no listing every account a letter at a time).
    expect((await search(member, 'z')).json).toEqual({ users: [], groups: [] });
    expect((await search(member, '')).json).toEqual({ users: [], groups: [] });
    // Throttled per account: 8 a minute here (60 by default), then 429 with Retry-After.
    let last = await search(member, 'zo');
    for (let i = 0; i < 8 && last.status === 200; i++) last = await search(member, 'zo');
    expect([last.status, last.json.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(last.res.headers.get('retry-after'))).toBeGreaterThan(0);
    // An administrator (who lists every account in the admin panel anyway) gets emails and matches part of one, unthrottled.
    for (let i = 0; i < 10; i++) expect((await search(admin, 'zo')).status).toBe(200);
    expect((await search(admin, 'corp.example')).json.users).toEqual([{ id: zoeId, name: 'Zoe Quiet', email: 'zoe.private@corp.example' }]);
  }, 60_000);
});

describe('BYPASS_ADMIN_ACCESS_CONTROL=false: administrators are readers like any other', () => {
  let srv: TestServer;
  afterAll(async () => srv?.stop());
  it('refuses an administrator outside the audience every way', async () => {
    srv = await startServer({ CHATSHARE_NO_WARMUP: '1', BYPASS_ADMIN_ACCESS_CONTROL: 'false' });
    const admin = new Client(srv.url); await admin.signup('admin3@example.com', undefined, 'Ada Admin');
    const owner = new Client(srv.url); await owner.signup('owner3@example.com', undefined, 'Olive Owner');
    const id = (await owner.req('POST', '/api/v1/chats/new', chatOf('Not for admins'))).json.id as string;
    const shareId = (await owner.req('POST', `/api/v1/chats/${id}/share`, { audience: 'people', access_grants: [] })).json.share_id as string;
    const cookie = { cookie: `auth_session=${admin.token}` };
    const p = await fetch(`${srv.url}/s/${shareId}`, { headers: { ...NAVIGATE, ...cookie } });
    expect(p.status).toBe(403);
    expect(await p.text()).not.toContain(SECRET);
    const a = await admin.req('GET', `/api/v1/chats/share/${shareId}`);
    expect([a.status, a.json.code]).toEqual([403, 'SHARE_ACCESS_DENIED']);
    expect((await fetch(`${srv.url}/s/${shareId}/og.png`, { headers: cookie })).status).toBe(403);
    expect((await fetch(`${srv.url}/s/${shareId}/download?format=md`, { headers: cookie, redirect: 'manual' })).status).toBe(403);
    expect((await admin.req('POST', `/api/v1/chats/${shareId}/clone/shared`)).status).toBe(403);
  }, 60_000);
});

describe('request access', () => {
  let srv: TestServer;
  let owner: Client, asker: Client, other: Client;
  let askerId = '';
  beforeAll(async () => {
    srv = await startServer({ CHATSHARE_NO_WARMUP: '1', ACCESS_REQUEST_RATE_LIMIT: '4' });
    await new Client(srv.url).signup('admin2@example.com');
    owner = new Client(srv.url); await owner.signup('owner2@example.com', undefined, 'Olive Owner');
    asker = new Client(srv.url); askerId = (await asker.signup('asker@example.com', undefined, 'Ann Asker')).id;
    other = new Client(srv.url); await other.signup('other@example.com', undefined, 'Otto Other');
  }, 120_000);
  afterAll(async () => srv?.stop());
  const form = (c: Client, shareId: string, note: string) => fetch(`${srv.url}/s/${shareId}/request`, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams({ note }),
    headers: { origin: srv.url, 'content-type': 'application/x-www-form-urlencoded', cookie: `auth_session=${c.token}` },
  });
  const pageOf = async (c: Client, shareId: string) => {
    const r = await fetch(`${srv.url}/s/${shareId}`, { headers: { ...NAVIGATE, cookie: `auth_session=${c.token}` } });
    return { status: r.status, html: await r.text() };
  };

  it('asks from the 403 page, the owner approves in one click and the reader reads; a decline shows on the page; throttled; bad input is 4xx', async () => {
    const id = (await owner.req('POST', '/api/v1/chats/new', chatOf('Ask me'))).json.id as string;
    const shareId = (await owner.req('POST', `/api/v1/chats/${id}/share`, { audience: 'people' })).json.share_id as string;
    let p = await pageOf(asker, shareId);
    expect(p.status).toBe(403);
    expect(p.html).toContain('data-request-form');
    // One click (with a note); a second click changes nothing.
    expect((await form(asker, shareId, 'I am on the launch team')).status).toBe(303);
    expect((await form(asker, shareId, 'again')).status).toBe(303);
    p = await pageOf(asker, shareId);
    expect(p.status).toBe(403);
    expect(p.html).toContain('data-request-state="pending"');
    expect(p.html).not.toContain('data-request-form');
    expect(p.html).not.toContain(SECRET);
    expect((await asker.req('GET', `/api/v1/chats/share/${shareId}/access/request`)).json).toMatchObject({ status: 'pending' });

    // The owner: a badge on Shared Chats, the request with its note, Approve.
    const list = (await owner.req('GET', '/api/v1/chats/shared/requests')).json;
    expect(list).toEqual([expect.objectContaining({ share_id: shareId, title: 'Ask me', note: 'I am on the launch team', user: { id: askerId, name: 'Ann Asker', email: 'asker@example.com' } })]);
    const dash = await fetch(`${srv.url}/shared`, { headers: { cookie: `auth_session=${owner.token}` } });
    const dashHtml = await dash.text();
    expect(dashHtml).toContain('data-requests-badge');
    expect(dashHtml).toContain('Ann Asker asks to read');
    // Someone else cannot decide it; an unknown id is a 404.
    expect((await other.req('POST', `/api/v1/chats/shared/requests/${list[0].id}/approve`)).status).toBe(404);
    expect((await owner.req('POST', '/api/v1/chats/shared/requests/nope/approve')).status).toBe(404);
    const approve = await fetch(`${srv.url}/shared/requests`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ id: list[0].id, decision: 'approve' }),
      headers: { origin: srv.url, 'content-type': 'application/x-www-form-urlencoded', cookie: `auth_session=${owner.token}` } });
    expect(approve.status).toBe(303);
    expect((await owner.req('GET', '/api/v1/chats/shared/requests')).json).toEqual([]);
    p = await pageOf(asker, shareId);
    expect(p.status).toBe(200);
    expect(p.html).toContain(SECRET);
    expect((await owner.req('GET', `/api/v1/chats/shared/${id}/access`)).json).toEqual([expect.objectContaining({ principal_type: 'user', principal_id: askerId })]);
    // Asking when already allowed is pointless: 400.
    expect((await asker.req('POST', `/api/v1/chats/share/${shareId}/access/request`, {})).status).toBe(400);

    // Otto asks through the API; declined; his page says so (and when he can ask again).
    const asked = await other.req('POST', `/api/v1/chats/share/${shareId}/access/request`, { note: 'please' });
    expect(asked.json).toMatchObject({ status: 'pending' });
    const req2 = (await owner.req('GET', '/api/v1/chats/shared/requests')).json[0];
    expect((await owner.req('POST', `/api/v1/chats/shared/requests/${req2.id}/decline`)).json).toMatchObject({ status: 'declined' });
    expect((await owner.req('POST', `/api/v1/chats/shared/requests/${req2.id}/approve`)).status).toBe(404); // decided already
    p = await pageOf(other, shareId);
    expect(p.status).toBe(403);
    expect(p.html).toContain('data-request-state="declined"');
    expect(p.html).toContain('The owner declined your request.');
    expect((await other.req('GET', `/api/v1/chats/share/${shareId}/access/request`)).json).toMatchObject({ status: 'declined', can_ask_at: expect.any(Number) });

    // Hostile input: a note too long or not text is a 422; signed out is 401; an unknown link 404.
    expect((await other.req('POST', `/api/v1/chats/share/${shareId}/access/request`, { note: 'x'.repeat(501) })).status).toBe(422);
    expect((await other.req('POST', `/api/v1/chats/share/${shareId}/access/request`, { note: { a: 1 } })).status).toBe(422);
    expect((await new Client(srv.url).req('POST', `/api/v1/chats/share/${shareId}/access/request`, {})).status).toBe(401);
    expect((await other.req('POST', '/api/v1/chats/share/no-such-link/access/request', {})).status).toBe(404);

    // Throttled: 4 an hour here (ACCESS_REQUEST_RATE_LIMIT), across links.
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const cid = (await owner.req('POST', '/api/v1/chats/new', chatOf(`More ${i}`))).json.id as string;
      const sid = (await owner.req('POST', `/api/v1/chats/${cid}/share`, { audience: 'people' })).json.share_id as string;
      statuses.push((await other.req('POST', `/api/v1/chats/share/${sid}/access/request`, {})).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  }, 60_000);
});
