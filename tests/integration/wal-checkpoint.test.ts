// WAL checkpoints off the request path: in a build, no connection's commit checkpoints (SQLite's automatic checkpoint
// ran inside whichever commit crossed 1,000 pages: a share view's count or an import batch, on the event loop); the
// checkpointer thread, on its own connection, folds the WAL back into the database file instead.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../src/lib/db';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let dir: string;
let saved: string | undefined;

beforeAll(() => {
  if (!fs.existsSync('dist/chatshare/checkpoint-worker.mjs')) throw new Error('dist/chatshare/checkpoint-worker.mjs is missing: run `npm run build`.');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatshare-wal-'));
  saved = process.env.CHATSHARE_DIST;
  process.env.CHATSHARE_DIST = path.resolve('dist');
});
afterAll(() => {
  if (saved === undefined) delete process.env.CHATSHARE_DIST;
  else process.env.CHATSHARE_DIST = saved;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('WAL checkpoints', () => {
  it("are never run by a commit: the checkpointer thread folds 3,000 pages of writes back while the writer only commits", async () => {
    const { openDatabase } = await import('../../src/lib/db');
    const { startCheckpointer } = await import('../../src/lib/checkpoint');
    const file = path.join(dir, 'chatshare.sqlite');
    const conn: DB = openDatabase(file, path.resolve('db/migrations'));
    expect(conn.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    expect(conn.pragma('journal_size_limit', { simple: true })).toBeGreaterThan(0);
    conn.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT)');
    const dbBytes = () => fs.statSync(file).size;
    const walBytes = () => fs.statSync(`${file}-wal`).size;
    const before = dbBytes();
    const insert = conn.prepare('INSERT INTO filler (body) VALUES (?)');
    for (let b = 0; b < 60; b++) conn.transaction(() => { for (let i = 0; i < 50; i++) insert.run('x'.repeat(3000)); })();
    // Nothing checkpointed yet: every page is in the WAL, the database file has not grown (no commit checkpoints).
    expect(walBytes()).toBeGreaterThan(3000 * 4096);
    expect(dbBytes()).toBe(before);
    const stop = startCheckpointer(conn, file);
    try {
      const deadline = Date.now() + 10_000;
      while (dbBytes() < before + 3000 * 4096 && Date.now() < deadline) await sleep(50);
      console.log(`checkpointer: database file ${before} -> ${dbBytes()} bytes, WAL ${walBytes()} bytes`);
      expect(dbBytes()).toBeGreaterThan(before + 3000 * 4096);
      // The WAL starts over from its beginning at the next write once checkpointed: it does not keep growing.
      insert.run('after');
      for (let b = 0; b < 10; b++) conn.transaction(() => { for (let i = 0; i < 50; i++) insert.run('y'.repeat(3000)); })();
      expect(walBytes()).toBeLessThan(64 * 1024 * 1024 + 1);
    } finally {
      stop();
      conn.close();
    }
  }, 30_000);
});
