// PostgreSQL behind the same synchronous calls the store modules make on better-sqlite3 (prepare().get/all/run/pluck,
// transaction(fn), .immediate()): a pg client lives on a thread of its own and the calling thread waits for each answer
// with Atomics.wait. Why synchronous: the store code, its transactions and every guarded counter were written and tested
// against SQLite's semantics (a transaction's statements run with nothing of this process interleaved), and they keep
// them unchanged; a statement's round trip on loopback costs tens of microseconds, the same order as SQLite's own reads
// from the page cache. What it costs: while a statement runs, this process's event loop waits, as it does on SQLite; a
// statement that takes long is cut by statement_timeout (STATEMENT_TIMEOUT_MS), never left to stall the node.
//
// Transactions across nodes behave as SQLite's writer lock does: every multi-statement transaction takes one
// PostgreSQL advisory lock (transaction-scoped) first, so two of them never interleave, on any node; single statements
// run on their own (each is atomic, and every counter is one guarded UPDATE … RETURNING).
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { toPostgres } from './dialect';

/** A statement running longer than this is cancelled by PostgreSQL (the caller gets an error, the node stays up). */
export const STATEMENT_TIMEOUT_MS = 30_000;
/**
 * PostgreSQL's synchronous_commit for chatshare's connections (PG_SYNCHRONOUS_COMMIT). `off` by default: a commit
 * returns before its WAL reaches the disk (PostgreSQL's WAL writer flushes within 3 × wal_writer_delay, 600 ms by
 * default), as SQLite in WAL mode with synchronous=NORMAL (chatshare's setting) returns before an fsync. Each counted
 * view is a commit; waiting for a flush at each one held every request of the node (the request thread waits on its
 * statements): measured in npm run bench, p99 712 ms with it on. What `off` risks: a crash of PostgreSQL itself (or of
 * its machine) can lose the last fraction of a second of commits, never half of one, as SQLite may on a power cut.
 * `on` (or `remote_apply` with a synchronous replica) waits for the flush at every commit.
 */
export function synchronousCommit(raw = process.env.PG_SYNCHRONOUS_COMMIT): string {
  const value = (raw ?? '').trim().toLowerCase() || 'off';
  if (!['on', 'off', 'local', 'remote_write', 'remote_apply'].includes(value)) {
    throw new Error(`chatshare: PG_SYNCHRONOUS_COMMIT must be on, off, local, remote_write or remote_apply (it is "${raw}").`);
  }
  return value;
}

/** The key of the advisory lock every multi-statement transaction holds (any constant; "chatshare" in ASCII). */
export const WRITER_LOCK_KEY = 0x63686174;

type Row = Record<string, unknown>;
interface Answer { seq?: number; rows?: unknown[][]; fields?: string[]; rowCount?: number; error?: { message: string; code?: string; detail?: string } }

