// Hostile imports against the built server (a review's findings): an archive's macOS metadata, an item whose fields
// break String(), ChatGPT nodes linked only in a cycle, titles and entry names megabytes long. Each is answered with
// what the file holds, or a clear 4xx, and never costs more memory than the file itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';
import { makeZip, type ZipInput } from '../helpers/zip';

let server: TestServer;
let client: Client;
beforeAll(async () => {
  server = await startServer();
  client = new Client(server.url);
  await client.signup('hostile@example.com');
});
afterAll(async () => { await server?.stop(); });

async function importBody(body: Buffer | string, type: string, query = '?duplicates=copy'): Promise<{ status: number; json: any }> {
  const res = await fetch(`${server.url}/api/v1/chats/import${query}`, {
    method: 'POST', headers: { authorization: `Bearer ${client.token}`, 'content-type': type }, body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  return { status: res.status, json: await res.json() };
}
const importZip = (files: ZipInput) => importBody(makeZip(files), 'application/zip');
const importJson = (data: unknown) => importBody(JSON.stringify(data), 'application/json');

const chat = (title: string) => ({ title, chat: { history: { currentId: 'a', messages: { a: { id: 'a', role: 'user', content: title, parentId: null, childrenIds: [] } } } } });

describe('archives', () => {
  it('ignores a conversations.json under __MACOSX/ (the AppleDouble metadata macOS adds), as it does other JSON there', async () => {
    const r = await importZip({
      '__MACOSX/conversations.json': Buffer.from([0, 5, 22, 7, 0, 2, 0, 0, 0x4d, 0x61, 0x63]),
      'conversations.json': JSON.stringify([chat('from a Mac')]),
    });
    expect(r.status).toBe(200);
    expect(r.json.imported.map((c: { title: string }) => c.title)).toEqual(['from a Mac']);
  });

  it('an export with no chats names every app whose exports are read (it named only Open WebUI and ChatGPT)', async () => {
    const r = await importJson([]);
    expect(r.status).toBe(422);
    expect(r.json.detail).toMatch(/Open WebUI, ChatGPT, Claude, Grok or Gemini/);
  });

  it('names an entry in its refusal shortened, however long its name', async () => {
    const name = `${'a'.repeat(60_000)}.json`;
    const r = await importZip({ [name]: { data: Buffer.from('[]'), declare: 193 * 1024 * 1024 } });
    expect(r.status).toBe(422);
    expect(r.json.detail).toMatch(/zip bomb/);
    expect(r.json.detail.length).toBeLessThan(400);
  });
});

describe('items', () => {
  it('rejects only the item whose fields cannot be read as text, and imports the rest', async () => {
    const r = await importJson({ conversations: [
      { conversation: { id: 'g1', title: 'fine' }, responses: [{ response: { message: 'hello', sender: 'human' } }] },
      { conversation: { id: 'g2', title: 'hostile' }, responses: [{ response: { message: 'hello', sender: { toString: 1 } } }] },
    ] });
    expect(r.status).toBe(200);
    expect(r.json.imported.map((c: { title: string }) => c.title)).toEqual(['fine']);
    expect(r.json.rejected).toEqual([{ index: 1, title: 'hostile', reason: expect.any(String) }]);
  });

  it('keeps ChatGPT nodes linked only in a cycle, or to themselves, instead of dropping them', async () => {
    const node = (id: string, parent: string | null, children: string[], role = 'user') =>
      ({ id, parent, children, message: { id, author: { role }, content: { content_type: 'text', parts: [`text of ${id}`] }, create_time: 1700000000 } });
    const r = await importJson([
      { title: 'island', mapping: { r: node('r', null, ['a']), a: node('a', 'r', [], 'assistant'), c: node('c', 'd', ['d']), d: node('d', 'c', ['c'], 'assistant') } },
      { title: 'self', mapping: { s: node('s', 's', ['s']) } },
    ]);
    expect(r.status).toBe(200);
    expect(r.json.rejected).toEqual([]);
    const ids = [];
    for (const c of r.json.imported) ids.push(Object.keys((await client.req('GET', `/api/v1/chats/${c.id}`)).json.chat.history.messages).sort());
    expect(ids).toEqual([['a', 'c', 'd', 'r'], ['s']]);
  });

  it('answers with titles as stored (at most 500 characters), imported or rejected', async () => {
    const long = 'T'.repeat(1_000_000);
    const r = await importJson([chat(long), { title: long, nothing: true }]);
    expect(r.status).toBe(200);
    expect(r.json.imported[0].title).toBe('T'.repeat(500));
    expect(r.json.rejected[0].title).toBe('T'.repeat(500));
    expect((await client.req('GET', `/api/v1/chats/${r.json.imported[0].id}`)).json.title).toBe('T'.repeat(500));
  });
});
