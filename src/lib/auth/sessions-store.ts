// The session rows an owner sees and ends (Settings, /api/v1/auths/sessions): list, last use, end one, end all others.
import { nowSeconds } from '../db';
import { deleteSessionByHandle, deleteSessionsBut, liveSessionsOf, setSessionDetails, touchSessionRow } from './store';

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
  return liveSessionsOf(userId, nowSeconds()).map((r) => ({ ...r, id: r.id.slice(0, HANDLE), current: r.id === currentId }));
}

/** Records where a new session came from (lucia inserted the row). */
export function describeSession(sessionId: string, userAgent: string | null, now = nowSeconds()): void {
  try {
    setSessionDetails(sessionId, userAgent ? userAgent.slice(0, 300) : null, now);
  } catch { /* on a full disk the session still works; it only lists without its details */ }
}

const lastTouched = new Map<string, number>();
/** "Last used": written at most every 5 minutes per session and process, so a request costs a map lookup. */
export function touchSession(sessionId: string, now = nowSeconds()): void {
  if (now - (lastTouched.get(sessionId) ?? 0) < 300) return;
  if (lastTouched.size > 50_000) lastTouched.clear();
  lastTouched.set(sessionId, now);
  try {
    touchSessionRow(sessionId, now, 300);
  } catch { /* a full disk or a busy database costs only the "last used" time, never the request */ }
}

/** Ends every session of the user but `keepId` (null: all of them). Returns how many ended. */
export function endOtherSessions(userId: string, keepId: string | null): number {
  return deleteSessionsBut(userId, keepId);
}

/** Ends one of the user's sessions by its handle; false when no such session is theirs. */
export function endSessionByHandle(userId: string, handle: string): boolean {
  if (!/^[0-9a-f]{16}$/.test(handle)) return false;
  return deleteSessionByHandle(userId, handle);
}