/** The thread's code: one pg client, statements prepared once by name, each answered in order. */
const THREAD = String.raw`
const { workerData } = require('node:worker_threads');
const pg = require(workerData.pg);
const { port, signal, url, timeoutMs, synchronousCommit } = workerData;
// Counts and sums come back as numbers, as SQLite gives them (int8 and numeric would be strings).
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
// Booleans (x IS NOT NULL AS has_password) as SQLite's 1/0; JSON (json_group_array, json_set) as its text, as SQLite.
pg.types.setTypeParser(16, (v) => (v === 't' ? 1 : 0));
pg.types.setTypeParser(114, (v) => v);
// One connection, made on first use and made again after it is lost (PostgreSQL restarted, a failover, a network cut):
// the statement that met the loss fails (as busy: the caller answers 503 with Retry-After), the next one reconnects.
let client = null;
let connecting = null;
function connect() {
  const c = new pg.Client({ connectionString: url, statement_timeout: timeoutMs, application_name: 'chatshare', options: '-c synchronous_commit=' + synchronousCommit });
  c.on('error', () => { if (client === c) client = null; });
  connecting = c.connect().then(() => { client = c; connecting = null; return c; }, (err) => { connecting = null; throw err; });
  return connecting;
}
// 53300: too many connections (every slot taken): refused like a server that is down, and tried again the same way.
const LOST = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', '53300', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
const lost = (err) => !!err && (LOST.has(err.code) || /Connection terminated|not queryable|Client was closed/i.test(String(err.message)));
let seq = 0; // the request being answered: every answer names it, so the caller never takes one for another
const reply = (answer) => { answer.seq = seq; port.postMessage(answer); Atomics.store(signal, 0, 1); Atomics.notify(signal, 0); };
const failure = (err) => ({ error: { message: String(err && err.message || err), code: lost(err) ? 'CONNECTION_LOST' : err && err.code, detail: err && err.detail } });
const buffers = (values) => values.map((v) => (v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v));
async function run(m) {
  if (m.op === 'exec') { await client.query(m.text); return {}; }
  const q = { text: m.text, values: buffers(m.values), rowMode: 'array' };
  if (m.name) q.name = m.name;
  if (!m.guard) { const r = await client.query(q); return { rows: r.rows, fields: r.fields.map((f) => f.name), rowCount: r.rowCount }; }
  // Inside a transaction a failed statement must not abort the whole transaction (SQLite lets the caller go on).
  await client.query('SAVEPOINT chatshare_statement');
  try {
    const r = await client.query(q);
    await client.query('RELEASE SAVEPOINT chatshare_statement');
    return { rows: r.rows, fields: r.fields.map((f) => f.name), rowCount: r.rowCount };
  } catch (err) {
    await client.query('ROLLBACK TO SAVEPOINT chatshare_statement');
    await client.query('RELEASE SAVEPOINT chatshare_statement');
    throw err;
  }
}
port.on('message', async (m) => {
  seq = m.seq;
  if (m.op === 'close') { if (client) await client.end().catch(() => {}); reply({}); port.close(); return; }
  try {
    if (!client) await (connecting || connect());
    reply(await run(m));
  } catch (err) {
    if (lost(err) && client) { client.end().catch(() => {}); client = null; }
    reply(failure(err));
  }
});
`;

/** SQLite's error codes for PostgreSQL's, so callers that tell a constraint or a busy database apart keep working. */
const SQLITE_CODE: Record<string, string> = {
  '23505': 'SQLITE_CONSTRAINT_UNIQUE',
  '23503': 'SQLITE_CONSTRAINT_FOREIGNKEY',
  '23514': 'SQLITE_CONSTRAINT_CHECK',
  '23502': 'SQLITE_CONSTRAINT_NOTNULL',
  '40001': 'SQLITE_BUSY', // serialization failure: try again, as after SQLITE_BUSY
  '40P01': 'SQLITE_BUSY', // deadlock detected: one side gave up; trying again succeeds
  '55P03': 'SQLITE_BUSY', // lock not available
  '57014': 'SQLITE_INTERRUPT', // statement_timeout
  // The connection was lost (PostgreSQL restarting, a failover): answered as busy, 503 with Retry-After; the next
  // statement connects again.
  CONNECTION_LOST: 'SQLITE_BUSY',
};

export class PostgresError extends Error {
  constructor(message: string, readonly code: string, readonly pgCode: string | undefined) { super(message); }
}

export interface RunResult { changes: number; lastInsertRowid: number }

/** One connection to PostgreSQL answering synchronously. */
class Connection {
  private readonly port: MessagePort;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private readonly worker: Worker;
  private seq = 0;
  open = true;

