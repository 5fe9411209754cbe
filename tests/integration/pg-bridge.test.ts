// The synchronous PostgreSQL bridge (src/lib/pg/bridge.ts) answers as better-sqlite3 does, so the store modules run
// unchanged: values of SQLite's types, transactions that roll back whole, a failed statement inside one that does not
// end it (SQLite lets the caller go on), nested transactions as savepoints, SQLite's error codes, and migrations applied
// once under a lock.
import Database from 'better-sqlite3';
import pgClient from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresDatabase, synchronousCommit } from '../../src/lib/pg/bridge';
import { createDatabase, startPostgres, type TestPostgres } from '../helpers/pg';

let server: TestPostgres;
let pg: PostgresDatabase;
const sqlite = new Database(':memory:');

const SCHEMA = `CREATE TABLE item (id TEXT PRIMARY KEY, n INTEGER NOT NULL CHECK (n >= 0), note TEXT, data BLOB);
  CREATE TABLE tag (item_id TEXT NOT NULL REFERENCES item(id), name TEXT NOT NULL)`;

beforeAll(async () => {
  server = await startPostgres();
  pg = new PostgresDatabase(await createDatabase(server.url));
  pg.exec(SCHEMA.replace('BLOB', 'BYTEA'));
  sqlite.exec(SCHEMA);
});
afterAll(async () => { pg?.close(); await server?.stop(); });

/** Runs the same calls on both engines and returns both answers. */
function both<T>(work: (db: Database.Database) => T): [T, T] {
  return [work(sqlite), work(pg as unknown as Database.Database)];
}

