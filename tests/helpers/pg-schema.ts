// The PostgreSQL schema the tests migrate into: db/migrations-pg when it holds the whole schema, otherwise (before the
// PostgreSQL dialect landed) one derived from SQLite's final schema the way db/migrations-pg writes it: same tables and
// columns, BIGINT for INTEGER, BYTEA for BLOB, "user" quoted, an identity rowid on the tables whose queries use rowid.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/lib/db';
import { sqliteTablesInForeignKeyOrder } from '../../src/lib/migrate-data/plan';

const REAL_DIR = path.resolve('db/migrations-pg');

/** True once db/migrations-pg makes every table (the server can then run on PostgreSQL). */
export const hasRealPgSchema = (): boolean => fs.readdirSync(REAL_DIR).some((f) => /^\d{4}_.+\.sql$/.test(f) && !f.includes('instance_secret'));

const ROWID_TABLES = new Set(['chat', 'share_report', 'access_grant', 'access_request']);

export function pgMigrationsDir(): string {
  if (hasRealPgSchema()) return REAL_DIR;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatshare-pgschema-'));
  const sqlite = openDatabase(path.join(dir, 'schema.sqlite'));
  const statements = sqliteTablesInForeignKeyOrder(sqlite).map((name) => {
    let sql = sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(name) as string;
    sql = sql.replace(/--[^\n]*/g, '').replace(/\bINTEGER\b/g, 'BIGINT').replace(/\bBLOB\b/g, 'BYTEA').replace(/COLLATE NOCASE/g, '')
      .replace(/\)\s*WITHOUT ROWID\s*$/, ')').replace(/REFERENCES user\(/g, 'REFERENCES "user"(');
    if (ROWID_TABLES.has(name)) sql = sql.replace(/\)\s*$/, ', rowid BIGINT GENERATED ALWAYS AS IDENTITY)');
    return `${sql};`;
  });
  sqlite.close();
  fs.rmSync(path.join(dir, 'schema.sqlite'), { force: true });
  fs.rmSync(path.join(dir, 'schema.sqlite-wal'), { force: true });
  fs.rmSync(path.join(dir, 'schema.sqlite-shm'), { force: true });
  fs.writeFileSync(path.join(dir, '0001_derived.sql'), statements.join('\n'));
  for (const f of fs.readdirSync(REAL_DIR)) fs.copyFileSync(path.join(REAL_DIR, f), path.join(dir, f));
  return dir;
}