  constructor(url: string) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const pg = createRequire(import.meta.url).resolve('pg');
    this.worker = new Worker(THREAD, {
      eval: true,
      workerData: { pg, port: port2, signal: this.signal, url, timeoutMs: STATEMENT_TIMEOUT_MS, synchronousCommit: synchronousCommit() },
      transferList: [port2],
    });
    this.worker.unref();
    this.worker.on('error', (err) => console.error('chatshare: the PostgreSQL connection thread failed', err));
  }

  call(message: Record<string, unknown>): Answer {
    if (!this.open) throw new PostgresError('The database connection is closed.', 'SQLITE_MISUSE', undefined);
    const seq = ++this.seq;
    Atomics.store(this.signal, 0, 0);
    this.port.postMessage({ ...message, seq });
    // The thread answers every message (errors included); the wait is bounded past the statement timeout so a lost
    // thread surfaces as an error, not a hung process. An answer to another request (none is expected) is dropped.
    const deadline = performance.now() + STATEMENT_TIMEOUT_MS + 10_000;
    let answer: Answer | undefined;
    for (;;) {
      const got = receiveMessageOnPort(this.port)?.message as Answer | undefined;
      if (got?.seq === seq) { answer = got; break; }
      if (got) continue;
      const left = deadline - performance.now();
      if (left <= 0 || Atomics.wait(this.signal, 0, 0, left) === 'timed-out') {
        this.open = false;
        void this.worker.terminate();
        throw new PostgresError('PostgreSQL did not answer in time; the connection was dropped.', 'SQLITE_IOERR', undefined);
      }
      Atomics.store(this.signal, 0, 0); // before looking again: an answer posted from here on wakes the next wait
    }
    if (answer.error) {
      const { message: text, code, detail } = answer.error;
      throw new PostgresError(detail ? `${text} (${detail})` : text, (code && SQLITE_CODE[code]) ?? 'SQLITE_ERROR', code);
    }
    return answer;
  }

  close(): void {
    if (!this.open) return;
    try { this.call({ op: 'close' }); } finally { this.open = false; void this.worker.terminate(); }
  }
}

const toBuffer = (v: unknown): unknown => (v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v);

/**
 * better-sqlite3 binds numbers, strings, null, Buffers and bigints; booleans become 0/1 here so flags stay integers.
 * PostgreSQL's text cannot hold U+0000, which SQLite stores (a title pasted with one, a throttle key joined with \0): it
 * is bound as U+FFFD, so such a value is kept (changed in that one character) instead of failing the request.
 */
const bindable = (v: unknown): unknown =>
  typeof v === 'string' ? (v.includes('\0') ? v.replaceAll('\0', '\uFFFD') : v)
    : typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'bigint' ? Number(v) : v === undefined ? null : v;

/** A prepared statement with better-sqlite3's calling conventions: positional values or one object of named ones. */
export class Statement {
  private plucked = false;
  private readonly text: string;
  private readonly names: string[] | null;
  private readonly count: number;
  readonly reader: boolean;

  constructor(private readonly db: PostgresDatabase, readonly source: string, private readonly name: string) {
    const t = toPostgres(source);
    this.text = t.text;
    this.names = t.names;
    this.count = t.count;
    this.reader = /^\s*(SELECT|WITH|VALUES)\b/i.test(source) || /\bRETURNING\b/i.test(source);
  }

  pluck(on = true): this { this.plucked = on; return this; }

  private values(args: unknown[]): unknown[] {
    if (this.names) {
      const bag = (args.length === 1 && args[0] !== null && typeof args[0] === 'object' && !Buffer.isBuffer(args[0]) ? args[0] : {}) as Record<string, unknown>;
      return this.names.map((n) => {
        if (!Object.hasOwn(bag, n)) throw new RangeError(`Missing named parameter "${n}"`);
        return bindable(bag[n]);
      });
    }
    // An object of named values for a statement that takes none (a filter that came out empty): as better-sqlite3, none bound.
    if (this.count === 0 && args.length === 1 && args[0] !== null && typeof args[0] === 'object' && !Array.isArray(args[0]) && !Buffer.isBuffer(args[0])) return [];
    const flat = args.flat().map(bindable);
    if (flat.length !== this.count) throw new RangeError(`Too ${flat.length < this.count ? 'few' : 'many'} parameter values were provided`);
    return flat;
  }

  private query(args: unknown[]): Answer {
    return this.db.query(this.name, this.text, this.values(args));
  }

  private rowsOf(a: Answer): unknown[] {
    const rows = a.rows ?? [];
    if (this.plucked) return rows.map((r) => toBuffer(r[0]));
    const fields = a.fields ?? [];
    return rows.map((r) => {
      const o: Row = {};
      // The rowid column PostgreSQL's tables have only to be ordered by, as SQLite's (hidden) rowid: never in a row.
      for (let i = 0; i < fields.length; i++) if (fields[i] !== 'rowid') o[fields[i]!] = toBuffer(r[i]);
      return o;
    });
  }

