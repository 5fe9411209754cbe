// migrate-data's own check: a target that differs from the SQLite snapshot after the copy (a row changed or lost between
// write and commit) stops the run, names the table, and leaves the target empty (one transaction, rolled back).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/db';
import { migrateData, MigrateDataError } from '../../src/lib/migrate-data';
import { createDatabase } from '../helpers/pg';

let dataDir: string;
const SECRET = 'a'.repeat(64);
/** Above 2^53: only exact if no value passes through a JS number on either side. */
const BIG = 9007199254740993n;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatshare-md-unit-'));
  const db = openDatabase(path.join(dataDir, 'chatshare.sqlite'));
  db.prepare("INSERT INTO user (id, email, name, role, password_hash, created_at, updated_at) VALUES ('u1', 'A@x.test', 'Ann', 'admin', 'h', 1, 1)").run();
  db.prepare("INSERT INTO user_avatar (user_id, type, data) VALUES ('u1', 'image/png', ?)").run(Buffer.from([0, 1, 2, 255]));
  for (let i = 3; i >= 1; i--) {
    // Inserted newest id first: rowid order is not id order, and the copy must keep rowid order.
    db.prepare("INSERT INTO chat (id, user_id, title, chat, created_at, updated_at) VALUES (?, 'u1', ?, '{}', 1, 1)").run(`c${i}`, `Chat ${i} é 😀`);
    db.prepare("INSERT INTO share (chat_id, user_id, share_id, kind, views, created_at, updated_at) VALUES (?, 'u1', ?, 'snapshot', ?, 1, 1)").run(`c${i}`, `s${i}`, i * 10);
  }
  db.prepare("INSERT INTO rate_limit (name, key, count, reset_at) VALUES ('signup', '127.0.0.1', 2, ?)").safeIntegers(true).run(BIG);
  db.prepare("INSERT INTO rate_limit (name, key, count, reset_at) VALUES ('login', 'x', 1, 5)").run();
  db.close();
  fs.writeFileSync(path.join(dataDir, 'secret'), SECRET);
}, 60_000);

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function rowsIn(url: string, sql: string): Promise<unknown[]> {
  const c = new pg.Client(url);
  await c.connect();
  try { return (await c.query(sql)).rows; } finally { await c.end(); }
}

describe('migrate-data checks the copy before it commits', () => {
  it('copies every row exactly (64-bit integers, bytes, rowid order) and carries the instance secret', async () => {
    const url = await createDatabase(process.env.TEST_PG_ADMIN_URL!);
    const r = await migrateData({ dataDir, to: url });
    const counts = Object.fromEntries(r.tables.map((t) => [t.name, t.count]));
    expect(counts).toMatchObject({ user: 1, user_avatar: 1, chat: 3, share: 3, rate_limit: 2 });
    expect(r.secret).toBe(true);
    expect(await rowsIn(url, "SELECT reset_at::text AS v FROM rate_limit WHERE name = 'signup'")).toEqual([{ v: BIG.toString() }]);
    expect(await rowsIn(url, 'SELECT id FROM chat ORDER BY rowid')).toEqual([{ id: 'c3' }, { id: 'c2' }, { id: 'c1' }]);
    expect(await rowsIn(url, 'SELECT value FROM instance_secret')).toEqual([{ value: SECRET }]);
  }, 60_000);

  it('a counter changed in the target before the commit: the run stops naming the table, and nothing is committed', async () => {
    const url = await createDatabase(process.env.TEST_PG_ADMIN_URL!);
    const run = migrateData({
      dataDir, to: url,
      beforeVerify: async (client) => { await client.query("UPDATE share SET views = views + 1 WHERE chat_id = 'c2'"); },
    });
    await expect(run).rejects.toThrow(MigrateDataError);
    await expect(run).rejects.toThrow(/Table share differs.*Rolled back/);
    for (const t of ['"user"', 'chat', 'share', 'rate_limit', 'instance_secret']) expect(await rowsIn(url, `SELECT 1 FROM ${t}`)).toEqual([]);
  }, 60_000);

  it('a row lost in a table without rowid: the counts differ and the run stops', async () => {
    const url = await createDatabase(process.env.TEST_PG_ADMIN_URL!);
    const run = migrateData({
      dataDir, to: url,
      beforeVerify: async (client) => { await client.query("DELETE FROM rate_limit WHERE name = 'login'"); },
    });
    await expect(run).rejects.toThrow(/Table rate_limit differs after the copy: SQLite 2 rows .* PostgreSQL 1 rows/);
    expect(await rowsIn(url, 'SELECT 1 FROM "user"')).toEqual([]);
  }, 60_000);

  it('refuses a target that already holds a row (exit code 2), and writes nothing', async () => {
    const url = await createDatabase(process.env.TEST_PG_ADMIN_URL!);
    await migrateData({ dataDir, to: url });
    const before = await rowsIn(url, 'SELECT share_id, views FROM share ORDER BY share_id');
    const again = migrateData({ dataDir, to: url });
    await expect(again).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/already holds data/) });
    expect(await rowsIn(url, 'SELECT share_id, views FROM share ORDER BY share_id')).toEqual(before);
  }, 60_000);
});
