// npm run migrate-data: moves a stopped SQLite instance (DATA_DIR) into an empty PostgreSQL database, and its files into
// another object store, in one PostgreSQL transaction that commits only after every table and object checks out equal.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openPostgres } from '../db';
import { config } from '../config';
import { WRITER_LOCK_KEY } from '../pg/bridge';
import type { ObjectStore } from '../storage/objects';
import { MigrateDataError, pgColumns, planTables, quote } from './plan';
import { copyTable, targetChecksum } from './rows';
import { copyObjects, type ObjectsCopied } from './objects';

export { MigrateDataError } from './plan';

export interface MigrateDataOptions {
  /** The source instance's data folder (chatshare.sqlite, secret). */
  dataDir: string;
  /** The target: a postgres:// URL of an empty database (its schema is made here). */
  to: string;
  /** Share files: copied from source to target when both are given. */
  objects?: { source: ObjectStore; target: ObjectStore; label: string } | null;
  pgMigrationsDir?: string;
  log?: (line: string) => void;
  /** Tests only: runs inside the transaction after every row is written, before the copy is checked. */
  beforeVerify?: (client: pg.ClientBase) => Promise<void>;
}

export interface TableCopied { name: string; count: number; checksum: string }
export interface MigrateDataResult { tables: TableCopied[]; objects: ObjectsCopied | null; secret: boolean; ms: number }

/** Opens the SQLite file read-only, after checking its schema is the one this chatshare writes. */
function openSource(dataDir: string): Database.Database {
  const file = path.join(dataDir, 'chatshare.sqlite');
  if (!fs.existsSync(file)) throw new MigrateDataError(`No SQLite database at ${file}: set DATA_DIR to the instance's data folder.`);
  const src = new Database(file, { readonly: true, fileMustExist: true });
  const latest = fs.readdirSync(config.migrationsDir).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort().at(-1);
  const applied = src.prepare('SELECT MAX(name) FROM _migrations').pluck().get() as string | null;
  if (applied !== latest) {
    src.close();
    throw new MigrateDataError(`${file} is at migration ${applied ?? 'none'}, this chatshare at ${latest}: start the server once on it (or run npm run db:migrate), stop it, then migrate.`);
  }
  return src;
}

