// The bench's child processes and temp folders: everything started registers its stop, run once on exit, error or signal.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const cleanups: Array<() => unknown> = [];
let cleaned = false;

export async function cleanup(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  for (const fn of cleanups.reverse()) { try { await fn(); } catch (err) { console.error('bench: cleanup:', err); } }
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => { void cleanup().then(() => process.exit(sig === 'SIGINT' ? 130 : 143)); });

/** Registers `fn` to run at cleanup (before what was registered earlier: last started, first stopped). */
export const onCleanup = (fn: () => unknown) => { cleanups.push(fn); };

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function tempDir(tag: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `chatshare-bench-${tag}-`));
  fs.chmodSync(d, 0o755); // nginx workers may run as another user
  cleanups.push(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}

// BENCH_PORT_BASE=4700: ports from there up (machines shared by several people each keep to a range); else any free one.
let nextPort = Number(process.env.BENCH_PORT_BASE) || 0;
export const freePort = () => new Promise<number>((resolve, reject) => {
  const srv = net.createServer().on('error', reject);
  srv.listen(nextPort ? nextPort++ : 0, '127.0.0.1', () => { const { port } = srv.address() as net.AddressInfo; srv.close(() => resolve(port)); });
});

export interface Child { child: ChildProcess; logs: () => string; stop: () => Promise<void> }

/** Spawns a child whose output is kept for error messages; `stop` (also run at cleanup) ends it, SIGKILL after 5 s. */
export function startChild(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Child {
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    if (await Promise.race([exited.then(() => true), sleep(5000).then(() => false)])) return;
    child.kill('SIGKILL');
    await exited;
  };
  cleanups.push(stop);
  return { child, logs: () => out, stop };
}

/** Polls `url` until it answers 2xx; throws with the child's output if it exits or takes over `ms`. */
export async function waitReady(url: string, proc: { child: ChildProcess; logs: () => string }, what: string, ms = 90_000): Promise<void> {
  for (const deadline = Date.now() + ms; ;) {
    if (proc.child.exitCode !== null) throw new Error(`${what} exited early:\n${proc.logs()}`);
    try { const res = await fetch(url); await res.arrayBuffer(); if (res.ok) return; } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`${what} did not start:\n${proc.logs()}`);
    await sleep(25);
  }
}
