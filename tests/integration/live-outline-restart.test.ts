// A long live share after a restart: its outline is stored with the chat's version, so the freshly started process serves
// the first view from it (the opening and the latest messages) without reading and outlining the whole chat.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';
import { longChat } from '../helpers/long-chat';

/** Bytes the process has read through read() and pread() so far (SQLite's page reads included, page cache or not). */
const bytesRead = (pid: number) => Number(/rchar: (\d+)/.exec(fs.readFileSync(`/proc/${pid}/io`, 'utf8'))![1]);
const viewCookie = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('cs_view_')) ?? '';

describe('a 2,000-message live share of 3 MB in a freshly started process', () => {
  let server: TestServer;
  let shareId: string;
  let dataDir: string;
  const N = 2_000;
  beforeAll(async () => {
    server = await startServer({ CHATSHARE_NO_WARMUP: '1' }); // only the restarted process's timing matters
    dataDir = server.dataDir;
    const owner = new Client(server.url);
    await owner.signup('outline-restart@example.com');
    const created = await owner.req('POST', '/api/v1/chats/new', { chat: longChat('Stored outline', N, (i) => `Message ${i}: ${'lorem ipsum dolor sit amet, '.repeat(50)}`) });
    expect(created.status).toBe(200);
    shareId = (await owner.req('POST', `/api/v1/chats/${created.json.id}/share`, { is_live: true })).json.share_id;
    expect((await fetch(`${server.url}/s/${shareId}`)).status).toBe(200); // outlined (once, when shared) and stored
    await server.kill('SIGTERM');
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the first view from the stored outline, reading a small part of the 3 MB chat', async () => {
    const db = new Database(path.join(dataDir, 'chatshare.sqlite'), { readonly: true });
    const chatBytes = db.prepare('SELECT length(chat) FROM chat').pluck().get() as number;
    // A chat's version is MAX(updated_at, branch_at) (0018): making a link live moves branch_at on (issue 17.4).
    const stored = db.prepare('SELECT o.updated_at = MAX(c.updated_at, c.branch_at) FROM live_outline o JOIN chat c ON c.id = o.chat_id').pluck().get();
    db.close();
    expect(chatBytes).toBeGreaterThan(2_000_000);
    expect(stored).toBe(1); // the outline of the chat's current version

    server = await startServer({ CHATSHARE_NO_WARMUP: '' }, { dataDir }); // the restarted process warms up, as in production
    const before = bytesRead(server.pid);
    const t = performance.now();
    const res = await fetch(`${server.url}/s/${shareId}`);
    const firstByte = performance.now() - t;
    const html = await res.text();
    const read = bytesRead(server.pid) - before;
    console.log(`after a restart: first byte ${firstByte.toFixed(0)} ms, ${read} bytes read for a ${chatBytes}-byte chat`);
    expect(res.status).toBe(200);
    expect(html).toContain('id="m-m0"');
    expect(html).toContain(`id="m-m${N - 1}"`);
    expect(read).toBeLessThan(chatBytes / 4); // the whole chat was read (and outlined on the pool) before
    expect(firstByte).toBeLessThan(1000); // generous: the CPUs are shared

    // The page's poll at its version has nothing new; a part reads the chat (the full outline) and still comes.
    const cookie = viewCookie(res);
    const version = /data-version="(\d+)"/.exec(html)![1];
    expect((await fetch(`${server.url}/s/${shareId}/live?v=${version}`, { headers: { cookie } })).status).toBe(204);
    const part = await fetch(`${server.url}/s/${shareId}/part?n=1`, { headers: { cookie } });
    expect(part.status).toBe(200);
    expect((await part.json()).html).toContain('id="m-m20"');
  }, 120_000);
});
