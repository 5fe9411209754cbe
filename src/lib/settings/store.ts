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

export function readSettings(): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const r of s().all.all() as { key: string; value: string }[]) {
    try { out[r.key] = JSON.parse(r.value); } catch { /* a hand-edited row that is not JSON: the seed applies */ }
  }
  return out;
}

/** Writes each value only where the key has none yet (the environment seeds a fresh instance, never overrides). */
export function seedSettings(values: Record<string, unknown>): void {
  db().transaction(() => {
    for (const [k, v] of Object.entries(values)) s().seed.run(k, JSON.stringify(v));
  })();
}

/** Call inside the caller's transaction when the change has consequences (permissions). */
export function writeSettings(values: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(values)) if (v !== undefined) s().put.run(k, JSON.stringify(v));
}
