// Starts the built server (dist/chatshare/server.mjs) on a free loopback port with a throw-away DATA_DIR.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface TestServer {
  url: string; dataDir: string; pid: number; child: ChildProcess;
  stop: () => Promise<void>; logs: () => string;
  /** The process is still running. */
  alive: () => boolean;
  /** Ends the process with a signal and resolves with its exit code (or signal name); the data folder stays. */
  kill: (signal: NodeJS.Signals) => Promise<number | string>;
}

async function freePort(): Promise<number> {
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
export async function startServer(env: Record<string, string> = {}, opts: { dataDir?: string; fileLimit?: number } = {}): Promise<TestServer> {
  const entry = path.resolve('dist/chatshare/server.mjs');
  if (!fs.existsSync(entry)) throw new Error('dist/chatshare/server.mjs is missing: run `npm run build` (npm test does it).');
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'chatshare-it-'));
  const port = await freePort();
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
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    url, dataDir, pid: child.pid!, child, logs: () => output,
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
