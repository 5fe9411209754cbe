// The PostgreSQL dialect (issue 15): the translator's rules, every SQL text of the store modules prepared on a real
// PostgreSQL 18 with the schema of db/migrations-pg, and the compatibility functions giving SQLite's answers.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPostgres } from '../../src/lib/pg/dialect';
import { createDatabase, startPostgres, type TestPostgres } from '../helpers/pg';
import { findSql, moduleConstants, storeFiles } from '../helpers/store-sql';

const migrationsDir = path.resolve(__dirname, '../../db/migrations-pg');
let server: TestPostgres;
let client: pg.Client;

beforeAll(async () => {
  server = await startPostgres();
  client = new pg.Client({ connectionString: await createDatabase(server.url) });
  await client.connect();
  for (const f of fs.readdirSync(migrationsDir).filter((n) => /^\d{4}_.+\.sql$/.test(n)).sort()) {
    await client.query('BEGIN');
    await client.query(fs.readFileSync(path.join(migrationsDir, f), 'utf8'));
    await client.query('COMMIT');
  }
});

afterAll(async () => {
  await client?.end();
  await server?.stop();
});

/** Runs a SQLite statement, translated, on PostgreSQL with better-sqlite3's kind of parameters. */
async function pgRun(sql: string, params: unknown[] | Record<string, unknown> = []) {
  const t = toPostgres(sql);
  const values = t.names ? t.names.map((n) => (params as Record<string, unknown>)[n]) : (params as unknown[]);
  return (await client.query(t.text, values)).rows;
}

describe('translator', () => {
  it('numbers positional parameters', () => {
    expect(toPostgres('SELECT a FROM t WHERE b = ? AND c = ?')).toEqual({ text: 'SELECT a FROM t WHERE b = $1 AND c = $2', names: null, count: 2 });
  });
  it('numbers named parameters once per name, in order, whatever their prefix', () => {
    expect(toPostgres('UPDATE t SET a = @now WHERE id = :id AND (b < @now - 60 OR c = $id)'))
      .toEqual({ text: 'UPDATE t SET a = $1 WHERE id = $2 AND (b < $1 - 60 OR c = $2)', names: ['now', 'id'], count: 2 });
  });
  it('leaves literals, quoted names and comments alone', () => {
    const sql = `SELECT '?', 'it''s @x user', "user", x -- ? @y user\n /* :z user */ FROM t WHERE j = '$.a'`;
    expect(toPostgres(sql).text).toBe(sql);
    expect(toPostgres(sql).count).toBe(0);
  });
  it('quotes the user table, not user_id nor a column after a dot', () => {
    expect(toPostgres('SELECT u.user_id, x.user FROM user u JOIN `user` v ON 1 = 1').text)
      .toBe('SELECT u.user_id, x.user FROM "user" u JOIN "user" v ON 1 = 1');
  });
  it('turns INSERT OR IGNORE into ON CONFLICT DO NOTHING, before RETURNING', () => {
    expect(toPostgres('INSERT OR IGNORE INTO t (a) VALUES (?)').text).toBe('INSERT   INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING');
    expect(toPostgres('INSERT OR IGNORE INTO t (a) VALUES (?) RETURNING a').text).toBe('INSERT   INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING RETURNING a');
    expect(() => toPostgres('INSERT OR REPLACE INTO t (a) VALUES (?)')).toThrow(/OR REPLACE/);
    expect(() => toPostgres('REPLACE INTO t (a) VALUES (?)')).toThrow(/REPLACE/);
  });
  it('makes IS / IS NOT between values null-safe equality, and keeps IS NULL', () => {
    expect(toPostgres('SELECT 1 WHERE a IS ? AND b IS NOT ? AND c IS NULL AND d IS NOT NULL AND e IS NOT excluded.e').text)
      .toBe('SELECT 1 WHERE a IS NOT DISTINCT FROM $1 AND b IS DISTINCT FROM  $2 AND c IS NULL AND d IS NOT NULL AND e IS DISTINCT FROM  excluded.e');
  });
  it('types a parameter only tested for NULL', () => {
    expect(toPostgres('SELECT 1 WHERE @a IS NULL OR x = @a OR @b IS NOT NULL').text).toBe('SELECT 1 WHERE $1::text IS NULL OR x = $1 OR $2::text IS NOT NULL');
  });
  it('gives LIKE patterns the nocase collation', () => {
    expect(toPostgres("SELECT 1 WHERE a LIKE ? ESCAPE '\\' OR b NOT LIKE 'x%'").text)
      .toBe("SELECT 1 WHERE a LIKE $1 COLLATE nocase ESCAPE '\\' OR b NOT LIKE 'x%' COLLATE nocase");
  });
  it('rewrites two-argument MAX/MIN, CAST AS BLOB, json_each, INDEXED BY and LIMIT -1; refuses PRAGMA', () => {
    expect(toPostgres('SELECT MAX(a, MIN(b, 1)), MAX(c) FROM t INDEXED BY i LIMIT -1').text).toBe('SELECT GREATEST(a, LEAST(b, 1)), MAX(c) FROM t    LIMIT ALL');
    expect(toPostgres('SELECT CAST(chat AS BLOB), CAST(x AS TEXT) FROM t').text).toBe("SELECT convert_to(chat , 'UTF8'), CAST(x AS TEXT) FROM t");
    expect(toPostgres('SELECT value FROM json_each(?)').text).toBe('SELECT value FROM sqlite_json_each($1)');
    expect(() => toPostgres('PRAGMA data_version')).toThrow(/PRAGMA/);
  });
});

