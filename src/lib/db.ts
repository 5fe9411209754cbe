// The one better-sqlite3 connection: WAL, foreign keys, and numbered SQL migrations applied at start.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { config } from './config';
import { onShutdown } from './lifecycle';
import { isBusyError } from './http';
import { configureCheckpoints, startCheckpointer } from './checkpoint';
import { PostgresDatabase } from './pg/bridge';

export type DB = Database.Database;

/** DATABASE_URL: a postgres:// (or postgresql://) URL puts the data in PostgreSQL; unset, the SQLite file in DATA_DIR. */
export const databaseUrl = (): string | null => {
  const url = process.env.DATABASE_URL?.trim();
  if (!url) return null;
  if (!/^postgres(ql)?:\/\//i.test(url)) throw new Error('chatshare: DATABASE_URL must be a postgres:// URL (unset it to use the SQLite file in DATA_DIR).');
  return url;
};

/** Which engine holds the data: the SQLite file (the default) or PostgreSQL (DATABASE_URL). */
export const usesPostgres = (): boolean => databaseUrl() !== null;

/** How long one statement may block the thread waiting for the write lock before SQLITE_BUSY (then retried async). */
export const BUSY_TIMEOUT_MS = 25;
/** How long retryBusy keeps trying before the error reaches the caller (a 503 with Retry-After, see http.ts). */
const BUSY_RETRY_MS = 5000;

export function openDatabase(file: string, migrationsDir = config.migrationsDir): DB {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // SQLite's own wait for another connection's write lock sleeps on this thread, stalling every request of the process:
  // kept short. Longer waits happen in writeTransaction/retryBusy, between attempts, with the event loop free.
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  migrate(db, migrationsDir);
  configureCheckpoints(db);
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

/** Session-level advisory lock held while migrating, so nodes starting together apply each migration once. */
const MIGRATION_LOCK_KEY = 0x6d696772;

/**
 * Opens PostgreSQL at `url` and applies db/migrations-pg (its own numbered history) under an advisory lock: a node that
 * starts while another migrates waits, then finds nothing left to apply. The result answers the store modules' calls
 * as better-sqlite3 does (pg/bridge.ts), so it is typed as one.
 */
export function openPostgres(url: string, migrationsDir = config.pgMigrationsDir): DB {
  const conn = new PostgresDatabase(url);
  conn.exec(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
  try {
    migrate(conn as unknown as DB, migrationsDir);
  } finally {
    conn.exec(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
  }
  return conn as unknown as DB;
}

let instance: DB | null = null;
let stopCheckpointer: (() => void) | null = null;

/** The process-wide connection, opened (and migrated) on first use. */
export function db(): DB {
  if (!instance) {
    const url = databaseUrl();
    if (url) {
      const conn = (instance = openPostgres(url));
      onShutdown(() => { if (conn.open) closeDatabase(conn); });
      return conn;
    }
    const file = path.join(config.dataDir, 'chatshare.sqlite');
    const conn = (instance = openDatabase(file));
    stopCheckpointer = startCheckpointer(conn, file);
    // Graceful stop: fold the WAL back into the database file, so a copy of chatshare.sqlite alone is a full backup.
    onShutdown(() => { if (conn.open) closeDatabase(conn); });
  }
  return instance;
}

/** Closes the process-wide connection (the cluster primary, after migrating), folding the WAL back in. */
export function closeDatabase(conn: DB): void {
  if (instance === conn) stopCheckpointer?.();
  conn.pragma('wal_checkpoint(TRUNCATE)'); // a no-op on PostgreSQL
  conn.close();
  if (instance === conn) instance = null;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` (one write: a single statement or one transaction, so a busy failure wrote nothing; or an idempotent step) and,
 * while another connection holds the write lock, runs it again after an asynchronous pause that grows (with jitter,
 * so two waiting workers do not collide again) up to BUSY_RETRY_MS in all; then the busy error goes to the caller.
 */
export async function retryBusy<T>(work: () => T | Promise<T>, maxWaitMs = BUSY_RETRY_MS): Promise<T> {
  const deadline = Date.now() + maxWaitMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!isBusyError(err) || Date.now() >= deadline) throw err;
    }
    const backoff = Math.min(5 * 2 ** attempt, 200);
    await pause(Math.min(backoff / 2 + Math.random() * backoff, Math.max(1, deadline - Date.now())));
  }
}

/** Runs `work` in one transaction (deferred: it takes the write lock at its first write); nested calls join the outer one. */
export function transaction<T>(work: () => T): T {
  return db().transaction(work)();
}

/** Runs `work` in one transaction that takes the write lock first (BEGIN IMMEDIATE), so what it reads cannot change under it. */
export function immediateTransaction<T>(work: () => T): T {
  return db().transaction(work).immediate();
}

/** True while a transaction is open on the process-wide connection. */
export const inTransaction = (): boolean => db().inTransaction;

/** A round trip to the database (health checks): throws when it cannot answer. */
export function ping(): void {
  db().prepare('SELECT 1').get();
}

/** One short write transaction (BEGIN IMMEDIATE), retried asynchronously while another connection holds the lock. */
export function writeTransaction<T>(work: () => T, maxWaitMs?: number): Promise<T> {
  return retryBusy(() => immediateTransaction(work), maxWaitMs);
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

// A view's count meets the other worker's write lock hundreds of times a second with WORKERS=2; that lock is held for
// tens of microseconds, but SQLite's own busy wait sleeps 1 ms, then 2, 5 … on this thread (measured: 226-265 sleeps
// per worker in 2.5 s of load, the whole event loop stopped each time). Here the statement is retried after naps that
// start at 50 us and double up to 1 ms, within the same BUSY_TIMEOUT_MS bound.
const nap = new Int32Array(new SharedArrayBuffer(4));
const busyToggles = new WeakMap<DB, { off: Database.Statement; on: Database.Statement }>();

/**
 * Runs one autocommit write statement (a busy failure wrote nothing) without SQLite's busy sleep: retried after short
 * naps for up to BUSY_TIMEOUT_MS; past that the busy error goes to the caller (retryBusy then waits without blocking).
 */
export function writeWithoutBusySleep<T>(conn: DB, work: () => T): T {
  let toggle = busyToggles.get(conn);
  if (!toggle) busyToggles.set(conn, (toggle = { off: conn.prepare('PRAGMA busy_timeout = 0'), on: conn.prepare(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`) }));
  toggle.off.get();
  try {
    const deadline = performance.now() + BUSY_TIMEOUT_MS;
    for (let napMs = 0.05; ; napMs = Math.min(napMs * 2, 1)) {
      try {
        return work();
      } catch (err) {
        if (!isBusyError(err) || performance.now() >= deadline) throw err;
      }
      Atomics.wait(nap, 0, 0, napMs);
    }
  } finally {
    toggle.on.get();
  }
}
