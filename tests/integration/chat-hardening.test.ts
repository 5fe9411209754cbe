// Hostile chats and parameters against the built server: every route answers, never with a 5xx.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';

let server: TestServer;
let owner: Client;
beforeAll(async () => {
  server = await startServer();
  owner = new Client(server.url);
  await owner.signup('hardening@example.com');
});
afterAll(async () => { await server?.stop(); });

const msg = (id: string, parentId: unknown, childrenIds: unknown[], role: unknown, content: unknown, timestamp = 1_761_000_000) =>
  ({ id, parentId, childrenIds, role, content, timestamp });
/** q1 -> a1 (older answer) | a2 (newer) -> q2. The newest leaf is q2, whose branch says "NEWEST-LEAF". */
const branchedMessages = () => ({
  q1: msg('q1', null, ['a1', 'a2'], 'user', 'QUESTION-ONE', 1_761_000_000),
  a1: msg('a1', 'q1', [], 'assistant', 'OLD-ANSWER', 1_761_000_010),
  a2: msg('a2', 'q1', ['q2'], 'assistant', 'NEW-ANSWER', 1_761_000_020),
  q2: msg('q2', 'a2', [], 'user', 'NEWEST-LEAF', 1_761_000_030),
});

interface Hostile { name: string; history: Record<string, unknown>; shows: string[]; hides?: string[] }
const hostile: Hostile[] = [
  { name: 'currentId null (as real exports carry)', history: { currentId: null, messages: branchedMessages() }, shows: ['QUESTION-ONE', 'NEW-ANSWER', 'NEWEST-LEAF'], hides: ['OLD-ANSWER'] },
  { name: 'currentId missing', history: { messages: branchedMessages() }, shows: ['QUESTION-ONE', 'NEWEST-LEAF'], hides: ['OLD-ANSWER'] },
  { name: 'currentId dangling', history: { currentId: 'deleted-long-ago', messages: branchedMessages() }, shows: ['QUESTION-ONE', 'NEWEST-LEAF'], hides: ['OLD-ANSWER'] },
  { name: 'currentId "constructor"', history: { currentId: 'constructor', messages: branchedMessages() }, shows: ['QUESTION-ONE', 'NEWEST-LEAF'], hides: ['OLD-ANSWER'] },
  { name: 'currentId "__proto__"', history: { currentId: '__proto__', messages: branchedMessages() }, shows: ['QUESTION-ONE', 'NEWEST-LEAF'], hides: ['OLD-ANSWER'] },
  { name: 'parentId "toString"', history: { currentId: 'b', messages: { b: msg('b', 'toString', [], 'user', 'ORPHANED-QUESTION') } }, shows: ['ORPHANED-QUESTION'] },
  {
    name: 'a parentId cycle', history: { currentId: 'c', messages: {
      a: msg('a', 'c', ['b'], 'user', 'CYCLE-A'), b: msg('b', 'a', ['c'], 'assistant', 'CYCLE-B'), c: msg('c', 'b', ['a'], 'user', 'CYCLE-C'),
    } }, shows: ['CYCLE-A', 'CYCLE-B', 'CYCLE-C'],
  },
  {
    name: 'childrenIds cycles and ghosts', history: { currentId: null, messages: {
      r: msg('r', null, ['r', 'x', 'ghost', 'constructor'], 'user', 'ROOT-TEXT', 1), x: msg('x', 'r', ['r', 'x'], 'assistant', 'CHILD-TEXT', 2),
    } }, shows: ['ROOT-TEXT', 'CHILD-TEXT'],
  },
  {
    name: 'non-string roles, models and content', history: { currentId: 'b', messages: {
      a: msg('a', null, ['b'], 42, { not: 'text' }), b: { ...msg('b', 'a', [], 'assistant', 'FINE-ANSWER'), model: { evil: true }, modelName: ['x'] },
    } }, shows: ['FINE-ANSWER'],
  },
];

const cookie = () => ({ cookie: `auth_session=${owner.token}` });
const get = (p: string, headers: Record<string, string> = cookie()) => fetch(server.url + p, { headers, redirect: 'manual' });

async function importOne(item: unknown, query = ''): Promise<any> {
  const r = await owner.req('POST', `/api/v1/chats/import${query}`, [item]);
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json;
}

