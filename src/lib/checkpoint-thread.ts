// The WAL checkpointer thread (bundled to dist/chatshare/checkpoint-worker.mjs): folds the WAL back into the database
// file on a timer, on its own connection, so no request's commit ever pays for a checkpoint (checkpoint.ts says why).
import Database from 'better-sqlite3';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';

export interface CheckpointerData { file: string; intervalMs: number }

type Result = { busy: number; log: number; checkpointed: number };

/**
 * PASSIVE never waits for a lock and never blocks a writer: it copies what no reader still needs, and the next write
 * then starts the WAL over from its beginning. A WAL that grows anyway (a long reader) is folded back once it ends.
 * Once nothing has been written for a tick and all is folded back, TRUNCATE empties the file (busy_timeout 0: it
 * gives up rather than wait), so an idle instance holds no WAL on disk: a full disk is then met by the next write, not
 * hidden by the room an old WAL kept (and a copy of chatshare.sqlite alone is a backup).
 */
function run({ file, intervalMs }: CheckpointerData): void {
  const conn = new Database(file, { fileMustExist: true });
  conn.pragma('busy_timeout = 0');
  conn.pragma('wal_autocheckpoint = 0');
  let lastLog = -1;
  const tick = () => {
    try {
      const r = (conn.pragma('wal_checkpoint(PASSIVE)') as Result[])[0]!;
      const idle = r.log > 0 && r.log === lastLog && r.checkpointed === r.log;
      lastLog = r.log;
      if (idle) conn.pragma('wal_checkpoint(TRUNCATE)');
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