describe('the PostgreSQL bridge answers as better-sqlite3', () => {
  it('values: numbers for counts and sums, 1/0 for conditions, Buffers for bytes, undefined for no row', () => {
    const [lite, post] = both((db) => {
      db.prepare('INSERT INTO item (id, n, note, data) VALUES (?, ?, ?, ?)').run('a', 2, 'first', Buffer.from([0, 1, 2]));
      db.prepare('INSERT INTO item (id, n, note, data) VALUES (@id, @n, @note, NULL)').run({ id: 'b', n: 3, note: null });
      return {
        count: db.prepare('SELECT COUNT(*) FROM item').pluck().get(),
        sum: db.prepare('SELECT SUM(n) AS total FROM item').get(),
        flags: db.prepare('SELECT id, note IS NOT NULL AS has_note FROM item ORDER BY id').all(),
        bytes: db.prepare('SELECT data FROM item WHERE id = ?').pluck().get('a'),
        none: db.prepare('SELECT * FROM item WHERE id = ?').get('zzz'),
        changes: db.prepare('UPDATE item SET n = n + 1 WHERE n < 10').run().changes,
        returned: db.prepare('UPDATE item SET n = n + 1 WHERE id = ? AND n < ? RETURNING n').pluck().get('a', 4),
        refused: db.prepare('UPDATE item SET n = n + 1 WHERE id = ? AND n < ? RETURNING n').pluck().get('a', 4),
      };
    });
    expect(post).toEqual(lite);
    expect(lite).toMatchObject({ count: 2, sum: { total: 5 }, flags: [{ id: 'a', has_note: 1 }, { id: 'b', has_note: 0 }], changes: 2, returned: 4, refused: undefined });
    expect(Buffer.isBuffer(post.bytes)).toBe(true);
  });

  it('a transaction that throws leaves nothing; a failed statement inside one does not end it; nested ones are savepoints', () => {
    const [lite, post] = both((db) => {
      const insert = db.prepare('INSERT INTO item (id, n) VALUES (?, ?)');
      const ids = () => db.prepare("SELECT id FROM item WHERE id >= 't' AND id < 'u' ORDER BY id").pluck().all();
      // SQLite tells a duplicate primary key from another duplicate; PostgreSQL does not (both are 23505).
      const codeOf = (err: unknown) => (err as { code: string }).code.replace('PRIMARYKEY', 'UNIQUE');
      expect(() => db.transaction(() => { insert.run('t1', 1); throw new Error('changed my mind'); })()).toThrow('changed my mind');
      const afterThrow = ids();
      const caught = db.transaction(() => {
        insert.run('t2', 1);
        let code = '';
        try { insert.run('t2', 1); } catch (err) { code = codeOf(err); }
        insert.run('t3', 1); // the transaction goes on after the duplicate
        try { db.transaction(() => { insert.run('t4', 1); insert.run('t5', -1); })(); } catch (err) { code += ` ${codeOf(err)}`; }
        return code;
      }).immediate();
      return { afterThrow, caught, ids: ids() };
    });
    expect(post).toEqual(lite);
    expect(lite).toEqual({ afterThrow: [], caught: 'SQLITE_CONSTRAINT_UNIQUE SQLITE_CONSTRAINT_CHECK', ids: ['t2', 't3'] });
  });

  it('constraint errors carry SQLite\'s codes; bad parameters are refused before they reach the database', () => {
    const codeOf = (f: () => unknown) => { try { f(); return null; } catch (err) { return (err as { code?: string }).code ?? (err as Error).name; } };
    const p = pg as unknown as Database.Database;
    expect(codeOf(() => p.prepare('INSERT INTO item (id, n) VALUES (?, ?)').run('a', 1))).toBe('SQLITE_CONSTRAINT_UNIQUE');
    expect(codeOf(() => p.prepare('INSERT INTO tag (item_id, name) VALUES (?, ?)').run('nope', 'x'))).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
    expect(codeOf(() => p.prepare('INSERT INTO item (id, n) VALUES (?, ?)').run('c', -5))).toBe('SQLITE_CONSTRAINT_CHECK');
    expect(codeOf(() => p.prepare('SELECT * FROM item WHERE id = ?').get())).toBe('RangeError');
    expect(codeOf(() => p.prepare('SELECT * FROM item WHERE id = @id').get({}))).toBe('RangeError');
    expect(codeOf(() => p.prepare('SELECT * FROM item WHERE id = ?').get('a'))).toBeNull();
  });

  it('a string with U+0000 (refused by PostgreSQL\'s text) is stored with U+FFFD instead of failing', () => {
    const p = pg as unknown as Database.Database;
    p.prepare('INSERT INTO item (id, n, note) VALUES (?, 0, ?)').run('nul', 'a\0b');
    expect(p.prepare('SELECT note FROM item WHERE id = ?').pluck().get('nul')).toBe('a\uFFFDb');
  });

  it('a transaction function may not return a promise (as better-sqlite3 refuses), and nothing of it stays', () => {
    const p = pg as unknown as Database.Database;
    expect(() => p.transaction(() => { p.prepare('INSERT INTO item (id, n) VALUES (?, 0)').run('async'); return Promise.resolve(1); })()).toThrow(/promise/);
    expect(p.prepare('SELECT COUNT(*) FROM item WHERE id = ?').pluck().get('async')).toBe(0);
    expect(pg.inTransaction).toBe(false);
  });

  it('a lost connection fails its statement as busy (503 with Retry-After upstream) and the next statement connects again', async () => {
    const p = pg as unknown as Database.Database;
    const pid = p.prepare('SELECT pg_backend_pid()').pluck().get() as number;
    const admin = new pgClient.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    await admin.end();
    await new Promise((r) => setTimeout(r, 100)); // the thread hears of the closed socket
    const codes: string[] = [];
    let answer: unknown;
    for (let i = 0; i < 3 && answer === undefined; i++) {
      try { answer = p.prepare('SELECT COUNT(*) FROM item').pluck().get(); } catch (err) { codes.push((err as { code: string }).code); }
    }
    expect(codes.every((c) => c === 'SQLITE_BUSY')).toBe(true);
    expect(codes.length).toBeLessThanOrEqual(1);
    expect(answer).toBeGreaterThan(0);
    expect(p.prepare('SELECT pg_backend_pid()').pluck().get()).not.toBe(pid);
  });

  it('a database that cannot be reached answers busy, promptly, instead of hanging or crashing', () => {
    const down = new PostgresDatabase('postgres://nobody:x@127.0.0.1:1/none');
    const started = performance.now();
    let code = '';
    try { down.prepare('SELECT 1').get(); } catch (err) { code = (err as { code: string }).code; }
    expect(code).toBe('SQLITE_BUSY');
    expect(performance.now() - started).toBeLessThan(5000);
    down.close();
  });

  it('commits without waiting for the WAL flush unless PG_SYNCHRONOUS_COMMIT says otherwise; a wrong value stops the start', () => {
    expect((pg as unknown as Database.Database).prepare('SHOW synchronous_commit').pluck().get()).toBe('off');
    expect(synchronousCommit('on')).toBe('on');
    expect(synchronousCommit(' Remote_Apply ')).toBe('remote_apply');
    expect(() => synchronousCommit('maybe')).toThrow(/PG_SYNCHRONOUS_COMMIT/);
  });
});
