// A view's count meeting another connection's write lock (the other WORKERS process) waits in short naps, not in
// SQLite's busy sleep, and still counts exactly once; the connection's busy_timeout is left as it was.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { BUSY_TIMEOUT_MS, openDatabase, writeWithoutBusySleep } from '../../src/lib/db';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chatshare-busy-write-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('writeWithoutBusySleep', () => {
  it('counts once after another connection releases its write lock, and restores busy_timeout', async () => {
    const file = path.join(tmp, 'db.sqlite');
    const conn = openDatabase(file, path.resolve('db/migrations'));
    conn.exec('CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO counter VALUES (1, 0)');
    const holder = new Worker(`
      const { parentPort, workerData } = require('node:worker_threads');
      const Database = require(workerData.module);
      const c = new Database(workerData.file);
      c.exec('BEGIN IMMEDIATE');
      parentPort.postMessage('locked');
      const until = Date.now() + 15; while (Date.now() < until) {}
      c.exec('COMMIT'); c.close();`, { eval: true, workerData: { file, module: require.resolve('better-sqlite3') } });
    await new Promise((resolve) => holder.once('message', resolve));
    const bump = conn.prepare('UPDATE counter SET n = n + 1 WHERE id = 1 RETURNING n').pluck();
    expect(writeWithoutBusySleep(conn, () => bump.get())).toBe(1);
    await new Promise((resolve) => holder.once('exit', resolve));
    expect(conn.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS);
    conn.close();
  });
});
