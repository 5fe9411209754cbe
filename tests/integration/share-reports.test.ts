// Issue 17.6, report and moderate: the Report link of every share page, the report form and API (no account, throttled
// per client, no address kept), the admins' queue newest first, dismiss, and a moderated revoke with a reason its owner
// reads. Clients are told apart by X-Forwarded-For (TRUST_PROXY=1), as behind a proxy.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';

let srv: TestServer;
let admin: Client;
let owner: Client;
let ownerId: string;
let ip = 10;
/** A client address never used before: each gets its own throttle windows. */
const freshClient = () => ({ 'x-forwarded-for': `203.0.113.${ip++}` });

const chatBody = (title: string) => ({
  chat: { title, history: { currentId: 'a', messages: {
    q: { id: 'q', parentId: null, childrenIds: ['a'], role: 'user', content: `About ${title}?` },
    a: { id: 'a', parentId: 'q', childrenIds: [], role: 'assistant', content: 'An answer.' },
  } } },
});
async function share(title: string, options: Record<string, unknown> = {}) {
  const chatId = (await owner.req('POST', '/api/v1/chats/new', chatBody(title))).json.id as string;
  const r = await owner.req('POST', `/api/v1/chats/${chatId}/share`, options);
  expect(r.status).toBe(200);
  return { chatId, shareId: r.json.share_id as string };
}
const anon = () => new Client(srv.url);
const form = (shareId: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${srv.url}/s/${encodeURIComponent(shareId)}/report`, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams(body),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
const report = (shareId: string, body: unknown, headers: Record<string, string> = freshClient()) =>
  anon().req('POST', `/api/v1/chats/${encodeURIComponent(shareId)}/report`, body, headers);

beforeAll(async () => {
  srv = await startServer({ CHATSHARE_NO_WARMUP: '1', TRUST_PROXY: '1' });
  admin = new Client(srv.url);
  await admin.signup('root@example.com', 'correct horse battery', 'Root'); // the first account is the admin
  owner = new Client(srv.url);
  ownerId = (await owner.signup('owner@example.com', 'correct horse battery', 'Olive')).id;
});
afterAll(async () => srv?.stop());

describe('the Report link and form', () => {
  it('every share page ends with a Report link to its form, in the reader\'s language, snapshot and live alike', async () => {
    const snap = await share('Footer snapshot');
    const live = await share('Footer live', { is_live: true });
    for (const { shareId } of [snap, live]) {
      const en = await (await fetch(`${srv.url}/s/${shareId}`)).text();
      expect(en).toContain(`<a class="vfoot-report" href="/s/${shareId}/report" rel="nofollow"`);
      expect(en).not.toContain('<!--cs:path-->');
      if (shareId === live.shareId) continue; // the other languages are the same compile step (tests/unit/report-link.test.ts)
      const fr = await (await fetch(`${srv.url}/s/${shareId}`, { headers: { 'accept-language': 'fr' } })).text();
      expect(fr).toMatch(/class="vfoot-report"[^>]*>Signaler<\/a>/);
      const es = await (await fetch(`${srv.url}/s/${shareId}`, { headers: { 'accept-language': 'es' } })).text();
      expect(es).toMatch(/class="vfoot-report"[^>]*>Denunciar<\/a>/);
    }
  });

  it('the form names the chat for a reader who may see it, and never the title of a password or sign-in-only link', async () => {
    const open = await share('Open title');
    const locked = await share('Secret title', { password: 'hunter22' });
    const login = await share('Members title', { is_public: false });
    const page = await fetch(`${srv.url}/s/${open.shareId}/report`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<strong data-report-title>Open title</strong>');
    expect(html).toContain('value="private_info"');
    for (const { shareId, title } of [{ ...locked, title: 'Secret title' }, { ...login, title: 'Members title' }]) {
      const r = await fetch(`${srv.url}/s/${shareId}/report`, { redirect: 'manual' });
      expect(r.status).toBe(200);
      const body = await r.text();
      expect(body).not.toContain(title);
      expect(body).toContain(`/s/${shareId}`);
    }
    // Reading the form counts no view.
    expect((await owner.req('GET', `/api/v1/chats/${open.chatId}/share`)).json.views).toBe(0);
  });

  it('sends a report from the form without an account; errors stand beside their field', async () => {
    const { shareId } = await share('Form report');
    const who = freshClient();
    const missing = await form(shareId, { note: 'no reason picked' }, who);
    expect(missing.status).toBe(422);
    const missingHtml = await missing.text();
    expect(missingHtml).toContain('id="reason-error">Pick the reason that fits best.');
    expect(missingHtml).toContain('no reason picked</textarea>'); // what was typed is kept
    const long = await form(shareId, { reason: 'spam', note: 'x'.repeat(1001) }, who);
    expect(long.status).toBe(422);
    expect(await long.text()).toContain('id="note-error">The note is too long');
    const sent = await form(shareId, { reason: 'harassment', note: 'Insults in the second answer.' }, who);
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain('data-report-sent');
    const queue = (await admin.req('GET', '/api/v1/admin/reports')).json;
    const mine = queue.items.find((r: { share_id: string }) => r.share_id === shareId);
    expect(mine).toMatchObject({ reason: 'harassment', note: 'Insults in the second answer.', status: 'open' });
    // The same reader again the same day: 429, in plain words, with Retry-After.
    const again = await form(shareId, { reason: 'spam' }, who);
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(3600);
    expect(await again.text()).toContain('You have already reported this link today');
  });
});

describe('the report API', () => {
  it('answers 201 {id}, and 404 / 410 for a link that does not exist or is revoked (form too)', async () => {
    const { chatId, shareId } = await share('Api report');
    const r = await report(shareId, { reason: 'spam', note: 'Crypto scheme' });
    expect(r.status).toBe(201);
    expect(r.json.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await report('no-such-link', { reason: 'spam' })).status).toBe(404);
    expect((await report('no-such-link', { reason: 'spam' })).json.code).toBe('SHARE_LINK_NOT_FOUND');
    expect((await form('no-such-link', { reason: 'spam' }, freshClient())).status).toBe(404);
    await owner.req('DELETE', `/api/v1/chats/${chatId}/share`);
    const gone = await report(shareId, { reason: 'spam' });
    expect(gone.status).toBe(410);
    expect(gone.json.code).toBe('SHARE_LINK_REVOKED');
    expect((await form(shareId, { reason: 'spam' }, freshClient())).status).toBe(410);
    expect((await fetch(`${srv.url}/s/${shareId}/report`)).status).toBe(410);
  });

  it('hostile bodies are clear 4xx, never a 500', async () => {
    const { shareId } = await share('Hostile report');
    const cases: Array<[unknown, number]> = [
      [{}, 422], [{ reason: 'nope' }, 422], [{ reason: 42 }, 422], [{ reason: 'spam', note: 'x'.repeat(1001) }, 422],
      [{ reason: 'spam', note: { $gt: '' } }, 422], [[1, 2], 422], ['spam', 422], [null, 422],
    ];
    for (const [body, status] of cases) {
      const r = await report(shareId, body);
      expect([r.status, body]).toEqual([status, body]);
      expect(r.json.code).toBe('VALIDATION_ERROR');
      expect(r.json.detail).toBeTruthy();
    }
    const bad = await anon().req('POST', `/api/v1/chats/${shareId}/report`, undefined, { 'content-type': 'application/json', ...freshClient() });
    expect(bad.status).toBe(422); // an empty body reads as {}: the reason is missing
    const raw = await fetch(`${srv.url}/api/v1/chats/${shareId}/report`, { method: 'POST', body: '{"reason":', headers: { 'content-type': 'application/json', ...freshClient() } });
    expect(raw.status).toBe(400);
    const huge = await fetch(`${srv.url}/api/v1/chats/${shareId}/report`, { method: 'POST', body: JSON.stringify({ reason: 'spam', note: 'x'.repeat(1_200_000) }), headers: { 'content-type': 'application/json', ...freshClient() } });
    expect(huge.status).toBe(413);
    // A bad id in the path is not found, never a crash.
    expect((await report('%00%2e%2e', { reason: 'spam' })).status).toBe(404);
  });

  it('throttles per client: one report of a link a day, five an hour; the address is not stored', async () => {
    const links = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => share(`Throttle ${i}`)));
    const who = freshClient();
    expect((await report(links[0]!.shareId, { reason: 'spam' }, who)).status).toBe(201);
    const twice = await report(links[0]!.shareId, { reason: 'spam' }, who);
    expect(twice.status).toBe(429);
    expect(twice.json.code).toBe('RATE_LIMITED');
    expect(twice.res.headers.get('retry-after')).toBeTruthy();
    for (const l of links.slice(1, 5)) expect((await report(l.shareId, { reason: 'other' }, who)).status).toBe(201);
    const sixth = await report(links[5]!.shareId, { reason: 'other' }, who);
    expect(sixth.status).toBe(429);
    expect(sixth.json.detail).toMatch(/Too many attempts/);
    // Another reader is not held back by this one.
    expect((await report(links[5]!.shareId, { reason: 'other' })).status).toBe(201);
    const conn = new Database(path.join(srv.dataDir, 'chatshare.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const keys = conn.prepare("SELECT key FROM rate_limit WHERE name LIKE 'report%'").pluck().all() as string[];
      expect(keys.length).toBeGreaterThan(0);
      for (const k of keys) expect(k).not.toMatch(/203\.0\.113|127\.0\.0\.1/);
      const columns = (conn.prepare('PRAGMA table_info(share_report)').all() as Array<{ name: string }>).map((c) => c.name);
      expect(columns).not.toContain('ip');
      const rows = JSON.stringify(conn.prepare('SELECT * FROM share_report').all());
      expect(rows).not.toMatch(/203\.0\.113|127\.0\.0\.1/);
    } finally {
      conn.close();
    }
  });
});

describe('the admins\' queue', () => {
  it('lists reports newest first with the link\'s open report count; dismiss closes one', async () => {
    const a = await share('Queue first');
    const b = await share('Queue second');
    await report(a.shareId, { reason: 'violence' });
    await report(b.shareId, { reason: 'sexual', note: 'Second' });
    const third = (await report(a.shareId, { reason: 'illegal', note: 'Third' })).json.id as string;
    const q = (await admin.req('GET', '/api/v1/admin/reports?status=open')).json;
    expect(q.items.slice(0, 3).map((r: { reason: string }) => r.reason)).toEqual(['illegal', 'sexual', 'violence']);
    expect(q.items[0]).toMatchObject({ id: third, share_id: a.shareId, open_reports_for_share: 2, share: { title: 'Queue first', status: 'active', owner: { id: ownerId, name: 'Olive' } } });
    const open = q.open as number;
    expect(q.total).toBe(open);

    // The badge in the admin nav says the same count, on every admin page.
    const panel = await (await fetch(`${srv.url}/admin/users`, { headers: { authorization: `Bearer ${admin.token}` } })).text();
    expect(panel).toMatch(new RegExp(`data-reports-badge><span aria-hidden="true">${open}</span>`));

    const dismissed = await admin.req('POST', `/api/v1/admin/reports/${third}/dismiss`);
    expect(dismissed.status).toBe(200);
    expect(dismissed.json).toMatchObject({ id: third, status: 'dismissed' });
    const after = (await admin.req('GET', '/api/v1/admin/reports')).json;
    expect(after.open).toBe(open - 1);
    expect(after.items.some((r: { id: string }) => r.id === third)).toBe(false);
    const all = (await admin.req('GET', '/api/v1/admin/reports?status=all')).json;
    expect(all.items.find((r: { id: string }) => r.id === third).status).toBe('dismissed');
    expect((await admin.req('POST', '/api/v1/admin/reports/no-such-report/dismiss')).status).toBe(404);
    expect((await admin.req('GET', '/api/v1/admin/reports?status=closed')).status).toBe(422);
  });

  it('revoking from a report makes the link 410, closes its open reports and shows the reason to the owner', async () => {
    const { chatId, shareId } = await share('Revoke me');
    const first = (await report(shareId, { reason: 'spam' })).json.id as string;
    const second = (await report(shareId, { reason: 'spam', note: 'again' })).json.id as string;
    expect((await admin.req('POST', `/api/v1/admin/reports/${first}/revoke`, { reason: '   ' })).status).toBe(422);
    expect((await admin.req('POST', `/api/v1/admin/reports/${first}/revoke`, { reason: 'x'.repeat(501) })).status).toBe(422);
    expect((await admin.req('POST', `/api/v1/admin/reports/${first}/revoke`, [])).status).toBe(422);
    const done = await admin.req('POST', `/api/v1/admin/reports/${first}/revoke`, { reason: 'Spam or scam: selling pills' });
    expect(done.status).toBe(200);
    expect(done.json.closed).toBe(2);
    expect(done.json.share).toMatchObject({ share_id: shareId, status: 'revoked', moderated: true, moderation_reason: 'Spam or scam: selling pills' });
    const page = await fetch(`${srv.url}/s/${shareId}`);
    expect(page.status).toBe(410);
    const all = (await admin.req('GET', '/api/v1/admin/reports?status=all')).json.items as Array<{ id: string; status: string }>;
    expect(all.filter((r) => r.id === first || r.id === second).map((r) => r.status)).toEqual(['actioned', 'actioned']);
    // The owner reads the reason in the share's API answers and the Shared Chats list, and cannot restore it.
    const own = (await owner.req('GET', `/api/v1/chats/${chatId}/share`)).json;
    expect(own).toMatchObject({ status: 'revoked', moderated: true, moderation_reason: 'Spam or scam: selling pills' });
    const listed = (await owner.req('GET', '/api/v1/chats/shared?status=revoked')).json as Array<{ share_id: string; moderation_reason: string | null }>;
    expect(listed.find((s) => s.share_id === shareId)?.moderation_reason).toBe('Spam or scam: selling pills');
    expect((await owner.req('POST', `/api/v1/chats/${chatId}/share/restore`)).status).toBe(403);
    const dashboard = await (await fetch(`${srv.url}/shared?status=revoked`, { headers: { authorization: `Bearer ${owner.token}` } })).text();
    expect(dashboard).toContain('by an administrator: Spam or scam: selling pills');
    // Lifted by an administrator: the reason goes with the moderation.
    const lifted = await admin.req('POST', `/api/v1/admin/shares/${shareId}/restore`);
    expect(lifted.json).toMatchObject({ status: 'active', moderated: false, moderation_reason: null });
    // A report of a link whose chat is gone can only be dismissed.
    const gone = await share('Deleted later');
    const orphan = (await report(gone.shareId, { reason: 'other' })).json.id as string;
    await owner.req('DELETE', `/api/v1/chats/${gone.chatId}`);
    expect((await admin.req('POST', `/api/v1/admin/reports/${orphan}/revoke`, { reason: 'Other' })).status).toBe(404);
    expect((await admin.req('POST', `/api/v1/admin/reports/${orphan}/dismiss`)).json.status).toBe('dismissed');
  });

  it('Admin → Shares revoke takes an optional reason too', async () => {
    const { chatId, shareId } = await share('Shares tab revoke');
    const r = await admin.req('POST', `/api/v1/admin/shares/${shareId}/revoke`, { reason: 'Private information' });
    expect(r.json).toMatchObject({ moderated: true, moderation_reason: 'Private information' });
    expect((await owner.req('GET', `/api/v1/chats/${chatId}/share`)).json.moderation_reason).toBe('Private information');
    const plain = await share('Shares tab revoke, no reason');
    expect((await admin.req('POST', `/api/v1/admin/shares/${plain.shareId}/revoke`)).json).toMatchObject({ moderated: true, moderation_reason: null });
    expect((await admin.req('POST', `/api/v1/admin/shares/${plain.shareId}/revoke`, { reason: 7 })).status).toBe(422);
  });

  it('is for admins only: 403 for a user, 401 signed out', async () => {
    const { shareId } = await share('Not yours to judge');
    const id = (await report(shareId, { reason: 'other' })).json.id as string;
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/api/v1/admin/reports'], ['POST', `/api/v1/admin/reports/${id}/dismiss`], ['POST', `/api/v1/admin/reports/${id}/revoke`, { reason: 'Mine now' }],
    ];
    for (const [method, p, body] of routes) {
      expect((await owner.req(method, p, body)).json.code).toBe('ADMIN_REQUIRED');
      expect((await owner.req(method, p, body)).status).toBe(403);
      expect((await anon().req(method, p, body)).status).toBe(401);
    }
    expect((await admin.req('GET', '/api/v1/admin/reports?status=all')).json.items.find((r: { id: string }) => r.id === id).status).toBe('open');
    const page = await fetch(`${srv.url}/admin/reports`, { headers: { authorization: `Bearer ${owner.token}` } });
    expect(page.status).toBe(404);
  });
});
