// The setting table: instance-wide values as JSON, one row per key.
import { db } from '../db';

const stmts = () => {
  const conn = db();
  return {
    all: conn.prepare('SELECT key, value FROM setting'),
    seed: conn.prepare('INSERT OR IGNORE INTO setting (key, value) VALUES (?, ?)'),
    put: conn.prepare('INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
  };
};
let cache: ReturnType<typeof stmts> | null = null;
const s = () => (cache ??= stmts());

// The table is read on every share view (may this viewer clone?), so it is kept until it can have changed: our own writes
// drop it, and SQLite's data_version moves when another connection (another WORKERS process) commits anything.
let memo: { version: number; values: Readonly<Record<string, unknown>> } | null = null;

export function readSettings(): Readonly<Record<string, unknown>> {
  const version = db().pragma('data_version', { simple: true }) as number;
  if (memo && memo.version === version) return memo.values;
  const out: Record<string, unknown> = Object.create(null);
  for (const r of s().all.all() as { key: string; value: string }[]) {
    try { out[r.key] = JSON.parse(r.value); } catch { /* a hand-edited row that is not JSON: the seed applies */ }
  }
  // Inside a transaction the rows may still roll back: read them, but remember nothing.
  if (db().inTransaction) return out;
  memo = { version, values: Object.freeze(out) };
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
