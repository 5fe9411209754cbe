// The session rows an owner sees and ends (Settings, /api/v1/auths/sessions): list, last use, end one, end all others.
import { db, nowSeconds } from '../db';

/** What a list shows of a session: a handle (a prefix of the stored hash, never the token), its times and browser. */
export interface SessionInfo {
  id: string;
  created_at: number | null;
  last_used_at: number | null;
  expires_at: number;
  user_agent: string | null;
  current: boolean;
}

const HANDLE = 16; // characters of the SHA-256 id shown: enough to name one session, useless to sign in with

export function listSessions(userId: string, currentId: string | null): SessionInfo[] {
  const rows = db().prepare('SELECT id, created_at, last_used_at, expires_at, user_agent FROM session WHERE user_id = ? AND expires_at > ? ORDER BY COALESCE(last_used_at, created_at, 0) DESC')
    .all(userId, nowSeconds()) as Array<{ id: string; created_at: number | null; last_used_at: number | null; expires_at: number; user_agent: string | null }>;
  return rows.map((r) => ({ ...r, id: r.id.slice(0, HANDLE), current: r.id === currentId }));
}

/** Records where a new session came from (lucia inserted the row). */
export function describeSession(sessionId: string, userAgent: string | null, now = nowSeconds()): void {
  try {
    db().prepare('UPDATE session SET created_at = ?, last_used_at = ?, user_agent = ? WHERE id = ?').run(now, now, userAgent ? userAgent.slice(0, 300) : null, sessionId);
  } catch { /* on a full disk the session still works; it only lists without its details */ }
}

const lastTouched = new Map<string, number>();
/** "Last used": written at most every 5 minutes per session and process, so a request costs a map lookup. */
export function touchSession(sessionId: string, now = nowSeconds()): void {
  if (now - (lastTouched.get(sessionId) ?? 0) < 300) return;
  if (lastTouched.size > 50_000) lastTouched.clear();
  lastTouched.set(sessionId, now);
  try {
    db().prepare('UPDATE session SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)').run(now, sessionId, now - 300);
  } catch { /* a full disk or a busy database costs only the "last used" time, never the request */ }
}

/** Ends every session of the user but `keepId` (null: all of them). Returns how many ended. */
export function endOtherSessions(userId: string, keepId: string | null): number {
  return db().prepare('DELETE FROM session WHERE user_id = ? AND id IS NOT ?').run(userId, keepId).changes;
}

/** Ends one of the user's sessions by its handle; false when no such session is theirs. */
export function endSessionByHandle(userId: string, handle: string): boolean {
  if (!/^[0-9a-f]{16}$/.test(handle)) return false;
  return db().prepare('DELETE FROM session WHERE user_id = ? AND substr(id, 1, 16) = ?').run(userId, handle).changes > 0;
}
