// The one better-sqlite3 connection: WAL, foreign keys, and numbered SQL migrations applied at start.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { config } from './config';
import { onShutdown } from './lifecycle';

export type DB = Database.Database;

export function openDatabase(file: string, migrationsDir = config.migrationsDir): DB {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrationsDir);
  return db;
}

/**
 * Applies pending migrations, each in its own transaction. Refuses to start when the applied history is
 * not a prefix of the files on disk (a migration renamed or removed after it landed).
 */
export function migrate(db: DB, dir: string): string[] {
  db.exec('CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const files = fs.readdirSync(dir).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();
  const applied = db.prepare('SELECT name FROM _migrations ORDER BY name').pluck().all() as string[];
  applied.forEach((name, i) => {
    if (files[i] !== name) {
      throw new Error(`Migration history mismatch: database has ${name}, disk has ${files[i] ?? 'nothing'} at position ${i + 1}.`);
    }
  });
  const pending = files.slice(applied.length);
  const record = db.prepare('INSERT INTO _migrations (name, applied_at) VALUES (?, ?)');
  for (const name of pending) {
    const sql = fs.readFileSync(path.join(dir, name), 'utf8');
    // A migration that rebuilds a parent table (SQLite cannot alter a CHECK) asks for foreign keys off: with them on, its
    // DROP TABLE would cascade into every child row. The pragma is a no-op inside a transaction, so it is set around it,
    // and the keys are checked before the rebuild commits.
    const rebuild = /^-- migrate: foreign-keys-off$/m.test(sql);
    if (rebuild) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(sql);
        if (rebuild && (db.pragma('foreign_key_check') as unknown[]).length) throw new Error(`Migration ${name} left rows whose foreign keys point nowhere.`);
        record.run(name, Math.floor(Date.now() / 1000));
      })();
    } finally {
      if (rebuild) db.pragma('foreign_keys = ON');
    }
  }
  return pending;
}

let instance: DB | null = null;

/** The process-wide connection, opened (and migrated) on first use. */
export function db(): DB {
  if (!instance) {
    const conn = (instance = openDatabase(path.join(config.dataDir, 'chatshare.sqlite')));
    // Graceful stop: fold the WAL back into the database file, so a copy of chatshare.sqlite alone is a full backup.
    onShutdown(() => {
      conn.pragma('wal_checkpoint(TRUNCATE)');
      conn.close();
      if (instance === conn) instance = null;
    });
  }
  return instance;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
