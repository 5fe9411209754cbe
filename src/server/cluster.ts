// WORKERS=n: n server processes on one port (node:cluster), sharing the SQLite file in WAL mode. The primary applies
// migrations once before forking, owns the listening socket (listen-socket.ts), restarts a worker that dies, and on
// SIGTERM lets every worker drain, then closes the port and exits.
// Workers inherit the primary's limit on open files: scripts/start.sh raises the soft limit to the hard one first
// (Node cannot), and each worker sizes its connection budget from it (connections.ts).
import cluster from 'node:cluster';
import os from 'node:os';
import { bindSharedSocket, serveSharedSocket } from './listen-socket';

/** WORKERS: unset or 1 = one process; `auto` = one per core; a whole number = that many (at most 64). */
export function workerCount(raw: string | undefined): number {
  const value = (raw ?? '').trim().toLowerCase();
  if (value === 'auto') return Math.max(1, os.availableParallelism());
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, 64) : 1;
}

/** Runs `prepare` once in the primary, binds host:port, then keeps `count` workers alive until SIGTERM/SIGINT. */
export async function runPrimary(count: number, listen: { host: string; port: number }, prepare: () => Promise<void> | void): Promise<void> {
  await prepare();
  // Bound before any worker starts: a port in use stops the start here, not in a loop of dying workers.
  const socket = serveSharedSocket(await bindSharedSocket(listen.host, listen.port));
  let stopping = false;
  const started = new Map<number, number>();
  const fork = (replacement: boolean) => {
    const w = cluster.fork({ CHATSHARE_WORKER: '1', ...(replacement ? { CHATSHARE_REPLACEMENT: '1' } : {}) });
    started.set(w.id, Date.now());
  };
  for (let i = 0; i < count; i++) fork(false);
  // A worker that dies is replaced at once, each on its own (two dead workers: two forks now, not one after another),
  // and the replacement serves before its renderers are warm. Only a worker that dies within a second of starting
  // (a start that cannot succeed) waits a second, so a broken start does not spin.
  cluster.on('exit', (worker, code, signal) => {
    const age = Date.now() - (started.get(worker.id) ?? 0);
    started.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`chatshare: worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    if (age < 1000) setTimeout(() => { if (!stopping) fork(true); }, 1000);
    else fork(true);
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    socket.closeWhenDrained();
    if (!workers.length) process.exit(0);
    for (const w of workers) w?.process.kill(signal);
    setTimeout(() => process.exit(0), 15_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGTERM'));
}

export const isClusterPrimary = () => cluster.isPrimary;
