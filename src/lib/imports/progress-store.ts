// An import's progress on its queue row (import_slot, 0024): small guarded UPDATEs while it runs, one SELECT per poll.
import { db, writeWithoutBusySleep } from '../db';

/** The figures a stored batch adds (written in the batch's own transaction, so they move with what it committed). */
export interface BatchCounts { imported: number; skipped: number; rejected: number; total: number | null; filesDone: number }

export interface ProgressRow {
  state: 'waiting' | 'running';
  received: number;
  received_bytes: number;
  total_bytes: number | null;
  files_done: number;
  chats_total: number | null;
  chats_imported: number;
  chats_skipped: number;
  chats_rejected: number;
  started_at: number | null;
  queued_at: number;
}

/** The bytes of the body received so far (`whole`: all of it, so the import moves on to parsing). Never waits on a lock. */
export function recordReceived(ticket: string, bytes: number, whole: boolean): void {
  const conn = db();
  writeWithoutBusySleep(conn, () => conn.prepare("UPDATE import_slot SET received_bytes = ?, received = max(received, ?) WHERE ticket = ? AND state = 'running'")
    .run(bytes, whole ? 1 : 0, ticket));
}

/** Adds a batch's figures; runs inside the batch's write transaction (the import thread's connection). */
export function addBatchCounts(ticket: string, c: BatchCounts): void {
  db().prepare(
    `UPDATE import_slot SET chats_imported = chats_imported + ?, chats_skipped = chats_skipped + ?, chats_rejected = chats_rejected + ?,
       chats_total = CASE WHEN ? IS NULL THEN chats_total ELSE coalesce(chats_total, 0) + ? END, files_done = files_done + ?, received = 1
     WHERE ticket = ? AND state = 'running'`,
  ).run(c.imported, c.skipped, c.rejected, c.total, c.total, c.filesDone, ticket);
}

/**
 * The account's import as its poll sees it: the one the page named (`clientId`), else the running one, else the first
 * in line. Lapsed claims (a crashed process) are not shown. Null: no import.
 */
export function readImportProgress(userId: string, clientId: string | null, now: number): ProgressRow | null {
  const cols = `state, received, received_bytes, total_bytes, files_done, chats_total, chats_imported, chats_skipped, chats_rejected, started_at, queued_at`;
  const row = clientId
    ? db().prepare(`SELECT ${cols} FROM import_slot WHERE user_id = ? AND client_id = ? AND expires_at > ? ORDER BY queued_at LIMIT 1`).get(userId, clientId, now)
    : db().prepare(`SELECT ${cols} FROM import_slot WHERE user_id = ? AND expires_at > ? ORDER BY state = 'running' DESC, queued_at, ticket LIMIT 1`).get(userId, now);
  return (row as ProgressRow | undefined) ?? null;
}
