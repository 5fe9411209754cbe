// Issue 17.4, all branches: without the switch a share is one path (a marker in a sibling regeneration reaches no page,
// API answer, download or clone, and `?b=` is ignored); with it, each message with alternatives links to `?b=<anchor>`,
// which serves the other path through the same gate as the page (a counted view, limits and password apply) and knows
// only the part's messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, Client, NAVIGATE, type TestServer } from '../helpers/server';
import { rawRequest } from '../helpers/raw-http';
import { carrying, everyCopy } from '../helpers/share-copies';

let srv: TestServer;
let alice: Client;
let bob: Client;
const MARK = 'OTHER-BRANCH-c41e';

// q1 -> a1 -> q2 -> a2 shown; a regeneration a1b beside a1 (older), with its own follow-up q2b.
const chat = () => ({
  title: 'Branches', models: ['gpt-test'],
  history: {
    currentId: 'a2',
    messages: {
      q1: { id: 'q1', parentId: null, childrenIds: ['a1b', 'a1'], role: 'user', content: 'Why is the sky blue?', timestamp: 1700000000 },
      a1b: { id: 'a1b', parentId: 'q1', childrenIds: ['q2b'], role: 'assistant', content: `Regenerated answer ${MARK}, write to sky.person@example.org`, timestamp: 1700000001 },
      q2b: { id: 'q2b', parentId: 'a1b', childrenIds: [], role: 'user', content: `Follow-up there ${MARK}`, timestamp: 1700000002 },
      a1: { id: 'a1', parentId: 'q1', childrenIds: ['q2'], role: 'assistant', content: 'Rayleigh scattering.', timestamp: 1700000003 },
      q2: { id: 'q2', parentId: 'a1', childrenIds: ['a2'], role: 'user', content: 'And sunsets?', timestamp: 1700000004 },
      a2: { id: 'a2', parentId: 'q2', childrenIds: [], role: 'assistant', content: 'Longer path through air.', timestamp: 1700000005 },
    },
  },
});

const raw = (p: string, headers: Record<string, string> = {}) => rawRequest(srv.url, { method: 'GET', path: p, headers: { ...NAVIGATE, ...headers } });
const page = async (p: string) => { const r = await raw(p); return { status: r.status, text: r.body.toString() }; };
const page2 = async (p: string, cookie: string) => { const r = await raw(p, { cookie }); return { status: r.status, text: r.body.toString() }; };

const copiesOf = (shareId: string) => everyCopy(srv.url, bob, shareId, { branch: `/s/${shareId}?b=a1b` });

async function share(body: object): Promise<{ chatId: string; shareId: string; json: any }> {
  const chatId = (await alice.req('POST', '/api/v1/chats/new', { chat: chat() })).json.id;
  const made = await alice.req('POST', `/api/v1/chats/${chatId}/share`, body);
  expect(made.status).toBe(200);
  return { chatId, shareId: made.json.share_id, json: made.json };
}
const views = async (chatId: string) => (await alice.req('GET', `/api/v1/chats/${chatId}/share`)).json.views as number;

beforeAll(async () => {
  srv = await startServer({ CHATSHARE_NO_WARMUP: '1' });
  alice = new Client(srv.url);
  bob = new Client(srv.url);
  await alice.signup('alice@example.com');
  await bob.signup('bob@example.com');
});
afterAll(async () => srv?.stop());