/** DATA_DIR/secret, the random half of the instance secret (shares/secret.ts), or null when none was made yet. */
function readSecret(dataDir: string): string | null {
  try {
    const value = fs.readFileSync(path.join(dataDir, 'secret'), 'utf8').trim();
    if (value.length < 32) throw new MigrateDataError(`${path.join(dataDir, 'secret')} is too short (${value.length} characters): restore it from a backup first.`);
    return value;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Every target table that holds a row (the migration history aside): a target must be empty. */
async function tablesWithRows(client: pg.ClientBase, tables: Iterable<string>): Promise<string[]> {
  const out: string[] = [];
  for (const t of tables) if (t !== '_migrations' && (await client.query(`SELECT EXISTS (SELECT 1 FROM ${quote(t)}) AS any`)).rows[0].any) out.push(t);
  return out;
}

export async function migrateData(opts: MigrateDataOptions): Promise<MigrateDataResult> {
  const started = performance.now();
  const log = opts.log ?? (() => {});
  const src = openSource(opts.dataDir);
  // The target's schema, under the same advisory lock the server's migrations take; then the copy's own connection.
  try {
    openPostgres(opts.to, opts.pgMigrationsDir ?? config.pgMigrationsDir).close();
  } catch (err) {
    src.close();
    throw new MigrateDataError(`Cannot prepare the PostgreSQL schema at the target: ${(err as Error).message}`);
  }
  const client = new pg.Client({ connectionString: opts.to, application_name: 'chatshare-migrate-data' });
  await client.connect();
  try {
    // One read transaction: every table is read from the same snapshot of the SQLite file.
    src.exec('BEGIN');
    src.prepare('SELECT COUNT(*) FROM sqlite_master').get();
    await client.query('BEGIN');
    // The lock every writing transaction of a chatshare node takes: a node started on the target waits for this one.
    await client.query(`SELECT pg_advisory_xact_lock(${WRITER_LOCK_KEY})`);
    const target = await pgColumns(client);
    const busy = await tablesWithRows(client, target.keys());
    if (busy.length) {
      throw new MigrateDataError(`The target database already holds data (in ${busy.join(', ')}): nothing was copied. Migrate into a new, empty database.`, 2);
    }
    const plans = planTables(src, target);

    // Files first: every object is in the target store before a row that points at it commits.
    let objects: ObjectsCopied | null = null;
    if (opts.objects) {
      const fileTypes = new Map(plans.some((p) => p.name === 'chat_file')
        ? (src.prepare('SELECT id, mime FROM chat_file').raw(true).all() as [string, string][]) : []);
      log(`chatshare: copying files to ${opts.objects.label}…`);
      objects = await copyObjects(opts.objects.source, opts.objects.target, fileTypes);
    }

    const sources = new Map<string, { count: number; checksum: string }>();
    for (const plan of plans) {
      try {
        sources.set(plan.name, await copyTable(src, client, plan));
      } catch (err) {
        if (err instanceof MigrateDataError) throw err;
        const e = err as Error & { detail?: string };
        throw new MigrateDataError(`Copying table ${plan.name} failed: ${e.message}${e.detail ? ` (${e.detail})` : ''}. Rolled back: nothing was committed.`);
      }
    }
    const secret = readSecret(opts.dataDir);
    if (secret && target.has('instance_secret')) await client.query('INSERT INTO instance_secret (id, value) VALUES (1, $1)', [secret]);

    await opts.beforeVerify?.(client);

    const tables: TableCopied[] = [];
    for (const plan of plans) {
      const want = sources.get(plan.name)!;
      const got = await targetChecksum(client, plan);
      if (got.count !== want.count || got.checksum !== want.checksum) {
        throw new MigrateDataError(
          `Table ${plan.name} differs after the copy: SQLite ${want.count} rows (sha256 ${want.checksum.slice(0, 16)}), ` +
            `PostgreSQL ${got.count} rows (sha256 ${got.checksum.slice(0, 16)}). Rolled back: nothing was committed.`,
        );
      }
      tables.push({ name: plan.name, ...want });
    }
    if (secret && target.has('instance_secret')) {
      const back = (await client.query('SELECT value FROM instance_secret WHERE id = 1')).rows[0]?.value;
      if (back !== secret) throw new MigrateDataError('The instance secret read back from PostgreSQL differs. Rolled back: nothing was committed.');
    }
    await client.query('COMMIT');
    return { tables, objects, secret: !!secret && target.has('instance_secret'), ms: performance.now() - started };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    await client.end().catch(() => {});
    if (src.inTransaction) src.exec('ROLLBACK');
    src.close();
  }
}

/** What was copied, as a table for the terminal. */
export function formatReport(r: MigrateDataResult, objectsLabel: string | null): string {
  const width = Math.max(5, ...r.tables.map((t) => t.name.length));
  const lines = [`${'table'.padEnd(width)}  ${'rows'.padStart(8)}  sha256 (SQLite = PostgreSQL)`];
  for (const t of r.tables) lines.push(`${t.name.padEnd(width)}  ${String(t.count).padStart(8)}  ${t.checksum}`);
  const rows = r.tables.reduce((n, t) => n + t.count, 0);
  lines.push(`${'total'.padEnd(width)}  ${String(rows).padStart(8)}  every table's count and checksum equal on both sides`);
  lines.push(r.objects
    ? `files: ${r.objects.count} objects (${r.objects.bytes} bytes) copied to ${objectsLabel}, each read back with equal size and sha256`
    : 'files: not copied (no --storage given): they stay where STORAGE_PROVIDER keeps them');
  lines.push(r.secret ? 'instance secret: carried over (unlock cookies and live links stay valid)' : 'instance secret: none in DATA_DIR (the first node makes one)');
  lines.push(`done in ${(r.ms / 1000).toFixed(1)} s`);
  return lines.join('\n');
}
