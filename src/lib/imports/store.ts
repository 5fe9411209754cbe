// The import queue's rows (import_slot): one running import per account and a few waiting, each with a lease.
import { db } from '../db';

export interface Slot { ticket: string; pid: number }
/** What an import's progress is found by (the id the page gave it) and the body's announced size. */
export interface ProgressKeys { clientId?: string | null; totalBytes?: number | null }

/**
 * Puts an import in its account's queue, unless `maxSlots` live claims are there already (the running one included).
 * Lapsed claims, and those of a process that is gone, are dropped first. One transaction: two joins never both pass.
 */
export function joinImportQueue(ticket: string, userId: string, pid: number, now: number, leaseMs: number, maxSlots: number, alive: (pid: number) => boolean, follow: ProgressKeys = {}): boolean {
  const conn = db();
  return conn.transaction(() => {
    conn.prepare('DELETE FROM import_slot WHERE user_id = ? AND expires_at <= ?').run(userId, now);
    const held = conn.prepare('SELECT ticket, pid FROM import_slot WHERE user_id = ?').all(userId) as Slot[];
    const drop = conn.prepare('DELETE FROM import_slot WHERE ticket = ? AND pid = ?');
    let live = 0;
    for (const s of held) {
      if (s.pid === pid || alive(s.pid)) live++;
      else drop.run(s.ticket, s.pid);
    }
    if (live >= maxSlots) return false;
    conn.prepare("INSERT INTO import_slot (ticket, user_id, state, pid, queued_at, expires_at, client_id, total_bytes) VALUES (?, ?, 'waiting', ?, ?, ?, ?, ?)")
      .run(ticket, userId, pid, now, now + leaseMs, follow.clientId ?? null, follow.totalBytes ?? null);
    return true;
  }).immediate();
}

/**
 * Starts a waiting import when no live import of its account runs and it is first in line (oldest claim). One guarded
 * statement: of two processes trying at once, one starts.
 */
export function startImportSlot(ticket: string, userId: string, now: number, leaseMs: number): boolean {
  return !!db().prepare(
    `UPDATE import_slot SET state = 'running', expires_at = ?, started_at = ?
     WHERE ticket = ? AND state = 'waiting'
       AND NOT EXISTS (SELECT 1 FROM import_slot WHERE user_id = ? AND state = 'running' AND expires_at > ?)
       AND ticket = (SELECT ticket FROM import_slot WHERE user_id = ? AND state = 'waiting' AND expires_at > ? ORDER BY queued_at, ticket LIMIT 1)
     RETURNING ticket`,
  ).get(now + leaseMs, now, ticket, userId, now, userId, now);
}

/** The claims of an account held by other processes (to drop those whose process is gone). */
export function otherImportSlots(userId: string, pid: number): Slot[] {
  return db().prepare('SELECT ticket, pid FROM import_slot WHERE user_id = ? AND pid != ?').all(userId, pid) as Slot[];
}

/** Drops a claim whose process is gone (guarded by its pid). */
export function dropImportSlot(ticket: string, pid: number): void {
  db().prepare('DELETE FROM import_slot WHERE ticket = ? AND pid = ?').run(ticket, pid);
}

/** Extends a claim's lease; false when the claim is gone (it lapsed and was dropped). */
export function renewImportSlot(ticket: string, expiresAt: number): boolean {
  return db().prepare('UPDATE import_slot SET expires_at = ? WHERE ticket = ?').run(expiresAt, ticket).changes > 0;
}

/** Lets a finished import's claim lapse at `expiresAt` instead of now (its figures stay readable until then). */
export function lingerImportSlot(ticket: string, expiresAt: number): void {
  db().prepare('UPDATE import_slot SET expires_at = ? WHERE ticket = ?').run(expiresAt, ticket);
}

export function leaveImportQueue(ticket: string): void {
  db().prepare('DELETE FROM import_slot WHERE ticket = ?').run(ticket);
}
