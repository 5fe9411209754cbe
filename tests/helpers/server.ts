// Starts the built server (dist/chatshare/server.mjs) on a free loopback port with a throw-away DATA_DIR. With
// TEST_STORAGE=s3 every server keeps its share files in a real S3-protocol server instead (tests/helpers/s3.ts, one per
// test file, a key prefix per data folder), so the same tests check both stores; shareFiles() looks in the right one.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startS3, type TestS3 } from './s3';

export interface TestServer {
  url: string; dataDir: string; pid: number; child: ChildProcess;
  /** Where its share files go: the data folder, or the test S3 under keyPrefix. */
  storage: 'fs' | 's3'; keyPrefix: string;
  stop: () => Promise<void>; logs: () => string;
  /** The process is still running. */
  alive: () => boolean;
  /** Ends the process with a signal and resolves with its exit code (or signal name); the data folder stays. */
  kill: (signal: NodeJS.Signals) => Promise<number | string>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** `fileLimit`: the process's limit on open files (through prlimit), to run a server near it. */
export async function startServer(env: Record<string, string> = {}, opts: { dataDir?: string; fileLimit?: number; port?: number } = {}): Promise<TestServer> {
  const entry = path.resolve('dist/chatshare/server.mjs');
  if (!fs.existsSync(entry)) throw new Error('dist/chatshare/server.mjs is missing: run `npm run build` (npm test does it).');
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'chatshare-it-'));
  // The render threads' warm-up (grammars, card fonts, a sample share) is seconds of CPU per server start, and the suite
  // starts about a hundred servers: measured on 2 cores, a start took 9.1 s of CPU warm against 1.6 s without. Files
  // that time renders keep it by setting CHATSHARE_NO_WARMUP to '' (render-fairness, render-hardening, the restart in
  // live-outline-restart), as warm-boot.test.ts does to test it; TEST_WARMUP=1 warms every server. The rest render what
  // they use, compiled on demand.
  // A cold first render (its grammars compiled as met, the fonts loaded) has passed the pool's 10 s timeout on two cores
  // at a load of 18, and the page came out as plain text: such servers get 60 s unless a test sets its own
  // (render-hardening tests the timeout, warm).
  if (process.env.TEST_WARMUP !== '1' && env.CHATSHARE_NO_WARMUP === undefined) env = { RENDER_TIMEOUT_MS: '60000', ...env, CHATSHARE_NO_WARMUP: '1' };
  const storage = env.STORAGE_PROVIDER === 's3' || (process.env.TEST_STORAGE === 's3' && env.STORAGE_PROVIDER === undefined) ? 's3' : 'fs';
  const keyPrefix = env.S3_KEY_PREFIX ?? path.basename(dataDir);
  if (storage === 's3' && env.STORAGE_PROVIDER === undefined) env = { ...(await sharedS3()).env(keyPrefix), ...env };
  if (process.env.TEST_DATABASE === 'postgres' && env.DATABASE_URL === undefined) env = { ...env, DATABASE_URL: await postgresFor(dataDir) };
  // Another test file's server may take the port between freePort() and our listen (seen in CI: two fuzz shards' servers
  // on one port, the second exited with EADDRINUSE and its tests talked to the first). Our own child must say it
  // listens, and a lost port is tried again on a new one.
  for (let attempt = 1; ; attempt++) {
    const started = await spawnServer(entry, env, dataDir, opts, storage, keyPrefix);
    if (started !== 'port taken') return started;
    if (attempt >= 5) throw new Error('server could not find a free port in 5 tries');
  }
}

