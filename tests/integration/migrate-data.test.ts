// npm run migrate-data, end to end: an instance the built server filled on SQLite and the data folder (accounts, a chat
// with images, shares with views and clones counted, a password share, a group) is moved into a real PostgreSQL and a
// real S3-protocol server; the server then starts there and everyone finds what they had, an old unlock cookie included.
// A second run into the same database is refused and changes nothing.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';
import { startS3, type TestS3 } from '../helpers/s3';
import { createDatabase } from '../helpers/pg';
import { chatgptImagesZip, PNG } from '../helpers/chatgpt-images';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const PASSWORD = 'correct horse battery';
const PREFIX = 'migrated';

let s3: TestS3;
let dataDir: string;
let target: string;
let after: TestServer | null = null;

/** What the SQLite instance held, to find again on PostgreSQL. */
const before = {
  aliceToken: '', shareId: '', chatId: '', pngId: '', views: 0, clones: 0, lockedId: '', unlockCookie: '', groupId: '', objects: 0,
};

/** Runs the command as `npm run migrate-data` does (tsx on scripts/migrate-data.ts), asynchronously: s3rver runs here. */
function migrateData(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'scripts/migrate-data.ts', ...args], {
      env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out, ms: performance.now() - started }));
  });
}

/** The source instance's environment (SQLite, the data folder) plus the S3_* variables the target store is reached with. */
const sourceEnv = () => ({ ...s3.env(PREFIX), DATA_DIR: dataDir, DATABASE_URL: '', STORAGE_PROVIDER: 'local' });

/** Every object file of the data folder (shares/…, files/…). */
function objectFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) e.isDirectory() ? walk(path.join(d, e.name)) : out.push(path.join(d, e.name)); };
  for (const top of ['shares', 'files']) if (fs.existsSync(path.join(dataDir, top))) walk(path.join(dataDir, top));
  return out;
}