describe('hostile chats import and then work on every route', () => {
  for (const [i, h] of hostile.entries()) {
    it(h.name, async () => {
      const body = await importOne({ id: `hostile-${i}`, title: `Hostile ${i}`, updated_at: 1_761_000_100 + i, chat: { title: `Hostile ${i}`, history: h.history, unknown_field: { kept: i } } });
      expect(body.imported).toHaveLength(1);
      const id = body.imported[0].id as string;

      // Stored as exported, with currentId naming one of its messages.
      const stored = (await owner.req('GET', `/api/v1/chats/${id}`)).json;
      expect(stored.chat.unknown_field).toEqual({ kept: i });
      expect(Object.keys(stored.chat.history.messages)).toContain(stored.chat.history.currentId);

      const expectText = async (res: Response, where: string) => {
        expect(res.status, where).toBe(200);
        const text = await res.text();
        for (const s of h.shows) expect(text, `${where} shows ${s}`).toContain(s);
        for (const s of h.hides ?? []) expect(text, `${where} hides ${s}`).not.toContain(s);
      };
      await expectText(await get(`/c/${id}`), '/c/{id}');
      for (const b of ['__proto__', 'constructor', 'toString', 'nope']) await expectText(await get(`/c/${id}?branch=${b}`), `/c/{id}?branch=${b}`);
      await expectText(await get(`/api/v1/chats/${id}/export?format=md`, { authorization: `Bearer ${owner.token}` }), 'Markdown export');

      const snap = await owner.req('POST', `/api/v1/chats/${id}/share`, {});
      expect(snap.status, JSON.stringify(snap.json)).toBe(200);
      await expectText(await get(`/s/${snap.json.share_id}`, {}), 'snapshot share');
      const live = await owner.req('POST', `/api/v1/chats/${id}/share`, { is_live: true });
      expect(live.status, JSON.stringify(live.json)).toBe(200);
      expect(live.json.type).toBe('live');
      await expectText(await get(`/s/${live.json.share_id}`, {}), 'live share');
      expect((await get(`/s/${live.json.share_id}/og.png`, {})).status).toBeLessThan(500);
    });
  }

  it('a chat stored before the repair (currentId null in the row) is repaired when read', async () => {
    const body = await importOne({ id: 'old-row', title: 'Old row', chat: { history: { currentId: 'q2', messages: branchedMessages() } } });
    const id = body.imported[0].id as string;
    const conn = new Database(path.join(server.dataDir, 'chatshare.sqlite'));
    try {
      const row = conn.prepare('SELECT chat FROM chat WHERE id = ?').pluck().get(id) as string;
      conn.prepare('UPDATE chat SET chat = ? WHERE id = ?').run(row.replace('"currentId":"q2"', '"currentId":"__proto__"'), id);
    } finally { conn.close(); }
    expect((await owner.req('GET', `/api/v1/chats/${id}`)).json.chat.history.currentId).toBe('q2');
    const page = await get(`/c/${id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('NEWEST-LEAF');
  });
});

describe('parameters that used to 500', () => {
  it('a page number past any library is an empty page, on both list routes', async () => {
    for (const route of ['/api/v1/chats/', '/api/v1/chats/list']) {
      for (const page of ['99999999999999999999', '1e400', '9007199254740993', '-5', 'abc']) {
        const r = await owner.req('GET', `${route}?page=${page}`);
        expect(r.status, `${route}?page=${page}`).toBe(200);
        expect(Array.isArray(r.json)).toBe(true);
      }
      expect((await owner.req('GET', `${route}?page=99999999999999999999`)).json).toEqual([]);
      // Unparseable pages still mean the first page, as before.
      expect((await owner.req('GET', `${route}?page=abc`)).json.length).toBeGreaterThan(0);
    }
    // The two routes are one: the same page of the same library.
    expect((await owner.req('GET', '/api/v1/chats/list?page=1')).json).toEqual((await owner.req('GET', '/api/v1/chats/?page=1')).json);
  });

  it('?branch= naming a prototype member shows the current branch of an ordinary chat', async () => {
    const id = (await importOne({ id: 'plain', title: 'Plain', chat: { history: { currentId: 'a1', messages: branchedMessages() } } })).imported[0].id;
    for (const b of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      const res = await get(`/c/${id}?branch=${b}`);
      expect(res.status, b).toBe(200);
      const text = await res.text();
      expect(text).toContain('OLD-ANSWER');
      expect(text).not.toContain('NEWEST-LEAF');
    }
    // A real branch id still switches.
    const other = await (await get(`/c/${id}?branch=a2`)).text();
    expect(other).toContain('NEWEST-LEAF');
  });
});
