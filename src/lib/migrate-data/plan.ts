// What to copy, read from both schemas: every SQLite data table, its columns that PostgreSQL also has, in foreign-key
// order (a parent before its children), and how each value compares on both sides (its PostgreSQL type).
import type Database from 'better-sqlite3';
import type pg from 'pg';

/** The run stops here; `exitCode` 2 means "refused, nothing written" (a non-empty target). */
export class MigrateDataError extends Error {
  constructor(message: string, readonly exitCode = 1) { super(message); }
}

export interface PgColumn { name: string; type: string; identity: 'ALWAYS' | 'BY DEFAULT' | null; sequence: string | null }

export interface TablePlan {
  name: string;
  /** The columns copied (present on both sides), in SQLite's order, with their PostgreSQL side. */
  columns: PgColumn[];
  /** SQLite's row order: rowid for a rowid table, the primary key for a WITHOUT ROWID one. */
  sourceOrder: string;
  /**
   * Both sides read back in one order (SQLite's rowid, PostgreSQL's identity rowid, which the copy fills in that order):
   * the checksum then also proves the order survived. Otherwise the row digests are compared as a sorted set.
   */
  ordered: boolean;
  /** An identity column given explicit values (needs OVERRIDING SYSTEM VALUE when ALWAYS). */
  overriding: boolean;
}

/** Tables that belong to the engine or the migration runner, never copied. */
const isDataTable = (name: string) => !name.startsWith('sqlite_') && name !== '_migrations';

export const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** SQLite's data tables, each after every table it points to (ties by name, so the order is stable). */
export function sqliteTablesInForeignKeyOrder(src: Database.Database): string[] {
  const names = (src.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]).filter(isDataTable);
  const parents = new Map<string, Set<string>>();
  for (const name of names) {
    const refs = src.prepare(`PRAGMA foreign_key_list(${quote(name)})`).all() as { table: string }[];
    parents.set(name, new Set(refs.map((r) => r.table).filter((t) => t !== name && names.includes(t))));
  }
  const done: string[] = [];
  const placed = new Set<string>();
  while (done.length < names.length) {
    const next = names.find((n) => !placed.has(n) && [...parents.get(n)!].every((p) => placed.has(p)));
    if (!next) throw new MigrateDataError(`The SQLite tables' foreign keys form a cycle among: ${names.filter((n) => !placed.has(n)).join(', ')}.`);
    done.push(next);
    placed.add(next);
  }
  return done;
}

/** PostgreSQL's tables in the current schema, each with its columns. */
export async function pgColumns(client: pg.ClientBase): Promise<Map<string, Map<string, PgColumn>>> {
  const { rows } = await client.query<{ table_name: string; column_name: string; data_type: string; identity_generation: string | null; seq: string | null }>(`
    SELECT c.table_name, c.column_name, c.data_type, c.identity_generation,
           pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) AS seq
      FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
     ORDER BY c.table_name, c.ordinal_position`);
  const out = new Map<string, Map<string, PgColumn>>();
  for (const r of rows) {
    let table = out.get(r.table_name);
    if (!table) out.set(r.table_name, (table = new Map()));
    const identity = r.identity_generation === 'ALWAYS' || r.identity_generation === 'BY DEFAULT' ? r.identity_generation : null;
    table.set(r.column_name, { name: r.column_name, type: r.data_type, identity, sequence: r.seq });
  }
  return out;
}

/**
 * One plan per SQLite table. A table or column PostgreSQL lacks stops the run (its data would be lost); PostgreSQL's own
 * extra columns (an identity rowid) fill themselves.
 */
export function planTables(src: Database.Database, target: Map<string, Map<string, PgColumn>>): TablePlan[] {
  return sqliteTablesInForeignKeyOrder(src).map((name) => {
    const cols = target.get(name);
    if (!cols) throw new MigrateDataError(`The PostgreSQL schema has no table ${name}: is DATABASE_URL's schema older than this chatshare?`);
    const info = src.prepare(`PRAGMA table_info(${quote(name)})`).all() as { name: string; pk: number }[];
    const missing = info.filter((c) => !cols.has(c.name)).map((c) => c.name);
    if (missing.length) throw new MigrateDataError(`The PostgreSQL table ${name} has no column ${missing.join(', ')}: its data would be lost.`);
    let hasRowid = true;
    try { src.prepare(`SELECT rowid FROM ${quote(name)} LIMIT 0`); } catch { hasRowid = false; } // WITHOUT ROWID
    const pk = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => quote(c.name));
    const columns = info.map((c) => cols.get(c.name)!);
    const pgRowid = cols.get('rowid');
    return {
      name,
      columns,
      sourceOrder: hasRowid ? 'rowid' : (pk.length ? pk : info.map((c) => quote(c.name))).join(', '),
      ordered: hasRowid && !!pgRowid?.identity && !info.some((c) => c.name === 'rowid'),
      overriding: columns.some((c) => c.identity === 'ALWAYS'),
    };
  });
}