describe('all branches of a share', () => {
  it('off (the default): one path everywhere, no switcher, ?b= ignored', async () => {
    const { chatId, shareId, json } = await share({});
    expect(json.all_branches).toBe(false);
    const copies = await copiesOf(shareId);
    expect(carrying(copies, MARK)).toEqual([]);
    expect(carrying(copies, 'Rayleigh scattering.')).toEqual(expect.arrayContaining(['page', 'branch', 'br', 'api', 'md', 'json', 'clone']));
    expect(copies.page).not.toContain('?b=');
    expect(copies.branch).toBe(copies.page); // the link's own page, byte for byte
    const scan = await alice.req('GET', `/api/v1/chats/${chatId}/share/scan`);
    expect(scan.json.findings.map((f: { message_id: string }) => f.message_id)).toEqual([]); // the branch shown has none
  });

  it('the scan covers "All branches" as ticked in the dialog before it is saved, and takes answers there', async () => {
    // Before: the scan read only the saved link's choice, so ticking the box listed nothing until Share had published
    // the regeneration's address.
    const chatId = (await alice.req('POST', '/api/v1/chats/new', { chat: chat() })).json.id;
    const ids = (r: { json: { findings: Array<{ message_id: string }> } }) => r.json.findings.map((f) => f.message_id);
    expect(ids(await alice.req('GET', `/api/v1/chats/${chatId}/share/scan`))).toEqual([]);
    expect(ids(await alice.req('GET', `/api/v1/chats/${chatId}/share/scan?all_branches=0`))).toEqual([]);
    const ticked = await alice.req('GET', `/api/v1/chats/${chatId}/share/scan?all_branches=1`);
    expect(ids(ticked)).toEqual(['a1b']);
    // Redact it there, then share with all branches: the address is in no copy.
    const decided = await alice.req('POST', `/api/v1/chats/${chatId}/share/scan?all_branches=1`, { decisions: [{ id: ticked.json.findings[0].id, decision: 'redact' }] });
    expect(decided.status).toBe(200);
    expect(decided.json.findings[0].decision).toBe('redact');
    const made = await alice.req('POST', `/api/v1/chats/${chatId}/share`, { all_branches: true });
    expect(made.status).toBe(200);
    const copies = await copiesOf(made.json.share_id);
    expect(carrying(copies, 'sky.person@example.org')).toEqual([]);
    expect(carrying(copies, MARK)).toEqual(expect.arrayContaining(['api', 'json']));
    // Another user's chat stays a 404 whatever the scope.
    expect((await bob.req('GET', `/api/v1/chats/${chatId}/share/scan?all_branches=1`)).status).toBe(404);
  });

  it('on: switchers link to the other path, served through the gate and counted; outside the part is a 404', async () => {
    const { chatId, shareId, json } = await share({ all_branches: true });
    expect(json.all_branches).toBe(true);
    const main = await page(`/s/${shareId}`);
    expect(main.status).toBe(200);
    expect(main.text).toContain('href="?b=a1b#m-a1b"'); // "‹" from a1 (2/2) to its older regeneration
    expect(main.text).toContain('2/2');
    expect(main.text).not.toContain(MARK);

    const before = await views(chatId);
    const other = await page(`/s/${shareId}?b=a1b`);
    expect(other.status).toBe(200);
    expect(other.text).toContain(`Regenerated answer ${MARK}`);
    expect(other.text).toContain(`Follow-up there ${MARK}`); // the newest leaf below it
    expect(other.text).not.toContain('Longer path through air.');
    expect(other.text).toContain('href="?b=a1#m-a1"'); // and back
    expect(await views(chatId)).toBe(before + 1);
    // The secret scan covers what the link publishes: the other regeneration's e-mail address too.
    const scan = await alice.req('GET', `/api/v1/chats/${chatId}/share/scan`);
    expect(scan.json.findings.map((f: { message_id: string }) => f.message_id)).toEqual(['a1b']);
    expect((await page(`/s/${shareId}?b=a1b`)).text).toBe(other.text); // rendered once, kept

    // The API and the JSON download hold the tree; Markdown is the branch shared.
    expect(JSON.stringify((await bob.req('GET', `/api/v1/chats/share/${shareId}`)).json)).toContain(MARK);
    expect((await raw(`/s/${shareId}/download?format=json`)).body.toString()).toContain(MARK);
    expect((await raw(`/s/${shareId}/download?format=md`)).body.toString()).not.toContain(MARK);

    for (const bad of ['nope', 'q9', 'a1b_']) expect((await page(`/s/${shareId}?b=${bad}`)).status).toBe(404);
    // A part from a1 down: its sibling a1b and q1 above it are outside; a2 inside is the page itself.
    const cut = await alice.req('POST', `/api/v1/chats/${chatId}/share`, { first_message_id: 'a1', last_message_id: null });
    expect(cut.status).toBe(200);
    const counted = await views(chatId);
    for (const outside of ['a1b', 'q1', 'q2b']) {
      const r = await page(`/s/${shareId}?b=${outside}`);
      expect(r.status).toBe(404);
      expect(r.text).not.toContain(MARK);
    }
    expect(await views(chatId)).toBe(counted); // a 404 spends no view
    const inside = await page(`/s/${shareId}?b=a2`);
    expect(inside.status).toBe(200);
    expect(inside.text).toContain('Longer path through air.');
    expect(JSON.stringify((await bob.req('GET', `/api/v1/chats/share/${shareId}`)).json)).not.toContain(MARK);
  });

  it('on: ?b= respects max_views and the password, and live links refuse the switch', async () => {
    const limited = await share({ all_branches: true, max_views: 1 });
    // Not a navigation: the small "Show conversation" page, whose press shows that branch and is the one view.
    const confirm = await rawRequest(srv.url, { method: 'GET', path: `/s/${limited.shareId}?b=a1b`, headers: {} });
    expect(confirm.body.toString()).not.toContain(MARK);
    expect(confirm.body.toString()).toContain(`action="/s/${limited.shareId}?b=a1b"`);
    const shown = await fetch(`${srv.url}/s/${limited.shareId}?b=a1b`, { method: 'POST', body: 'show=1',
      headers: { origin: srv.url, 'content-type': 'application/x-www-form-urlencoded' } });
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain(MARK);
    const second = await page(`/s/${limited.shareId}?b=a1b`);
    expect(second.status).toBe(410);
    expect(second.text).not.toContain(MARK);

    const locked = await share({ all_branches: true, password: 'open sesame' });
    const ask = await page(`/s/${locked.shareId}?b=a1b`);
    expect(ask.status).toBe(401);
    expect(ask.text).not.toContain(MARK);
    expect(ask.text).toContain(`action="/s/${locked.shareId}?b=a1b"`); // the right password leads back to that branch
    const unlock = await fetch(`${srv.url}/s/${locked.shareId}?b=a1b`, { method: 'POST', redirect: 'manual', body: 'password=open+sesame',
      headers: { origin: srv.url, 'content-type': 'application/x-www-form-urlencoded' } });
    expect([unlock.status, unlock.headers.get('location')]).toEqual([303, `/s/${locked.shareId}?b=a1b`]);
    const cookie = unlock.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    expect((await page2(`/s/${locked.shareId}?b=a1b`, cookie)).text).toContain(MARK);

    const live = await alice.req('POST', `/api/v1/chats/${locked.chatId}/share`, { is_live: true });
    expect(live.status).toBe(422);
    expect(live.json.detail).toMatch(/^all_branches/);
  });
});
