// ZIP imports against the built server: the archives ChatGPT, claude.ai and Google Takeout send, sent as they are
// (Content-Type application/zip), and hostile ones refused with a clear 4xx. Archives are built here (helpers/zip.ts).
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';
import { makeZip, type ZipInput } from '../helpers/zip';

let server: TestServer;
let client: Client;
beforeAll(async () => {
  server = await startServer();
  client = new Client(server.url);
  await client.signup('zip@example.com');
});
afterAll(async () => { await server?.stop(); });

const fixture = (name: string) => fs.readFileSync(`tests/fixtures/${name}`, 'utf8');
const json = (v: unknown) => JSON.stringify(v);

async function importZip(files: ZipInput | Buffer, query = ''): Promise<{ status: number; json: any }> {
  const body = Buffer.isBuffer(files) ? files : makeZip(files);
  const res = await fetch(`${server.url}/api/v1/chats/import${query}`, {
    method: 'POST', headers: { authorization: `Bearer ${client.token}`, 'content-type': 'application/zip' }, body: new Uint8Array(body),
  });
  return { status: res.status, json: await res.json() };
}

describe('ZIP archives as the apps send them', () => {
  it('takes split ChatGPT files together, numbered as one list, ignoring images and HTML', async () => {
    const convs = JSON.parse(fixture('chatgpt-conversations.json'));
    const half = Math.ceil(convs.length / 2);
    const r = await importZip({
      'conversations-001.json': json(convs.slice(half)),
      'conversations-000.json': json(convs.slice(0, half)),
      'chat.html': ('<html></html>'),
      'user.json': json({ id: 'user-1' }),
      'file-AbC123-photo.png': randomBytes(2048),
      'dalle-generations/file-Cat1.webp': randomBytes(2048),
    });
    expect(r.status).toBe(200);
    expect(r.json.rejected).toEqual([]);
    expect(r.json.imported.map((c: { title: string }) => c.title)).toEqual(convs.map((c: { title: string }) => c.title));
    // Sent again, every chat is recognised, with its place in the whole archive.
    const again = await importZip({ 'conversations-000.json': json(convs.slice(0, half)), 'conversations-001.json': json(convs.slice(half)) });
    expect(again.status).toBe(200);
    expect(again.json.imported).toEqual([]);
    expect(again.json.skipped.map((s: { index: number }) => s.index)).toEqual(convs.map((_: unknown, i: number) => i));
    expect(fs.readdirSync(path.join(server.dataDir, 'import-spool'))).toEqual([]);
  });

  it('reads claude.ai conversations.json beside its users.json and projects.json, in the caller\'s language', async () => {
    const r = await importZip({
      'conversations.json': (fixture('claude-conversations.json')),
      'users.json': json([{ uuid: 'u' }]),
      'projects.json': json([]),
    }, '');
    expect(r.status).toBe(200);
    expect(r.json.imported.map((c: { title: string }) => c.title)).toEqual(['Parsing CSV in Rust', 'Say hi']);
    expect(r.json.rejected).toHaveLength(1);
    const chat = await client.req('GET', `/api/v1/chats/${r.json.imported[0].id}`);
    const contents = Object.values(chat.json.chat.history.messages).map((m: any) => m.content).join('\n');
    expect(contents).toContain('<summary>Thinking</summary>');
  });

  it('reads Gemini activity from a Takeout archive and leaves other products\' activity alone', async () => {
    const r = await importZip({
      'Takeout/My Activity/Gemini Apps/MyActivity.json': (fixture('gemini-myactivity.json')),
      'Takeout/My Activity/Search/MyActivity.json': json([{ header: 'Search', title: 'Searched for cats', time: '2025-01-01T00:00:00Z' }]),
      'Takeout/archive_browser.html': ('<html></html>'),
    });
    expect(r.status).toBe(200);
    expect(r.json.imported.map((c: { title: string }) => c.title)).toEqual(['what is a monad?', 'plan a trip to Lyon']);
    expect(r.json.rejected.map((x: { title: string }) => x.title)).toEqual(['Gave feedback: Good response']);
  });

  it('takes an archive over the 50 MB JSON limit (the archive is read from disk)', async () => {
    const r = await importZip({
      'prod-grok-backend.json': (fixture('grok-prod-grok-backend.json')),
      'images/big.bin': { data: Buffer.alloc(51 * 1024 * 1024, 7), store: true },
    });
    expect(r.status).toBe(200);
    expect(r.json.imported).toHaveLength(2);
  });
});

describe('hostile archives', () => {
  it('refuses a file name that climbs out of the archive', async () => {
    const r = await importZip({ '../conversations.json': json([]) });
    expect(r.status).toBe(422);
    expect(r.json.detail).toMatch(/unsafe name \(\.\.\/conversations\.json\)/);
  });

  it('refuses a zip bomb before inflating it', async () => {
    const r = await importZip({ 'conversations.json': ' '.repeat(4 * 1024 * 1024) });
    expect(r.status).toBe(422);
    expect(r.json.detail).toMatch(/zip bomb/);
  });

  it('refuses export files that say they unpack past 1 GB in all, before reading them', async () => {
    // Each within the ratio bound (600 MB from 3.1 MB that does not deflate), together past the 1 GB an archive may hold.
    const data = randomBytes(3.1 * 1024 * 1024);
    const r = await importZip({ 'conversations-000.json': { data, declare: 600 * 1024 * 1024 }, 'conversations-001.json': { data, declare: 600 * 1024 * 1024 } });
    expect(r.status).toBe(422);
    expect(r.json.detail).toBe('The exports in this ZIP archive are over 1,024 MB once unpacked.');
  });

  it('refuses what is not a ZIP archive, and an archive with no export', async () => {
    const junk = await importZip(Buffer.from('{"not": "a zip"}'));
    expect([junk.status, junk.json.detail]).toEqual([422, 'This ZIP archive cannot be read.']);
    const empty = await importZip({ 'photo.png': randomBytes(100) });
    expect(empty.status).toBe(422);
    expect(empty.json.detail).toMatch(/^No export was found/);
    expect(fs.readdirSync(path.join(server.dataDir, 'import-spool'))).toEqual([]);
  });
});
