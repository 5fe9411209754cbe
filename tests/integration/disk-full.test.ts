// A full disk answers 507 STORAGE_FULL in plain words, leaves no partial files, keeps views, /healthz and sign-in
// working, and recovers without a restart. The disk is a real 48 MB tmpfs mounted as DATA_DIR (needs root to mount;
// where mounting is refused the suite is skipped and says so), filled with a filler file until ENOSPC.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';

const PASSWORD = 'correct horse battery';
let mountPoint = '';
let mounted = false;
try {
  mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'chatshare-full-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', mountPoint], { stdio: 'ignore' });
  mounted = true;
} catch {
  console.warn('disk-full.test.ts: cannot mount a tmpfs here (needs root); the full-disk tests are skipped');
}

const chat = (title: string, n = 4) => {
  const messages: Record<string, unknown> = {};
  let parent: string | null = null;
  for (let i = 0; i < n; i++) {
    const id = `m${i}`;
    messages[id] = { id, parentId: parent, childrenIds: i < n - 1 ? [`m${i + 1}`] : [], role: i % 2 ? 'assistant' : 'user', content: `Message ${i} of ${title}. `.repeat(20), timestamp: 1_700_000_000 + i };
    parent = id;
  }
  return { chat: { title, history: { currentId: `m${n - 1}`, messages } } };
};

let server: TestServer;
let owner: Client;
const filler = () => path.join(mountPoint, 'filler.bin');

function fillDisk(): void {
  const fd = fs.openSync(filler(), 'a');
  try {
    for (const size of [1 << 20, 64 << 10, 4 << 10, 512]) {
      const block = Buffer.alloc(size, 1);
      try { for (;;) fs.writeSync(fd, block); } catch (err) { if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err; }
    }
  } finally { fs.closeSync(fd); }
}
const tmpFiles = (dir: string): string[] => {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true }).map(String).filter((n) => n.endsWith('.tmp'));
};

describe.skipIf(!mounted)('a full disk', { timeout: 180_000 }, () => {
  let viewId = '';
  let refreshChat = '';
  let publishChat = '';
  let lockedChat = '';
  beforeAll(async () => {
    server = await startServer({ TRUST_PROXY: '1' }, { dataDir: path.join(mountPoint, 'data') });
    owner = new Client(server.url);
    await owner.signup('owner@example.com', PASSWORD);
    refreshChat = (await owner.req('POST', '/api/v1/chats/new', chat('Viewed and refreshed'))).json.id;
    viewId = (await owner.req('POST', `/api/v1/chats/${refreshChat}/share`, {})).json.share_id;
    publishChat = (await owner.req('POST', '/api/v1/chats/new', chat('Published later'))).json.id;
    lockedChat = (await owner.req('POST', '/api/v1/chats/new', chat('Locked'))).json.id;
    await owner.req('POST', `/api/v1/chats/${lockedChat}/share`, { password: 'open sesame' });
    // The server's checkpointer empties an idle WAL (a write into a WAL's old room needs no new disk space); wait for it.
    const wal = path.join(mountPoint, 'data', 'chatshare.sqlite-wal');
    for (const until = Date.now() + 10_000; Date.now() < until && fs.existsSync(wal) && fs.statSync(wal).size > 0;) await new Promise((r) => setTimeout(r, 50));
    fillDisk();
  }, 180_000);
  afterAll(async () => {
    await server?.stop().catch(() => undefined);
    try { execFileSync('umount', [mountPoint], { stdio: 'ignore' }); fs.rmSync(mountPoint, { recursive: true, force: true }); } catch { /* left for the OS */ }
  });

  it('each write answers 507 STORAGE_FULL with a plain sentence, and leaves no partial file', async () => {
    const writes: Array<[string, () => Promise<{ status: number; json: any }>]> = [
      ['sign-up', () => new Client(server.url).req('POST', '/api/v1/auths/signup', { email: 'late@example.com', password: PASSWORD })],
      ['chat create', () => owner.req('POST', '/api/v1/chats/new', chat('Big one', 400))],
      ['import', () => owner.req('POST', '/api/v1/chats/import', [{ id: 'imp-1', title: 'Imported', ...chat('Imported', 400) }])],
      ['publish', () => owner.req('POST', `/api/v1/chats/${publishChat}/share`, {})],
      ['refresh', () => owner.req('POST', `/api/v1/chats/${refreshChat}/share`, { refresh_snapshot: true })],
      ['set password', () => owner.req('POST', `/api/v1/chats/${refreshChat}/share`, { password: 'new secret' })],
      ['remove password', () => owner.req('POST', `/api/v1/chats/${lockedChat}/share`, { password: null, current_password: 'open sesame' })],
    ];
    const results: Record<string, unknown> = {};
    for (const [name, write] of writes) {
      const r = await write();
      results[name] = { status: r.status, code: r.json?.code, detail: r.json?.detail };
    }
    const expected = { status: 507, code: 'STORAGE_FULL', detail: expect.stringMatching(/^The server has run out of disk space/) };
    expect(results).toEqual(Object.fromEntries(writes.map(([name]) => [name, expected])));
    expect(tmpFiles(server.dataDir)).toEqual([]);
  });

  it('pages say it in the reader\'s language', async () => {
    const r = await fetch(`${server.url}/auth/signup`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'fr', origin: server.url }, body: new URLSearchParams({ email: 'page@example.com', password: PASSWORD }).toString() });
    expect(r.status).toBe(507);
    expect(await r.text()).toContain('Le serveur n&#39;a plus d&#39;espace disque');
  });

  it('views, /healthz and sign-in with the right password keep working, and /healthz reports the condition', async () => {
    expect((await fetch(`${server.url}/s/${viewId}`)).status).toBe(200);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect((await health.json()).storage).toMatchObject({ full: true });
    const panel = await fetch(`${server.url}/admin/users`, { headers: { cookie: `auth_session=${owner.token}` } });
    expect(await panel.text()).toMatch(/data-storage-full>The disk holding DATA_DIR is full/);
    for (let i = 0; i < 3; i++) {
      const r = await fetch(`${server.url}/api/v1/auths/signin`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': `192.0.2.${i + 1}` }, body: JSON.stringify({ email: 'owner@example.com', password: PASSWORD }) });
      expect(r.status, await r.clone().text()).toBe(200);
      const token = (await r.json()).token;
      expect((await fetch(`${server.url}/api/v1/auths/`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    }
    const wrong = await fetch(`${server.url}/api/v1/auths/signin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'owner@example.com', password: 'wrong' }) });
    expect([401, 507]).toContain(wrong.status);
  });

  it('recovers without a restart once space is freed', async () => {
    fs.rmSync(filler());
    const health = await (await fetch(`${server.url}/healthz`)).json();
    expect(health.storage.full).toBe(false);
    expect(await (await fetch(`${server.url}/admin/users`, { headers: { cookie: `auth_session=${owner.token}` } })).text()).not.toContain('data-storage-full');
    expect((await owner.req('POST', '/api/v1/chats/new', chat('After'))).status).toBe(200);
    expect((await owner.req('POST', `/api/v1/chats/${publishChat}/share`, {})).status).toBe(200);
    expect((await new Client(server.url).req('POST', '/api/v1/auths/signup', { email: 'later@example.com', password: PASSWORD })).status).toBe(200);
  });
});