// ---- every statement of the store modules ----

const files = storeFiles().filter((f) => f !== 'src/lib/db.ts');
const globals = moduleConstants([...files, 'src/lib/shares/stats/tally.ts']);
const g = globals as Record<string, string> & { SETTING_COLUMNS: string[] };
const TAGS_META = g.TAGS.replaceAll('c.meta', 'meta');
const STATUS_SQL = g.STATUS_SQL;
const shareWhere = [`s.user_id = @user AND s.title LIKE @like ESCAPE '\\' AND s.created_at >= @start AND s.created_at <= @end AND s.is_public = @pub
  AND s.password_hash IS NOT NULL AND (${STATUS_SQL}) = @status AND s.kind = @type`, 'TRUE'];
const titleWhere = `c.user_id = @user AND c.pinned = @pinned AND c.archived = @archived
  AND NOT EXISTS (SELECT 1 FROM share s WHERE s.chat_id = c.id AND ${g.WORKING_LINK})
  AND EXISTS (SELECT 1 FROM json_each(${g.TAGS}) t WHERE t.value = @tag)
  AND (c.title LIKE @w0 ESCAPE '\\' OR EXISTS (SELECT 1 FROM json_each(c.chat, '$.history.messages') m
    WHERE json_type(m.value, '$.content') = 'text' AND json_extract(m.value, '$.content') LIKE @w0 ESCAPE '\\'))`;
const setCols = g.SETTING_COLUMNS.map((c) => c === 'max_views' ? 'max_views = CASE WHEN @max_views > 0 AND @max_views < views THEN views + 1 ELSE @max_views END'
  : c === 'max_clones' ? 'max_clones = CASE WHEN @max_clones > 0 AND @max_clones < clones THEN clones + 1 ELSE @max_clones END' : `${c} = @${c}`);

/**
 * The locals of each dynamic statement (a function's filters, columns, sort), as the function builds them: every
 * combination listed is prepared. Keyed by file and a piece of the template's source.
 */