  get(...args: unknown[]): unknown {
    return this.rowsOf(this.query(args))[0];
  }

  all(...args: unknown[]): unknown[] {
    return this.rowsOf(this.query(args));
  }

  run(...args: unknown[]): RunResult {
    const a = this.query(args);
    return { changes: a.rowCount ?? 0, lastInsertRowid: 0 };
  }
}

/** A pragma SQLite needs and PostgreSQL does not: prepared like any statement, it does nothing. */
class NoopStatement {
  pluck(): this { return this; }
  get(): undefined { return undefined; }
  all(): unknown[] { return []; }
  run(): RunResult { return { changes: 0, lastInsertRowid: 0 }; }
}

type TransactionFn<A extends unknown[], T> = ((...args: A) => T) & { immediate: (...args: A) => T; deferred: (...args: A) => T; exclusive: (...args: A) => T };

/** The subset of better-sqlite3's Database the code uses, over one PostgreSQL connection. */
export class PostgresDatabase {
  readonly dialect = 'postgres' as const;
  private readonly conn: Connection;
  private readonly names = new Map<string, string>();
  private depth = 0;

  constructor(readonly url: string) {
    this.conn = new Connection(url);
  }

  get open(): boolean { return this.conn.open; }
  get inTransaction(): boolean { return this.depth > 0; }

  /** Runs one statement; inside a transaction a failure rolls back that statement only, as in SQLite. */
  query(name: string, text: string, values: unknown[]): Answer {
    return this.conn.call({ op: 'query', name, text, values, guard: this.depth > 0 });
  }

  prepare(source: string): Statement | NoopStatement {
    // SQLite's busy_timeout and the like (writeWithoutBusySleep toggles it): nothing to set here.
    if (/^\s*PRAGMA\s+(?!data_version\s*$)/i.test(source)) return new NoopStatement();
    // SQLite's data_version tells a cached reader that another connection committed; the settings cache asks it. Here
    // it is a digest of the setting table itself, which moves exactly when a setting does, on whichever node.
    if (/^\s*PRAGMA\s+data_version\s*$/i.test(source)) {
      source = "SELECT md5(COALESCE(string_agg(key || '=' || value, ',' ORDER BY key), '')) FROM setting";
    }
    let name = this.names.get(source);
    if (!name) this.names.set(source, (name = `s${this.names.size + 1}`));
    return new Statement(this, source, name);
  }

  /** Statements without parameters, run as one script (migrations). */
  exec(sql: string): this {
    this.conn.call({ op: 'exec', text: sql });
    return this;
  }

  /** SQLite's pragmas have no meaning here (WAL, checkpoints, busy waits, foreign keys are always on): none runs. */
  pragma(_source: string): unknown[] {
    return [];
  }

  transaction<A extends unknown[], T>(work: (...args: A) => T): TransactionFn<A, T> {
    const run = (...args: A): T => {
      const outer = this.depth === 0;
      if (outer) {
        this.conn.call({ op: 'exec', text: `BEGIN; SELECT pg_advisory_xact_lock(${WRITER_LOCK_KEY})` });
      } else {
        this.conn.call({ op: 'exec', text: `SAVEPOINT chatshare_${this.depth}` });
      }
      this.depth++;
      let result: T;
      try {
        result = work(...args);
        if (result && typeof (result as { then?: unknown }).then === 'function') throw new TypeError('Transaction function cannot return a promise');
      } catch (err) {
        this.depth--;
        try {
          this.conn.call({ op: 'exec', text: outer ? 'ROLLBACK' : `ROLLBACK TO SAVEPOINT chatshare_${this.depth}; RELEASE SAVEPOINT chatshare_${this.depth}` });
        } catch { /* the connection is gone: PostgreSQL rolls the transaction back itself */ }
        throw err;
      }
      this.depth--;
      this.conn.call({ op: 'exec', text: outer ? 'COMMIT' : `RELEASE SAVEPOINT chatshare_${this.depth}` });
      return result;
    };
    return Object.assign(run, { immediate: run, deferred: run, exclusive: run });
  }

  close(): void {
    this.conn.close();
  }
}
