// The branch switcher's form against the built server: the pick is saved as history.currentId (at its leaf), shares
// publish it, and bad or foreign input changes nothing.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';

let server: TestServer;
beforeAll(async () => { server = await startServer(); });
afterAll(async () => { await server?.stop(); });

const BRANCHED = 'Deduplicating a list in Python while keeping order';
const PARENT = 'd0afe5d3-2796-4af3-a257-7963c95187ce'; // the question answered three times
const [FIRST, SECOND, THIRD] = ['7f417d00-c915-4bdc-9ca7-2a1247a4474d', 'd338f897-8e53-44c8-ae6f-ba18b7b2890f', '2a753731-6627-4c80-9b1c-01553c2a4220'];
const SECOND_LEAF = 'df8cec83-1f61-42a7-838b-5f34ab78694a';

async function owner(email: string) {
  const c = new Client(server.url);
  await c.signup(email);
  const fixture = JSON.parse(fs.readFileSync('tests/fixtures/openwebui-export.json', 'utf8'));
  const { imported } = (await c.req('POST', '/api/v1/chats/import', fixture)).json;
  return { c, id: imported.find((x: { title: string }) => x.title === BRANCHED).id as string };
}

/** The switcher's POST, as a browser sends it: the session cookie, a form body, this site's Origin. */
function pick(c: Client, chatId: string, messageId: string, origin = server.url) {
  return fetch(`${server.url}/c/${chatId}/branch`, {
    method: 'POST', redirect: 'manual',
    headers: { cookie: `auth_session=${c.token}`, origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ message_id: messageId }),
  });
}

const chatOf = async (c: Client, id: string) => (await c.req('GET', `/api/v1/chats/${id}`)).json;

describe('the branch switcher', () => {
  it('saves the pick at its leaf, with the flattened messages, and shows it back at the message', async () => {
    const { c, id } = await owner('switch@example.com');
    const before = await chatOf(c, id);
    expect(before.chat.history.currentId).toBe(SECOND_LEAF);
    const res = await pick(c, id, FIRST);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/c/${id}#m-${FIRST}`);
    const after = await chatOf(c, id);
    expect(after.chat.history.currentId).toBe(FIRST);
    expect(after.chat.messages.map((m: { id: string }) => m.id)).toEqual([PARENT, FIRST]);
    // Switching branches is reading, not editing: "Updated" (and the library's order) stays (issue 19).
    expect(after.updated_at).toBe(before.updated_at);
    // Picking the answer that has a follow-up goes down to its leaf, as Open WebUI does.
    await pick(c, id, SECOND);
    expect((await chatOf(c, id)).chat.history.currentId).toBe(SECOND_LEAF);
    // The page renders the saved branch without any ?branch= parameter.
    await pick(c, id, THIRD);
    const page = await (await fetch(`${server.url}/c/${id}`, { headers: { cookie: `auth_session=${c.token}` } })).text();
    expect(page).toContain('<span>3/3</span>');
    expect(page).toContain('response 3/3 at message 2');
  });

  it('makes a new snapshot share publish the picked answer', async () => {
    const { c, id } = await owner('snap@example.com');
    await pick(c, id, FIRST);
    const share = (await c.req('POST', `/api/v1/chats/${id}/share`, {})).json;
    const html = await (await fetch(share.url)).text();
    expect(html).toContain('The idiomatic one-liner is');
    expect(html).not.toContain('Use a dict as an');
  });

  it('changes nothing for unknown, inherited or foreign ids, another user, or another site', async () => {
    const { c, id } = await owner('safe@example.com');
    const start = await chatOf(c, id);
    for (const bad of ['nope', '__proto__', 'constructor', 'toString', '', 'x'.repeat(5000)]) {
      const res = await pick(c, id, bad);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/c/${id}`);
    }
    const other = await owner('other@example.com');
    // Another user's chat: back to its address, which answers them the not-found page (a 404), as any unknown id does.
    expect((await pick(other.c, id, FIRST)).headers.get('location')).toBe(`/c/${id}`);
    const foreign = await fetch(`${server.url}/c/${id}`, { redirect: 'manual', headers: { cookie: `auth_session=${other.c.token}` } });
    expect(foreign.status).toBe(404);
    expect(await foreign.text()).toContain('Chat not found');
    expect((await pick(c, id, FIRST, 'https://evil.example')).status).toBe(403);
    const anon = await fetch(`${server.url}/c/${id}/branch`, { method: 'POST', redirect: 'manual', headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' }, body: `message_id=${FIRST}` });
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toMatch(/^\/auth\/signin\?next=/);
    const junk = await fetch(`${server.url}/c/${id}/branch`, { method: 'POST', redirect: 'manual', headers: { cookie: `auth_session=${c.token}`, origin: server.url, 'content-type': 'multipart/form-data; boundary=x' }, body: '--x\r\nbroken' });
    expect(junk.status).toBe(303);
    const end = await chatOf(c, id);
    expect(end.chat).toEqual(start.chat);
    expect(end.updated_at).toBe(start.updated_at);
  });

  it('leaves updated_at alone, while a live share follows each of two switches within one second', async () => {
    const { c, id } = await owner('fast@example.com');
    const share = (await c.req('POST', `/api/v1/chats/${id}/share`, { is_live: true })).json;
    const live = async () => {
      const html = await (await fetch(share.url)).text();
      return { version: /data-version="(\d+)"/.exec(html)?.[1], first: html.includes('The idiomatic one-liner is') };
    };
    const start = await chatOf(c, id);
    const v0 = await live();
    await pick(c, id, FIRST);
    const v1 = await live();
    expect(v1.first).toBe(true);
    await pick(c, id, THIRD);
    const v2 = await live();
    expect(v2.first).toBe(false);
    expect(Number(v1.version)).toBeGreaterThan(Number(v0.version));
    expect(Number(v2.version)).toBeGreaterThan(Number(v1.version));
    expect((await chatOf(c, id)).updated_at).toBe(start.updated_at);
    // An edit right after a switch still moves the version on, and is seen.
    const edited = await c.req('POST', `/api/v1/chats/${id}`, { chat: { title: 'Renamed right after a switch' } });
    expect(edited.status).toBe(200);
    expect(Number((await live()).version)).toBeGreaterThan(Number(v2.version));
  });

  it('waits for a write lock another thread holds (an import\'s batch, a stats flush) instead of answering busy', async () => {
    const { c, id } = await owner('locked@example.com');
    // The lock is held from another connection for 300 ms, longer than SQLite's busy wait of 25 ms: the switch used to
    // answer 503 at once, and the page's script then opened the form's address, a 404 ("nothing at /c/…/branch").
    const lock = new Database(path.join(server.dataDir, 'chatshare.sqlite'));
    try {
      lock.prepare('BEGIN IMMEDIATE').run();
      const released = new Promise<void>((resolve) => setTimeout(() => { lock.prepare('COMMIT').run(); resolve(); }, 300));
      const res = await pick(c, id, FIRST);
      await released;
      expect(res.status).toBe(303);
      expect((await chatOf(c, id)).chat.history.currentId).toBe(FIRST);
    } finally {
      lock.close();
    }
  });
});
