// The account, session and API key rows: every SQL statement of sign-up, sign-in, sessions and keys (the auth helpers
// beside this file decide; this file reads and writes).
import type { Statement } from 'better-sqlite3';
import { BetterSqlite3Adapter } from '@lucia-auth/adapter-sqlite';
import { db, immediateTransaction, transaction } from '../db';
import type { Role } from './lucia';

export interface UserRow { id: string; email: string; name: string; role: Role; password_hash: string; avatar_updated_at: number | null; locale: string | null }

/**
 * lucia's view of the user and session tables, on either engine: its SQLite adapter issues plain prepared statements,
 * which the PostgreSQL bridge translates like every other (its PostgreSQL adapter would want expires_at as a timestamptz,
 * where the schema and the fast path's live-session check keep unix seconds on both engines).
 */
export const sessionAdapter = () => new BetterSqlite3Adapter(db(), { user: 'user', session: 'session' });

// ---- accounts ----

export const countUsers = (): number => db().prepare('SELECT COUNT(*) FROM user').pluck().get() as number;

export const anyUserExists = (): boolean => db().prepare('SELECT 1 FROM user LIMIT 1').get() !== undefined;

/**
 * Inserts an account whose role `roleFor` picks from the number of accounts, both in one immediate transaction, so two
 * simultaneous first sign-ups cannot both be admin. Null when the email is taken.
 */
