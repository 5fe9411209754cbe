// The WAL checkpointer thread (bundled to dist/chatshare/checkpoint-worker.mjs): folds the WAL back into the database
// file on a timer, on its own connection, so no request's commit ever pays for a checkpoint (checkpoint.ts says why).
import Database from 'better-sqlite3';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';

export interface CheckpointerData { file: string; intervalMs: number }

/**
 * PASSIVE never waits for a lock and never blocks a writer: it copies what no reader still needs, and the next write
 * then starts the WAL over from its beginning. A WAL that grows anyway (a long reader) is folded back once it ends.
 */
function run({ file, intervalMs }: CheckpointerData): void {
  const conn = new Database(file, { fileMustExist: true });
  conn.pragma('busy_timeout = 0');
  conn.pragma('wal_autocheckpoint = 0');
  const tick = () => {
    try {
      conn.pragma('wal_checkpoint(PASSIVE)');
    } catch { /* another process's checkpointer is at it (SQLITE_BUSY): the next tick tries again */ }
  };
  const timer = setInterval(tick, intervalMs);
  parentPort?.on('message', (m) => {
    if (m !== 'stop') return;
    clearInterval(timer);
    conn.close();
    parentPort?.close();
  });
}

if (!isMainThread && (workerData as { checkpointer?: CheckpointerData } | null)?.checkpointer) run((workerData as { checkpointer: CheckpointerData }).checkpointer);