const LOCALS: Array<{ file: string; has: string; scopes: Record<string, unknown>[] }> = [
  { file: 'src/lib/chats/library-store.ts', has: '${where.join', scopes: [{ where: [titleWhere] }] },
  { file: 'src/lib/chats/library-store.ts', has: '${flag}', scopes: [{ flag: 'pinned' }, { flag: 'archived' }] },
  { file: 'src/lib/chats/library-store.ts', has: '${ids ?', scopes: [{ ids: ['a'] }, { ids: undefined }] },
  { file: 'src/lib/chats/library-store.ts', has: '${tags}', scopes: [{ tags: TAGS_META }] },
  { file: 'src/lib/chats/store.ts', has: '${q ?', scopes: [{ q: 'x', opts: { tag: 't' } }, { q: '', opts: {} }] },
  { file: 'src/lib/imports/progress-store.ts', has: '${cols}', scopes: [{ cols: 'state, received, received_bytes, total_bytes, files_done, chats_total, chats_imported, chats_skipped, chats_rejected, started_at, queued_at' }] },
  { file: 'src/lib/reports/store.ts', has: '${where}', scopes: [{ where: "WHERE r.status = 'open'" }, { where: '' }] },
  { file: 'src/lib/shares/audience/grants-store.ts', has: '${where}', scopes: [{}] },
  { file: 'src/lib/shares/stats/store.ts', has: '${t}', scopes: ['share_view_day', 'share_preview_day', 'share_referrer_day'].map((t) => ({ t })) },
  { file: 'src/lib/shares/store.ts', has: '${cols.join', scopes: [{ cols: ['chat_id', 'user_id', 'created_at', 'updated_at', 'snapshot_rev', 'snapshot_title', 'snapshot_summary', ...g.SETTING_COLUMNS] }] },
  { file: 'src/lib/shares/store.ts', has: '${[...set', scopes: [{ set: setCols }] },
  { file: 'src/lib/shares/store.ts', has: '${setPart}', scopes: [{ setPart: '' }, { setPart: ', part_first = @part_first, part_last = @part_last, all_branches = @all_branches' }] },
  { file: 'src/lib/shares/store.ts', has: '${snap}', scopes: [{ snap: '' }, { snap: ', snapshot_rev = MAX(snapshot_rev, @rev), snapshot_title = @title, snapshot_summary = @summary' }] },
  { file: 'src/lib/shares/store.ts', has: '${guard}', scopes: [g.REVOKE_SET, g.RESTORE_SET, g.RESET_SET].flatMap((set) => [{ set, guard: '' }, { set, guard: ' AND moderated_by IS NULL' }]) },
  { file: 'src/lib/shares/store.ts', has: '${ownerCols}', scopes: shareWhere.flatMap((where) => [
    { where, ownerCols: '', ownerJoin: '', order: 's.title COLLATE NOCASE ASC, s.chat_id ASC' },
    { where, ownerCols: ', u.name AS owner_name, u.email AS owner_email', ownerJoin: ' JOIN user u ON u.id = s.user_id', order: `(${STATUS_SQL}) DESC, s.chat_id DESC` }]) },
  { file: 'src/lib/shares/store.ts', has: 'WHERE ${where}`', scopes: shareWhere.map((where) => ({ where })) },
  { file: 'src/lib/shares/store.ts', has: '${whereOf', scopes: shareWhere.map((where) => ({ whereOf: () => where, userId: null, f: {} })) },
  { file: 'src/lib/users/store.ts', has: '${w}', scopes: ["WHERE (name LIKE @like ESCAPE '\\' OR email LIKE @like ESCAPE '\\') AND role = @role", ''].flatMap((w) => [
    { w, USER_ORDER: { name: 'name COLLATE NOCASE' }, opts: { order: 'name' }, dir: 'ASC' },
    { w, USER_ORDER: { last_active_at: 'COALESCE(last_active_at, 0)' }, opts: { order: 'last_active_at' }, dir: 'DESC' }]) },
];