export function insertUser(u: Omit<UserRow, 'role' | 'avatar_updated_at' | 'locale'>, now: number, roleFor: (count: number) => Role): Role | null {
  return immediateTransaction(() => {
    if (db().prepare('SELECT 1 FROM user WHERE email = ?').get(u.email)) return null;
    const role = roleFor(countUsers());
    db().prepare('INSERT INTO user (id, email, name, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(u.id, u.email, u.name, role, u.password_hash, now, now);
    return role;
  });
}

export const userByEmail = (email: string): UserRow | undefined => db().prepare('SELECT * FROM user WHERE email = ?').get(email) as UserRow | undefined;

export const userById = (id: string): UserRow | undefined => db().prepare('SELECT * FROM user WHERE id = ?').get(id) as UserRow | undefined;

export function setUserName(userId: string, name: string, now: number): void {
  db().prepare('UPDATE user SET name = ?, updated_at = ? WHERE id = ?').run(name, now, userId);
}

export function setUserLocale(userId: string, locale: string | null, now: number): void {
  db().prepare('UPDATE user SET locale = ?, updated_at = ? WHERE id = ?').run(locale, now, userId);
}

/** The user's Open WebUI settings object as stored (JSON text), or null when they never saved one. */
export function userSettingsText(userId: string): string | null {
  const row = db().prepare('SELECT settings FROM user WHERE id = ?').get(userId) as { settings: string | null } | undefined;
  return row?.settings ?? null;
}

/** Merges `patch`'s top-level keys into the stored settings (Open WebUI's dict.update) in one transaction: the read and
 * the write are not separated by any slow step, so two saves never undo each other's keys. Answers the merged object. */
export function mergeUserSettings(userId: string, patch: Record<string, unknown>, maxBytes: number): Record<string, unknown> | null {
  return immediateTransaction(() => {
    const text = userSettingsText(userId);
    const merged: Record<string, unknown> = Object.assign(Object.create(null), text ? JSON.parse(text) : {}, patch);
    const next = JSON.stringify(merged);
    if (Buffer.byteLength(next) > maxBytes) return null;
    db().prepare('UPDATE user SET settings = ? WHERE id = ?').run(next, userId);
    return merged;
  });
}

export function putAvatar(userId: string, type: string, data: Buffer, now: number): void {
  transaction(() => {
    db().prepare('INSERT INTO user_avatar (user_id, type, data) VALUES (?, ?, ?) ON CONFLICT(user_id) DO UPDATE SET type = excluded.type, data = excluded.data')
      .run(userId, type, data);
    db().prepare('UPDATE user SET avatar_updated_at = ?, updated_at = ? WHERE id = ?').run(now, now, userId);
  });
}

export function deleteAvatar(userId: string): void {
  transaction(() => {
    db().prepare('DELETE FROM user_avatar WHERE user_id = ?').run(userId);
    db().prepare('UPDATE user SET avatar_updated_at = NULL WHERE id = ?').run(userId);
  });
}

export const avatarData = (userId: string): Buffer | undefined =>
  (db().prepare('SELECT data FROM user_avatar WHERE user_id = ?').get(userId) as { data: Buffer } | undefined)?.data;

/** A new password hash and every session of the user but `keepSessionId` ended, in one transaction. Returns how many ended. */
export function setPasswordEndingSessions(userId: string, passwordHash: string, keepSessionId: string | null, now: number): number {
  return immediateTransaction(() => {
    db().prepare('UPDATE user SET password_hash = ?, updated_at = ? WHERE id = ?').run(passwordHash, now, userId);
    return deleteSessionsBut(userId, keepSessionId);
  });
}

// ---- sessions (lucia writes the row; these read and describe it) ----

let liveLookup: Statement<[string, number], 1> | null = null;
/** Whether `sessionId` (the stored hash) is an unexpired session: the fast path's one indexed lookup. */
export function sessionIsLive(sessionId: string, nowSec: number): boolean {
  liveLookup ??= db().prepare('SELECT 1 FROM session WHERE id = ? AND expires_at > ?').pluck() as Statement<[string, number], 1>;
  return liveLookup.get(sessionId, nowSec) !== undefined;
}

export interface SessionRow { id: string; created_at: number | null; last_used_at: number | null; expires_at: number; user_agent: string | null }

export const liveSessionsOf = (userId: string, now: number): SessionRow[] =>
  db().prepare('SELECT id, created_at, last_used_at, expires_at, user_agent FROM session WHERE user_id = ? AND expires_at > ? ORDER BY COALESCE(last_used_at, created_at, 0) DESC')
    .all(userId, now) as SessionRow[];

export function setSessionDetails(sessionId: string, userAgent: string | null, now: number): void {
  db().prepare('UPDATE session SET created_at = ?, last_used_at = ?, user_agent = ? WHERE id = ?').run(now, now, userAgent, sessionId);
}

/** Moves "last used" forward when it is older than `minAgeSec`. */
export function touchSessionRow(sessionId: string, now: number, minAgeSec: number): void {
  db().prepare('UPDATE session SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)').run(now, sessionId, now - minAgeSec);
}

/** Ends every session of the user but `keepId` (null: all of them). Returns how many ended. */
export const deleteSessionsBut = (userId: string, keepId: string | null): number =>
  db().prepare('DELETE FROM session WHERE user_id = ? AND id IS NOT ?').run(userId, keepId).changes;

/** Ends the user's session whose id starts with `handle`; false when none is theirs. */
export const deleteSessionByHandle = (userId: string, handle: string): boolean =>
  db().prepare('DELETE FROM session WHERE user_id = ? AND substr(id, 1, ?) = ?').run(userId, handle.length, handle).changes > 0;

// ---- API keys (only a hash of each key is stored) ----

export interface ApiKeyRow { id: string; name: string; prefix: string; created_at: number; last_used_at: number | null }

export function insertApiKey(userId: string, key: ApiKeyRow, keyHash: string): void {
  db().prepare('INSERT INTO api_key (id, user_id, name, key_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(key.id, userId, key.name, keyHash, key.prefix, key.created_at);
}

export const apiKeysOf = (userId: string): ApiKeyRow[] =>
  db().prepare('SELECT id, name, prefix, created_at, last_used_at FROM api_key WHERE user_id = ? ORDER BY created_at DESC').all(userId) as ApiKeyRow[];

export const deleteApiKey = (userId: string, id: string): boolean =>
  db().prepare('DELETE FROM api_key WHERE id = ? AND user_id = ?').run(id, userId).changes > 0;

/** The key's owner, its "last used" moved to `now` in the same statement; null for an unknown key. */
export const useApiKey = (keyHash: string, now: number): string | null =>
  (db().prepare('UPDATE api_key SET last_used_at = ? WHERE key_hash = ? RETURNING user_id').get(now, keyHash) as { user_id: string } | undefined)?.user_id ?? null;
