// Copies one table's rows from the SQLite snapshot into the open PostgreSQL transaction, in batches, and checksums what
// went out; targetChecksum reads the copy back the same way, so the two sums agree only when every value arrived.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import pg from 'pg';
import { quote, type PgColumn, type TablePlan } from './plan';

/** PostgreSQL takes at most 65,535 parameters a statement; a batch also stops at about 8 MB of values (chats are large). */
const MAX_PARAMS = 30_000;
const MAX_ROWS = 500;
const MAX_BATCH_BYTES = 8 * 1024 * 1024;

const INTEGER = new Set(['smallint', 'integer', 'bigint']);
const FLOAT = new Set(['real', 'double precision', 'numeric']);

/**
 * One value as text both engines agree on, by the PostgreSQL column's type: SQLite's 0/1 and PostgreSQL's booleans,
 * SQLite's 64-bit integers (read as BigInt) and PostgreSQL's int8 strings, bytes as hex. null stays null.
 */
export function normalize(value: unknown, column: PgColumn): string | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `x${Buffer.from(value).toString('hex')}`;
  if (column.type === 'boolean') return value === true || value === 't' || (typeof value !== 'string' && Number(value) !== 0) ? 't' : 'f';
  if (INTEGER.has(column.type) && (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value)) || /^-?\d+$/.test(String(value)))) return BigInt(value as bigint).toString();
  if (FLOAT.has(column.type)) return String(Number(value));
  return typeof value === 'bigint' ? value.toString() : String(value);
}

/** The digest of one row: its normalized values in column order (JSON keeps null apart from the text "null"). */
export const rowDigest = (values: unknown[], columns: PgColumn[]): Buffer =>
  createHash('sha256').update(JSON.stringify(values.map((v, i) => normalize(v, columns[i]!)))).digest();

/** Sums row digests: in order for an ordered table, as a sorted multiset otherwise. */
export class TableSum {
  private readonly running = createHash('sha256');
  private readonly digests: Buffer[] = [];
  count = 0;
  constructor(private readonly ordered: boolean) {}
  add(digest: Buffer): void {
    this.count++;
    if (this.ordered) this.running.update(digest);
    else this.digests.push(digest);
  }
  hex(): string {
    if (!this.ordered) for (const d of this.digests.sort(Buffer.compare)) this.running.update(d);
    return this.running.digest('hex');
  }
}

/** A value as pg should send it: BigInt as its decimal text (pg has no mapping for it), bytes as a Buffer. */
const param = (v: unknown): unknown => (typeof v === 'bigint' ? v.toString() : v);

const sizeOf = (v: unknown): number => (typeof v === 'string' ? v.length : Buffer.isBuffer(v) ? v.length : 8);

/** Copies the table in SQLite's row order; answers the source's row count and checksum. */
export async function copyTable(src: Database.Database, client: pg.ClientBase, plan: TablePlan): Promise<{ count: number; checksum: string }> {
  const names = plan.columns.map((c) => quote(c.name));
  const read = src.prepare(`SELECT ${names.join(', ')} FROM ${quote(plan.name)} ORDER BY ${plan.sourceOrder}`).raw(true).safeIntegers(true);
  const head = `INSERT INTO ${quote(plan.name)} (${names.join(', ')})${plan.overriding ? ' OVERRIDING SYSTEM VALUE' : ''} VALUES `;
  const rowsPerBatch = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / Math.max(1, names.length))));
  const sum = new TableSum(plan.ordered);
  let batch: unknown[][] = [];
  let bytes = 0;
  const flush = async () => {
    if (!batch.length) return;
    const values: unknown[] = [];
    const tuples = batch.map((row) => `(${row.map((v) => { values.push(param(v)); return `$${values.length}`; }).join(', ')})`);
    await client.query(head + tuples.join(', '), values);
    batch = [];
    bytes = 0;
  };
  // The iterator holds the SQLite statement open; nothing else runs on that connection until it ends.
  for (const row of read.iterate() as Iterable<unknown[]>) {
    sum.add(rowDigest(row, plan.columns));
    batch.push(row);
    bytes += row.reduce<number>((n, v) => n + sizeOf(v), 0);
    if (batch.length >= rowsPerBatch || bytes >= MAX_BATCH_BYTES) await flush();
  }
  await flush();
  // Explicit values given to a sequence-backed column: the sequence continues after them, not at 1.
  for (const c of plan.columns) {
    if (c.sequence) await client.query(`SELECT setval($1, COALESCE((SELECT MAX(${quote(c.name)}) FROM ${quote(plan.name)}), 0) + 1, false)`, [c.sequence]);
  }
  return { count: sum.count, checksum: sum.hex() };
}

/** Reads the copied table back through a cursor (never all of it in memory) and sums it as the source was. */
export async function targetChecksum(client: pg.ClientBase, plan: TablePlan): Promise<{ count: number; checksum: string }> {
  const names = plan.columns.map((c) => quote(c.name));
  // int8 and numeric as text (normalize reads them), never rounded through a JS number; JSON as the text stored.
  const asText = new Set([20, 1700, 114, 3802]);
  const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') => (asText.has(oid) ? (v: string) => v : pg.types.getTypeParser(oid, format)) };
  const cursor = `chatshare_verify_${plan.name.replace(/\W/g, '_')}`;
  await client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${names.join(', ')} FROM ${quote(plan.name)}${plan.ordered ? ' ORDER BY rowid' : ''}`);
  const sum = new TableSum(plan.ordered);
  try {
    for (;;) {
      const { rows } = await client.query({ text: `FETCH 500 FROM ${cursor}`, rowMode: 'array', types } as pg.QueryArrayConfig);
      if (!rows.length) break;
      for (const row of rows) sum.add(rowDigest(row, plan.columns));
    }
  } finally {
    await client.query(`CLOSE ${cursor}`);
  }
  return { count: sum.count, checksum: sum.hex() };
}