function allStatements(): Array<{ where: string; sql: string }> {
  const out: Array<{ where: string; sql: string }> = [];
  const uncovered: string[] = [];
  for (const file of files) {
    const fileScope = moduleConstants([file], true, globals);
    const seen = new Set<string>();
    for (const found of findSql([file], () => fileScope)) {
      const where = `${found.file}:${found.line}`;
      if (found.sql !== null) { out.push({ where, sql: found.sql }); continue; }
      const locals = LOCALS.find((l) => l.file === file && found.source.includes(l.has));
      if (!locals) { uncovered.push(`${where} (${found.missing})`); continue; }
      seen.add(locals.has);
      for (const scope of locals.scopes) {
        const [again] = findSql([file], (_f, source) => (source === found.source ? { ...fileScope, ...scope } : {})).filter((x) => x.source === found.source && x.line === found.line);
        if (again?.sql == null) uncovered.push(`${where} (${again?.missing ?? 'not found again'})`);
        else out.push({ where, sql: again.sql });
      }
    }
  }
  if (uncovered.length) throw new Error(`Dynamic statements without locals in LOCALS (add them):\n${uncovered.join('\n')}`);
  return out;
}

describe('every store statement on PostgreSQL', () => {
  it('translates and prepares (PREPARE type-checks without running)', async () => {
    const statements = allStatements();
    // lucia's adapter (@lucia-auth/adapter-sqlite) writes these, with backticks.
    statements.push(
      { where: 'lucia', sql: 'SELECT `session`.`id`, `session`.`user_id`, `session`.`expires_at`, `user`.`id` FROM `session` INNER JOIN `user` ON `user`.`id` = `session`.`user_id` WHERE `session`.`id` = ?' },
      { where: 'lucia', sql: 'INSERT INTO `session` (id, user_id, expires_at) VALUES (?, ?, ?)' },
      { where: 'lucia', sql: 'UPDATE `session` SET expires_at = ? WHERE id = ?' },
      { where: 'lucia', sql: 'DELETE FROM `session` WHERE expires_at <= ?' },
    );
    const failures: string[] = [];
    let prepared = 0;
    for (const { where, sql } of statements) {
      if (/^\s*PRAGMA/i.test(sql)) continue; // the bridge answers pragmas itself (the translator refuses them)
      let text: string;
      try {
        text = toPostgres(sql).text;
      } catch (err) {
        failures.push(`${where}: does not translate: ${(err as Error).message}`);
        continue;
      }
      try {
        await client.query(`PREPARE p AS ${text}`);
        await client.query('DEALLOCATE p');
        prepared++;
      } catch (err) {
        failures.push(`${where}: ${(err as Error).message}\n  SQLite: ${sql.replace(/\s+/g, ' ')}\n  PostgreSQL: ${text.replace(/\s+/g, ' ')}`);
      }
    }
    console.log(`pg-dialect: ${prepared} of ${statements.length} store statements prepared on PostgreSQL`);
    expect(failures, failures.join('\n\n')).toEqual([]);
    expect(prepared).toBeGreaterThan(200);
  });
});

// ---- the same statements give SQLite's answers ----

