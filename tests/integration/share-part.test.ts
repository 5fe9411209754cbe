// Issue 17.4, share a part: a share of "this prompt and response", of a range or of everything up to a message holds only
// those messages. A marker placed in every message outside the part reaches none of the copies a stranger can get (page,
// compressed pages, unfurl, oEmbed, API, downloads, clone); a live share follows new messages only when its part runs to
// the end; hostile parts are refused with a 422 naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, Client, NAVIGATE, type TestServer } from '../helpers/server';
import { rawRequest } from '../helpers/raw-http';
import { carrying, everyCopy } from '../helpers/share-copies';

let srv: TestServer;
let alice: Client;
let bob: Client;
const MARK = 'OUTSIDE-THE-PART-7f3a';

// q1 -> a1 -> q2 -> a2 (a regeneration a2b beside it) -> q3 -> a3; the part is q2..a2, the marker is everywhere else.
const msgs = (extra: Record<string, object> = {}, currentId = 'a3') => ({
  title: 'Part of a chat', models: ['gpt-test'],
  history: {
    currentId,
    messages: {
      q1: { id: 'q1', parentId: null, childrenIds: ['a1'], role: 'user', content: `Opening question ${MARK}`, timestamp: 1700000000 },
      a1: { id: 'a1', parentId: 'q1', childrenIds: ['q2'], role: 'assistant', content: `Opening answer ${MARK}`, timestamp: 1700000001 },
      q2: { id: 'q2', parentId: 'a1', childrenIds: ['a2b', 'a2'], role: 'user', content: 'How do tides work?', timestamp: 1700000002 },
      a2b: { id: 'a2b', parentId: 'q2', childrenIds: [], role: 'assistant', content: `An older regeneration ${MARK}`, timestamp: 1700000003 },
      a2: { id: 'a2', parentId: 'q2', childrenIds: ['q3'], role: 'assistant', content: 'The moon pulls the oceans.', timestamp: 1700000004 },
      q3: { id: 'q3', parentId: 'a2', childrenIds: ['a3'], role: 'user', content: `A later question ${MARK}`, timestamp: 1700000005 },
      a3: { id: 'a3', parentId: 'q3', childrenIds: Object.keys(extra), role: 'assistant', content: `A later answer ${MARK}`, timestamp: 1700000006 },
      ...extra,
    },
  },
});

const raw = (p: string, headers: Record<string, string> = {}) => rawRequest(srv.url, { method: 'GET', path: p, headers: { ...NAVIGATE, ...headers } });
const copiesOf = (shareId: string) => everyCopy(srv.url, bob, shareId);

beforeAll(async () => {
  srv = await startServer({ CHATSHARE_NO_WARMUP: '1' });
  alice = new Client(srv.url);
  bob = new Client(srv.url);
  await alice.signup('alice@example.com');
  await bob.signup('bob@example.com');
});
afterAll(async () => srv?.stop());