async function spawnServer(entry: string, env: Record<string, string>, dataDir: string, opts: { fileLimit?: number; port?: number }, storage: 's3' | 'fs', keyPrefix: string): Promise<TestServer | 'port taken'> {
  const port = opts.port ?? await freePort(); // a given port: a node restarted where its load balancer expects it
  let output = '';
  const [command, args] = opts.fileLimit ? ['prlimit', [`--nofile=${opts.fileLimit}`, process.execPath, entry]] : [process.execPath, [entry]];
  const child: ChildProcess = spawn(command, args, {
    // Test files create many accounts from one loopback address: the sign-up limit (10 an hour) is raised unless a
    // test sets it (tests/integration/auth-hardening.test.ts checks the default).
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, ASTRO_TELEMETRY_DISABLED: '1', SIGNUP_RATE_LIMIT: '1000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  // The server listens once its render threads are warm (seconds of CPU each), longer on a busy machine.
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      if (/EADDRINUSE/.test(output)) return 'port taken';
      throw new Error(`server exited early:\n${output}`);
    }
    try {
      if (/listening on/.test(output) && (await fetch(`${url}/healthz`)).ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    url, dataDir, pid: child.pid!, child, logs: () => output, storage, keyPrefix,
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The PostgreSQL database of the server whose data folder is `dataDir` (TEST_DATABASE=postgres): made on first use on the
 * run's PostgreSQL (postgres-global.ts), and the same one again for a server restarted on the same folder.
 */
export async function postgresFor(dataDir: string): Promise<string> {
  const admin = process.env.TEST_PG_ADMIN_URL;
  if (!admin) throw new Error('TEST_DATABASE=postgres needs the run\'s PostgreSQL (tests/helpers/postgres-global.ts sets TEST_PG_ADMIN_URL)');
  const name = `t_${path.basename(dataDir).replace(/[^a-zA-Z0-9]/g, '_').toLowerCase()}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    // Byte order, as SQLite compares text (db/migrations-pg checks it).
    await client.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
  } catch (err) {
    if ((err as { code?: string }).code !== '42P04') throw err; // 42P04: it exists (a restart on the same folder)
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

let s3: Promise<TestS3> | null = null;
/** The test file's S3 server (TEST_STORAGE=s3), started on first use; it ends with the test process. */
export function sharedS3(): Promise<TestS3> {
  s3 ??= startS3().then((t) => { t.unref(); return t; });
  return s3;
}

/** The names of the files a chat's share has, in its server's store (sorted; [] when it has none). */
export async function shareFiles(srv: Pick<TestServer, 'storage' | 'keyPrefix' | 'dataDir'>, chatId: string): Promise<string[]> {
  if (srv.storage === 'fs') {
    try { return fs.readdirSync(path.join(srv.dataDir, 'shares', chatId)).sort(); } catch { return []; }
  }
  const folder = `${srv.keyPrefix}/shares/${chatId}/`;
  return (await (await sharedS3()).keys(folder)).map((k) => k.slice(folder.length));
}

/** The chat ids that have share files in the server's store (or, with `root` = 'files', kept chat images). */
export async function shareFolders(srv: Pick<TestServer, 'storage' | 'keyPrefix' | 'dataDir'>, root: 'shares' | 'files' = 'shares'): Promise<string[]> {
  if (srv.storage === 'fs') {
    try { return fs.readdirSync(path.join(srv.dataDir, root)).filter((n) => fs.readdirSync(path.join(srv.dataDir, root, n)).length).sort(); } catch { return []; }
  }
  const prefix = `${srv.keyPrefix}/${root}/`;
  return [...new Set((await (await sharedS3()).keys(prefix)).map((k) => k.slice(prefix.length).split('/')[0]!))].sort();
}

/** Writes a share file straight into the server's store (orphans for the start-up sweep). */
export async function putShareFile(srv: Pick<TestServer, 'storage' | 'keyPrefix' | 'dataDir'>, chatId: string, name: string, body: string, root: 'shares' | 'files' = 'shares'): Promise<void> {
  if (srv.storage === 'fs') {
    fs.mkdirSync(path.join(srv.dataDir, root, chatId), { recursive: true });
    fs.writeFileSync(path.join(srv.dataDir, root, chatId, name), body);
    return;
  }
  await (await sharedS3()).put(`${srv.keyPrefix}/${root}/${chatId}/${name}`, body);
}

/**
 * The headers of a browser's own navigation to a page. A view-limited link sends its conversation only to these (or to a
 * press of its "Show conversation" button): tests that read such a link as a person would send them.
 */
export const NAVIGATE = { 'sec-fetch-dest': 'document', 'sec-fetch-mode': 'navigate' } as const;

/** A tiny API client: signs up (or in) and sends the session token as a Bearer token. */
export class Client {
  token: string | null = null;
  constructor(readonly base: string) {}

  async req(method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any; res: Response }> {
    const res = await fetch(this.base + p, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      redirect: 'manual',
    });
    const text = await res.text();
    let json: any = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = text; }
    return { status: res.status, json, res };
  }

  async signup(email: string, password = 'correct horse battery', name?: string) {
    const r = await this.req('POST', '/api/v1/auths/signup', { email, password, name });
    if (r.status !== 200) throw new Error(`signup failed: ${r.status} ${JSON.stringify(r.json)}`);
    this.token = r.json.token;
    return r.json;
  }
}
