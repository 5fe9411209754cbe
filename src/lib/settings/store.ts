// The setting table: instance-wide values as JSON, one row per key.
import { db } from '../db';

const stmts = () => {
  const conn = db();
  return {
    all: conn.prepare('SELECT key, value FROM setting'),
    seed: conn.prepare('INSERT OR IGNORE INTO setting (key, value) VALUES (?, ?)'),
    put: conn.prepare('INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
    // Prepared once: db.pragma() prepares on every call, which was a sixth of a share view's CPU.
    dataVersion: conn.prepare('PRAGMA data_version').pluck(),
  };
};
let cache: ReturnType<typeof stmts> | null = null;
const s = () => (cache ??= stmts());

// The table is read on every share view (may this viewer clone?), so it is kept until it can have changed: our own writes
// drop it, and SQLite's data_version moves when another connection (another WORKERS process) commits anything. Asking
// SQLite costs a read transaction, so it is asked at most every CHECK_MS: another process's change shows within that.
let memo: { version: number; values: Readonly<Record<string, unknown>>; checkedAt: number } | null = null;
const CHECK_MS = 100;

export function readSettings(): Readonly<Record<string, unknown>> {
  const now = performance.now();
  if (memo && now - memo.checkedAt < CHECK_MS) return memo.values;
  const version = s().dataVersion.get() as number;
  if (memo && memo.version === version) {
    memo.checkedAt = now;
    return memo.values;
  }
  const out: Record<string, unknown> = Object.create(null);
  for (const r of s().all.all() as { key: string; value: string }[]) {
    try { out[r.key] = JSON.parse(r.value); } catch { /* a hand-edited row that is not JSON: the seed applies */ }
  }
  // Inside a transaction the rows may still roll back: read them, but remember nothing.
  if (db().inTransaction) return out;
  memo = { version, values: Object.freeze(out), checkedAt: now };
  return memo.values;
}

/** Writes each value only where the key has none yet (the environment seeds a fresh instance, never overrides). */
export function seedSettings(values: Record<string, unknown>): void {
  memo = null;
  db().transaction(() => {
    for (const [k, v] of Object.entries(values)) s().seed.run(k, JSON.stringify(v));
  })();
}

/** Call inside the caller's transaction when the change has consequences (permissions). */
export function writeSettings(values: Record<string, unknown>): void {
  memo = null;
  for (const [k, v] of Object.entries(values)) if (v !== undefined) s().put.run(k, JSON.stringify(v));
}

/**
 * The instance secret's random half on PostgreSQL (secret.ts): `candidate` is kept when no node stored one yet; the
 * stored value is returned either way, so nodes starting together agree on one.
 */
export function storedInstanceSecret(candidate: string): string {
  const conn = db();
  conn.prepare('INSERT INTO instance_secret (id, value) VALUES (1, ?) ON CONFLICT (id) DO NOTHING').run(candidate);
  return conn.prepare('SELECT value FROM instance_secret WHERE id = 1').pluck().get() as string;
}