describe('sharing a part of a chat', () => {
  it('a snapshot of "this prompt and response" holds that pair and nothing else, in every copy', async () => {
    const id = (await alice.req('POST', '/api/v1/chats/new', { chat: msgs() })).json.id;
    const made = await alice.req('POST', `/api/v1/chats/${id}/share`, { first_message_id: 'q2', last_message_id: 'a2' });
    expect(made.status).toBe(200);
    expect([made.json.part, made.json.first_message_id, made.json.last_message_id]).toEqual(['range', 'q2', 'a2']);
    const copies = await copiesOf(made.json.share_id);
    expect(carrying(copies, MARK)).toEqual([]);
    // The unfurl's description is the part's first prompt.
    expect(carrying(copies, 'How do tides work?')).toEqual(expect.arrayContaining(['page', 'br', 'crawler', 'api', 'md', 'json', 'clone']));
    expect(carrying(copies, 'The moon pulls the oceans.')).toEqual(expect.arrayContaining(['page', 'br', 'api', 'md', 'json', 'clone']));
    // The owner's own reading of the share says so, and reopening the dialog gets it back.
    const own = await alice.req('GET', `/api/v1/chats/${id}/share`);
    expect([own.json.part, own.json.first_message_id, own.json.last_message_id]).toEqual(['range', 'q2', 'a2']);

    // Changed to "everything up to a2": the snapshot is rendered again, with the opening and without what follows.
    const upTo = await alice.req('POST', `/api/v1/chats/${id}/share`, { first_message_id: null, last_message_id: 'a2' });
    expect([upTo.json.part, upTo.json.first_message_id, upTo.json.last_message_id]).toEqual(['up_to', null, 'a2']);
    const page = (await raw(`/s/${upTo.json.share_id}`)).body.toString();
    expect(page).toContain('Opening question');
    expect(page).toContain('The moon pulls the oceans.');
    expect(page).not.toContain('A later question');
    expect(page).not.toContain('An older regeneration');

    // Back to the whole chat: the later messages are shared again.
    const whole = await alice.req('POST', `/api/v1/chats/${id}/share`, { first_message_id: null, last_message_id: null });
    expect(whole.json.part).toBe('whole');
    expect((await raw(`/s/${whole.json.share_id}`)).body.toString()).toContain('A later question');
  });

  it('a live share follows new messages only when its part runs to the end of the chat', async () => {
    const id = (await alice.req('POST', '/api/v1/chats/new', { chat: msgs() })).json.id;
    const made = await alice.req('POST', `/api/v1/chats/${id}/share`, { is_live: true, first_message_id: 'q2', last_message_id: 'a2' });
    expect(made.status).toBe(200);
    const shareId = made.json.share_id;
    const next = { q4: { id: 'q4', parentId: 'a3', childrenIds: [], role: 'user', content: 'A brand new follow-up', timestamp: 1700000007 } };
    expect((await alice.req('POST', `/api/v1/chats/${id}`, { chat: msgs(next, 'q4') })).status).toBe(200);
    const fixed = await copiesOf(shareId);
    expect(carrying(fixed, MARK)).toEqual([]);
    expect(carrying(fixed, 'A brand new follow-up')).toEqual([]);
    expect(fixed.page).toContain('The moon pulls the oceans.');

    // From q2 to the end: the new message is in, the opening still out (the branch's later messages come with it).
    const open = await alice.req('POST', `/api/v1/chats/${id}/share`, { last_message_id: null });
    expect([open.json.part, open.json.first_message_id, open.json.last_message_id]).toEqual(['from', 'q2', null]);
    const page = (await raw(`/s/${shareId}`)).body.toString();
    expect(page).toContain('A brand new follow-up');
    expect(page).not.toContain('Opening question');
    expect(page).not.toContain('An older regeneration');
    const next2 = { ...next, q4: { ...next.q4, childrenIds: ['a4'] }, a4: { id: 'a4', parentId: 'q4', childrenIds: [], role: 'assistant', content: 'Newest reply here', timestamp: 1700000008 } };
    await alice.req('POST', `/api/v1/chats/${id}`, { chat: msgs(next2, 'a4') });
    expect((await raw(`/s/${shareId}`)).body.toString()).toContain('Newest reply here');
    expect(JSON.stringify((await bob.req('GET', `/api/v1/chats/share/${shareId}`)).json)).not.toContain('Opening question');
  });

  it('saves racing with different parts leave the link naming the part its snapshot holds', async () => {
    const id = (await alice.req('POST', '/api/v1/chats/new', { chat: msgs() })).json.id;
    const shareId = (await alice.req('POST', `/api/v1/chats/${id}/share`, {})).json.share_id;
    const parts = [{ first_message_id: 'q2', last_message_id: 'a2' }, { first_message_id: null, last_message_id: 'a1' }];
    const all = await Promise.all(Array.from({ length: 6 }, (_, i) => alice.req('POST', `/api/v1/chats/${id}/share`, parts[i % 2])));
    expect(all.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const saved = (await alice.req('GET', `/api/v1/chats/${id}/share`)).json;
    const page = (await raw(`/s/${shareId}`)).body.toString();
    if (saved.part === 'range') {
      expect(page).toContain('How do tides work?');
      expect(page).not.toContain('Opening question');
    } else {
      expect(saved.part).toBe('up_to');
      expect(page).toContain('Opening answer');
      expect(page).not.toContain('How do tides work?');
    }
  });

  it('refuses hostile parts with a 422 naming the field, and changes nothing', async () => {
    const id = (await alice.req('POST', '/api/v1/chats/new', { chat: msgs() })).json.id;
    const post = (body: unknown) => alice.req('POST', `/api/v1/chats/${id}/share`, body);
    const cases: Array<[unknown, string]> = [
      [{ first_message_id: 'nope', last_message_id: 'a2' }, 'first_message_id'],
      [{ last_message_id: '__proto__' }, 'last_message_id'],
      [{ first_message_id: 'a2', last_message_id: 'q2' }, 'last_message_id'], // the first after the last
      [{ first_message_id: 'a2b', last_message_id: 'a3' }, 'first_message_id'], // another branch
      [{ first_message_id: '' }, 'first_message_id'],
      [{ last_message_id: 42 }, 'last_message_id'],
      [{ first_message_id: 'x'.repeat(600) }, 'first_message_id'],
    ];
    for (const [body, field] of cases) {
      const r = await post(body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.json.code).toBe('VALIDATION_ERROR');
      expect(r.json.detail, JSON.stringify(body)).toMatch(new RegExp(`^${field}`));
    }
    expect((await alice.req('GET', `/api/v1/chats/${id}/share`)).status).toBe(404); // no link was made
    // In French, the same refusal in French.
    const fr = await alice.req('POST', `/api/v1/chats/${id}/share`, { first_message_id: 'a2', last_message_id: 'q2' }, { 'accept-language': 'fr' });
    expect(fr.status).toBe(422);
    expect(fr.json.detail).toMatch(/^last_message_id: le dernier message vient avant le premier/);
    // Bob cannot set a part on Alice's chat (nor learn its ids): a 404.
    expect((await bob.req('POST', `/api/v1/chats/${id}/share`, { first_message_id: 'q2', last_message_id: 'a2' })).status).toBe(404);
  });
});