async function tableCounts(url: string): Promise<Record<string, number>> {
  const c = new pg.Client(url);
  await c.connect();
  try {
    const out: Record<string, number> = {};
    for (const t of ['user', 'session', 'chat', 'chat_file', 'share', 'user_group', 'group_member', 'instance_secret']) {
      out[t] = Number((await c.query(`SELECT COUNT(*) AS n FROM "${t}"`)).rows[0].n);
    }
    out.views = Number((await c.query('SELECT COALESCE(SUM(views), 0) AS n FROM share')).rows[0].n);
    return out;
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  s3 = await startS3();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatshare-migrate-src-'));
  // The source: SQLite and the data folder, whatever TEST_DATABASE and TEST_STORAGE say for the rest of the run.
  const src = await startServer({ DATABASE_URL: '', STORAGE_PROVIDER: 'local' }, { dataDir });
  const alice = new Client(src.url);
  await alice.signup('alice@example.com', PASSWORD); // the first account: an admin
  before.aliceToken = alice.token!;
  const bob = new Client(src.url);
  const bobId = (await bob.signup('bob@example.com', PASSWORD)).id;

  const imported = await fetch(`${src.url}/api/v1/chats/import`, {
    method: 'POST', headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/zip' }, body: new Uint8Array(chatgptImagesZip()),
  });
  expect(imported.status).toBe(200);
  before.chatId = (await imported.json()).imported[0].id;
  const chat = (await alice.req('GET', `/api/v1/chats/${before.chatId}`)).json.chat;
  before.pngId = /files\/([^/]+)\/content/.exec(chat.history.messages.u1.files[0].url)![1]!;
  const shared = await alice.req('POST', `/api/v1/chats/${before.chatId}/share`, {});
  expect(shared.status).toBe(200);
  before.shareId = shared.json.share_id;
  for (let i = 0; i < 3; i++) expect((await fetch(`${src.url}/s/${before.shareId}`, { headers: { 'user-agent': BROWSER } })).status).toBe(200);
  expect((await bob.req('POST', `/api/v1/chats/${before.shareId}/clone/shared`)).status).toBe(200);

  const lockedChat = (await alice.req('POST', '/api/v1/chats/new', { chat: { title: 'Locked', history: { currentId: null, messages: {} } } })).json.id;
  before.lockedId = (await alice.req('POST', `/api/v1/chats/${lockedChat}/share`, { password: 'open sesame' })).json.share_id;
  const unlock = await fetch(`${src.url}/api/v1/chats/share/${before.lockedId}/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'open sesame' }) });
  expect(unlock.status).toBe(200);
  before.unlockCookie = unlock.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

  const group = await alice.req('POST', '/api/v1/groups/create', { name: 'Readers', description: 'people who read', permissions: {}, user_ids: [bobId] });
  expect(group.status).toBe(200);
  before.groupId = group.json.id;

  const counted = (await alice.req('GET', `/api/v1/chats/${before.chatId}/share`)).json;
  before.views = counted.views;
  before.clones = counted.clones;
  expect(before.views).toBeGreaterThanOrEqual(3);
  expect(before.clones).toBe(1);
  // A graceful stop writes the counters kept in memory; the data folder stays (kill, not stop).
  await src.kill('SIGTERM');
  before.objects = objectFiles(dataDir).length;
  expect(before.objects).toBeGreaterThanOrEqual(5); // 2 images, a snapshot's html, json and png at least
  target = await createDatabase(process.env.TEST_PG_ADMIN_URL!);
}, 180_000);

afterAll(async () => {
  await after?.stop();
  await s3?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run migrate-data: SQLite and the data folder into PostgreSQL and S3', () => {
  it('copies every table and object, checked, and says what it copied', async () => {
    const run = await migrateData(['--to', target, '--storage', `s3://${s3.bucket}/${PREFIX}`], sourceEnv());
    console.log(`migrate-data: ${/done in [\d.]+ s/.exec(run.out)?.[0]} (its own count), ${Math.round(run.ms)} ms with the process start`);
    expect(run.out).not.toMatch(/failed|differs/);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^user\s+2\s+[0-9a-f]{64}$/m);
    expect(run.out).toMatch(/^chat_file\s+4\s+[0-9a-f]{64}$/m); // the two images, and their copies in bob's clone
    expect(run.out).toMatch(/^share\s+2\s+[0-9a-f]{64}$/m);
    expect(run.out).toMatch(/^user_group\s+1\s+[0-9a-f]{64}$/m);
    expect(run.out).toMatch(/^group_member\s+1\s+[0-9a-f]{64}$/m);
    expect(run.out).toContain(`files: ${before.objects} objects`);
    expect(run.out).toContain('instance secret: carried over');
    const keys = await s3.keys(`${PREFIX}/`);
    expect(keys).toHaveLength(before.objects);
    expect(keys).toContain(`${PREFIX}/files/${before.chatId}/${before.pngId}`);
    const counts = await tableCounts(target);
    expect(counts).toMatchObject({ user: 2, chat_file: 4, share: 2, user_group: 1, group_member: 1, instance_secret: 1 });
    expect(counts.chat).toBe(3); // the imported chat, bob's clone, the locked one
  }, 120_000);

  it('the server started on PostgreSQL and S3 serves what the SQLite instance had', async () => {
    // A new, empty data folder: the instance secret now comes from PostgreSQL alone.
    after = await startServer({ DATABASE_URL: target, ...s3.env(PREFIX) });
    // A session made on SQLite is still signed in.
    const old = new Client(after.url);
    old.token = before.aliceToken;
    expect((await old.req('GET', '/api/v1/auths/')).json?.email).toBe('alice@example.com');
    const alice = new Client(after.url);
    const signin = await alice.req('POST', '/api/v1/auths/signin', { email: 'alice@example.com', password: PASSWORD });
    expect(signin.status).toBe(200);
    alice.token = signin.json.token;
    const share = (await alice.req('GET', `/api/v1/chats/${before.chatId}/share`)).json;
    expect(share).toMatchObject({ share_id: before.shareId, views: before.views, clones: before.clones });

    const page = await fetch(`${after.url}/s/${before.shareId}`, { headers: { 'user-agent': BROWSER } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`/s/${before.shareId}/files/${before.pngId}`);
    const img = await fetch(`${after.url}/s/${before.shareId}/files/${before.pngId}`);
    expect(img.status).toBe(200);
    expect(Buffer.from(await img.arrayBuffer()).equals(PNG)).toBe(true);

    const locked = (cookie?: string) => fetch(`${after!.url}/api/v1/chats/share/${before.lockedId}`, { headers: cookie ? { cookie } : {} });
    const asks = await locked();
    expect(asks.status).toBe(401);
    expect((await asks.json()).code).toBe('PASSWORD_REQUIRED');
    expect((await locked(before.unlockCookie)).status).toBe(200); // signed with the same instance secret

    const groups = (await alice.req('GET', '/api/v1/groups/')).json;
    expect(groups.map((g: { id: string }) => g.id)).toEqual([before.groupId]);
    await after.stop();
    after = null;
  }, 180_000);

  it('a second run into the same database is refused with exit code 2 and changes nothing', async () => {
    const counts = await tableCounts(target);
    const keys = await s3.keys(`${PREFIX}/`);
    const run = await migrateData(['--to', target, '--storage', `s3://${s3.bucket}/${PREFIX}`], sourceEnv());
    expect(run.code).toBe(2);
    expect(run.out).toMatch(/already holds data/);
    expect(await tableCounts(target)).toEqual(counts);
    expect(await s3.keys(`${PREFIX}/`)).toEqual(keys);
  }, 60_000);
});
