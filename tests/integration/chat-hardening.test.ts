// Hostile chats and parameters against the built server: every route answers, never with a 5xx; re-imports are recognised.
import fs from 'node:fs';
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

describe('importing the same export again', () => {
  const fixture = () => JSON.parse(fs.readFileSync('tests/fixtures/openwebui-export.json', 'utf8')) as any[];
  const chatgpt = () => JSON.parse(fs.readFileSync('tests/fixtures/chatgpt-conversations.json', 'utf8')) as any[];

  it('skips chats already in the library, says which, and imports copies when asked', async () => {
    const c = new Client(server.url);
    await c.signup('reimport@example.com');
    const data = fixture();
    const first = await c.req('POST', '/api/v1/chats/import', data);
    expect(first.json.imported).toHaveLength(data.length);
    expect(first.json.skipped).toEqual([]);

    const again = await c.req('POST', '/api/v1/chats/import', data);
    expect(again.status).toBe(200);
    expect(again.json.imported).toEqual([]);
    expect(again.json.skipped).toEqual(data.map((d, index) => ({
      index, title: d.title, reason: 'already in your library', existing_id: first.json.imported[index].id,
    })));
    expect((await c.req('GET', '/api/v1/chats/')).json).toHaveLength(data.length);

    // One chat changed in the source app (new updated_at and content): that one is new, the rest are skipped.
    const edited = fixture();
    edited[1].updated_at += 60;
    edited[1].chat.title = 'Edited upstream';
    const partly = await c.req('POST', '/api/v1/chats/import', edited);
    expect(partly.json.imported.map((x: any) => x.title)).toEqual([edited[1].title]);
    expect(partly.json.skipped.map((x: any) => x.index)).toEqual(data.map((_, i) => i).filter((i) => i !== 1));

    const copies = await c.req('POST', '/api/v1/chats/import?duplicates=copy', data);
    expect(copies.status).toBe(200);
    expect(copies.json.imported).toHaveLength(data.length);
    expect(copies.json.skipped).toEqual([]);
    for (const [i, item] of copies.json.imported.entries()) {
      expect(item.id).not.toBe(first.json.imported[i].id);
      expect((await c.req('GET', `/api/v1/chats/${item.id}`)).json.chat).toEqual(data[i].chat);
    }
    expect((await c.req('GET', '/api/v1/chats/')).json).toHaveLength(2 * data.length + 1);
    expect((await c.req('POST', '/api/v1/chats/import?duplicates=maybe', data)).status).toBe(422);
  });

  it('recognises ChatGPT conversations, repeats within one file, and a chat exported from here', async () => {
    const c = new Client(server.url);
    await c.signup('reimport-gpt@example.com');
    const convs = chatgpt();
    await c.req('POST', '/api/v1/chats/import', convs);
    const again = await c.req('POST', '/api/v1/chats/import', convs);
    expect(again.json.imported).toEqual([]);
    expect(again.json.skipped).toHaveLength(convs.length);

    const twice = await c.req('POST', '/api/v1/chats/import', [{ id: 'x', title: 'Twice', chat: { history: { currentId: 'q1', messages: branchedMessages() } } }, { id: 'x', title: 'Twice', chat: { history: { currentId: 'q1', messages: branchedMessages() } } }]);
    expect(twice.json.imported).toHaveLength(1);
    expect(twice.json.skipped).toEqual([{ index: 1, title: 'Twice', reason: 'the same chat appears earlier in this file', existing_id: twice.json.imported[0].id }]);

    const made = (await c.req('POST', '/api/v1/chats/new', { chat: { title: 'Made here', history: { currentId: 'q2', messages: branchedMessages() } } })).json.id;
    const exported = await (await fetch(`${server.url}/api/v1/chats/${made}/export?format=json`, { headers: { authorization: `Bearer ${c.token}` } })).json();
    const back = await c.req('POST', '/api/v1/chats/import', exported);
    expect(back.json.skipped).toEqual([{ index: 0, title: 'Made here', reason: 'already in your library', existing_id: made }]);
  });

  it("never matches another user's chats", async () => {
    const a = new Client(server.url);
    await a.signup('reimport-a@example.com');
    const b = new Client(server.url);
    await b.signup('reimport-b@example.com');
    const data = fixture();
    await a.req('POST', '/api/v1/chats/import', data);
    const r = await b.req('POST', '/api/v1/chats/import', data);
    expect(r.json.imported).toHaveLength(data.length);
    expect(r.json.skipped).toEqual([]);
  });
});