describe('SQLite behaviour on PostgreSQL', () => {
  const lite = new Database(':memory:');
  const both = async (sql: string, params: unknown[] | Record<string, unknown> = []) => ({
    sqlite: lite.prepare(sql).all(params as never),
    postgres: await pgRun(sql, params),
  });

  const docs = [
    '{"b":1,"tags":["x","y"],"a":{"k":[1,2]}}',
    '{"tags":"not an array"}',
    '{"history":{"messages":{"m1":{"content":"Hello World"},"m2":{"content":["parts"]},"m3":{"role":"user"}}}}',
    '[]', '{}', 'not json',
  ];

  it('json_each (one and two arguments), json_type, json_extract, json_valid', async () => {
    for (const doc of docs) {
      const valid = await both('SELECT CASE WHEN json_valid(?) THEN 1 ELSE 0 END AS v', [doc]);
      expect(valid.postgres, doc).toEqual(valid.sqlite);
      if (!valid.sqlite[0] || (valid.sqlite[0] as { v: number }).v === 0) continue;
      for (const p of ['$', '$.tags', '$.history.messages', '$.a.k', '$.missing']) {
        const each = await both('SELECT key, value, type, fullkey, path FROM json_each(?, ?)', [doc, p]);
        // SQLite answers numbers (an array's keys, number values) as numbers; these functions as text.
        const asText = (v: unknown) => (typeof v === 'number' ? String(v) : v);
        expect(each.postgres, `${doc} ${p}`).toEqual(each.sqlite.map((r) => {
          const row = r as Record<string, unknown>;
          return { ...row, key: asText(row.key), value: asText(row.value) };
        }));
        const one = await both('SELECT json_type(?, ?) AS t, json_extract(?, ?) AS x', [doc, p, doc, p]);
        const lt = one.sqlite[0] as { t: string | null; x: unknown };
        expect(one.postgres[0], `${doc} ${p}`).toEqual({ t: lt.t, x: lt.x === null ? null : String(lt.x) });
      }
    }
    const top = await both("SELECT value FROM json_each('[\"a\",\"b\"]')");
    expect(top.postgres).toEqual(top.sqlite);
  });

  it("the library's tag statements: json_set with json_insert, json() of json_group_array", async () => {
    lite.exec("CREATE TABLE IF NOT EXISTS m (id TEXT, meta TEXT)");
    await client.query('CREATE TEMP TABLE m (id TEXT, meta TEXT)');
    const tags = "CASE WHEN json_valid(meta) AND json_type(meta, '$.tags') = 'array' THEN json_extract(meta, '$.tags') END";
    const add = `UPDATE m SET meta = json_set(CASE WHEN json_valid(meta) THEN meta ELSE '{}' END, '$.tags', json_insert(COALESCE(${tags}, '[]'), '$[#]', @tag))
      WHERE id = @id AND NOT EXISTS (SELECT 1 FROM json_each(${tags}) WHERE value = @tag)`;
    const remove = `UPDATE m SET meta = json_set(meta, '$.tags', json((SELECT json_group_array(value) FROM json_each(${tags}) WHERE value <> @tag)))
      WHERE id = @id AND EXISTS (SELECT 1 FROM json_each(${tags}) WHERE value = @tag)`;
    const rows = [['1', '{"z":0,"tags":["x"],"a":1}'], ['2', '{}'], ['3', 'broken'], ['4', '{"tags":"text"}']];
    for (const [id, meta] of rows) {
      lite.prepare('INSERT INTO m VALUES (?, ?)').run(id, meta);
      await client.query('INSERT INTO m VALUES ($1, $2)', [id, meta]);
    }
    for (const [sql, tag] of [[add, 'y'], [add, 'y'], [add, 'z z'], [remove, 'x'], [remove, 'y'], [remove, 'z z']]) {
      for (const [id] of rows) {
        lite.prepare(sql).run({ id, tag });
        await pgRun(sql, { id, tag });
      }
      const after = await both('SELECT id, meta FROM m ORDER BY id');
      expect(after.postgres, `${sql.slice(0, 40)} ${tag}`).toEqual(after.sqlite);
    }
  });

  it("removing a tag keeps the others as an array (the library's own statement, on SQLite and PostgreSQL)", async () => {
    const found = allStatements().find((x) => x.where.startsWith('src/lib/chats/library-store.ts') && x.sql.includes('json_group_array'));
    const sql = found!.sql.replaceAll(' chat ', ' c2 ').replace('UPDATE chat SET', 'UPDATE c2 SET');
    lite.exec("CREATE TABLE c2 (id TEXT, user_id TEXT, meta TEXT); INSERT INTO c2 VALUES ('c', 'u', '{\"tags\":[\"x\",\"y\"]}')");
    await client.query(`CREATE TEMP TABLE c2 (id TEXT, user_id TEXT, meta TEXT); INSERT INTO c2 VALUES ('c', 'u', '{"tags":["x","y"]}')`);
    lite.prepare(sql).run({ chat: 'c', user: 'u', tag: 'x' });
    await pgRun(sql, { chat: 'c', user: 'u', tag: 'x' });
    expect(lite.prepare('SELECT meta FROM c2').get()).toEqual({ meta: '{"tags":["y"]}' });
    expect(await pgRun('SELECT meta FROM c2')).toEqual([{ meta: '{"tags":["y"]}' }]);
  });

  it('nocase: equality, uniqueness and order of the email and name columns; LIKE ignores case', async () => {
    await client.query(`INSERT INTO "user" (id, email, name, role, password_hash, created_at, updated_at) VALUES
      ('u1', 'Ann@Example.org', 'bob', 'user', 'h', 1, 1), ('u2', 'carl@example.org', 'Alice', 'user', 'h', 1, 1)`);
    expect(await pgRun('SELECT id FROM user WHERE email = ?', ['ann@EXAMPLE.org'])).toEqual([{ id: 'u1' }]);
    await expect(pgRun("INSERT INTO user (id, email, name, role, password_hash, created_at, updated_at) VALUES ('u3', 'ANN@example.org', 'x', 'user', 'h', 1, 1)"))
      .rejects.toThrow(/duplicate key/);
    expect(await pgRun('SELECT name FROM user ORDER BY name COLLATE NOCASE')).toEqual([{ name: 'Alice' }, { name: 'bob' }]);
    expect(await pgRun('SELECT name FROM user ORDER BY name')).toEqual([{ name: 'Alice' }, { name: 'bob' }]);
    expect(await pgRun('SELECT id FROM user WHERE name = ? COLLATE NOCASE', ['ALICE'])).toEqual([{ id: 'u2' }]);
    // Byte order elsewhere, as SQLite's BINARY: 'B' before 'a'.
    expect(await pgRun("SELECT x FROM (VALUES ('a'), ('B')) v(x) ORDER BY x")).toEqual([{ x: 'B' }, { x: 'a' }]);
    const like = "SELECT id FROM user WHERE (name LIKE @q ESCAPE '\\' OR email LIKE @q ESCAPE '\\') ORDER BY id";
    for (const q of ['%ALI%', '%ann@%', 'b_b', '%\\_%', '%EXAMPLE%']) {
      lite.exec('CREATE TABLE IF NOT EXISTS user (id TEXT, email TEXT COLLATE NOCASE, name TEXT)');
      if (!lite.prepare('SELECT 1 FROM user').get()) lite.exec("INSERT INTO user VALUES ('u1', 'Ann@Example.org', 'bob'), ('u2', 'carl@example.org', 'Alice')");
      const r = await both(like, { q });
      expect(r.postgres, q).toEqual(r.sqlite);
    }
  });

  it('INSERT OR IGNORE skips a duplicate and answers 0 changes; IS ? matches NULL', async () => {
    await pgRun('INSERT OR IGNORE INTO setting (key, value) VALUES (?, ?)', ['k', '1']);
    const again = await client.query(toPostgres('INSERT OR IGNORE INTO setting (key, value) VALUES (?, ?)').text, ['k', '2']);
    expect(again.rowCount).toBe(0);
    expect(await pgRun('SELECT value FROM setting WHERE key = ?', ['k'])).toEqual([{ value: '1' }]);
    expect(await pgRun('SELECT key FROM setting WHERE ? IS NULL AND key IS NOT ?', [null, null])).toEqual([{ key: 'k' }]);
    expect(await pgRun("SELECT MAX(1, ?) AS a, MIN(?, 5) AS b, CAST('é\\' AS BLOB) AS c", [3, 4])).toEqual([{ a: 3, b: 4, c: Buffer.from('é\\') }]);
  });
});
