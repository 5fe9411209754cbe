// WORKERS=n: n server processes on one port (node:cluster), sharing the SQLite file in WAL mode. The primary applies
// migrations once before forking, restarts a worker that dies, and on SIGTERM lets every worker drain, then exits.
import cluster from 'node:cluster';
import os from 'node:os';

/** WORKERS: unset or 1 = one process; `auto` = one per core; a whole number = that many (at most 64). */
export function workerCount(raw: string | undefined): number {
  const value = (raw ?? '').trim().toLowerCase();
  if (value === 'auto') return Math.max(1, os.availableParallelism());
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, 64) : 1;
}

/** Runs `prepare` once in the primary, then keeps `count` workers alive until SIGTERM/SIGINT. */
export async function runPrimary(count: number, prepare: () => Promise<void> | void): Promise<void> {
  await prepare();
  let stopping = false;
  const fork = () => cluster.fork({ CHATSHARE_WORKER: '1' });
  for (let i = 0; i < count; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`chatshare: worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    setTimeout(fork, 500).unref();
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    if (!workers.length) process.exit(0);
    for (const w of workers) w?.process.kill(signal);
    setTimeout(() => process.exit(0), 15_000).unref();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGTERM'));
}

export const isClusterPrimary = () => cluster.isPrimary;
