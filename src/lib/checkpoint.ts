// WAL checkpoints off the request path. SQLite's automatic checkpoint runs inside the commit that crosses 1,000 WAL
// pages, on the committing connection: during a big import that was a share view's counting UPDATE or an import batch,
// blocking the event loop for tens of milliseconds each time (measured: 49 of 200 import batches over 15 ms with it,
// 1 without). Here the automatic one is off and a thread with its own connection checkpoints every CHECKPOINT_MS.
import fs from 'node:fs';
import path from 'node:path';
import { Worker, isMainThread } from 'node:worker_threads';
import type { DB } from './db';
import type { CheckpointerData } from './checkpoint-thread';

const CHECKPOINT_MS = 200;
// After a checkpoint lets the WAL start over, the writer truncates the file to this: its disk use stays bounded.
const WAL_SIZE_LIMIT = 64 * 1024 * 1024;
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;

/** The checkpointer's bundled file, when this is a build (unit tests and scripts keep SQLite's automatic checkpoint). */
function threadFile(): string | null {
  const dist = process.env.CHATSHARE_DIST;
  const file = dist ? path.join(dist, 'chatshare', 'checkpoint-worker.mjs') : null;
  return file && fs.existsSync(file) ? file : null;
}

/** Whether connections of this process leave checkpoints to the checkpointer thread (import threads included). */
export const checkpointsOffThread = (): boolean => threadFile() !== null;

/** A connection's checkpoint settings: none of its commits checkpoints when the thread does it. */
export function configureCheckpoints(conn: DB): void {
  conn.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
  if (checkpointsOffThread()) conn.pragma('wal_autocheckpoint = 0');
}

/**
 * Starts this process's checkpointer thread for `file` (from the main thread only); returns its stop. Should the thread
 * fail, `conn` checkpoints automatically again, as SQLite does by default.
 */
export function startCheckpointer(conn: DB, file: string): () => void {
  const script = threadFile();
  if (!script || !isMainThread) return () => undefined;
  const checkpointer: CheckpointerData = { file, intervalMs: CHECKPOINT_MS };
  const worker = new Worker(script, { workerData: { checkpointer } });
  worker.unref(); // never what keeps a process alive
  worker.on('error', (err) => {
    console.error('chatshare: the WAL checkpointer stopped; checkpoints are automatic again', err);
    if (conn.open) conn.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
  });
  // The thread closes its connection and ends; closeDatabase's own checkpoint folds in whatever is left.
  return () => worker.postMessage('stop');
}
