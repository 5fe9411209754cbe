// SQLite SQL as the store modules write it, translated mechanically to PostgreSQL at prepare time, so every statement
// stays one text in the code base. What PostgreSQL lacks of SQLite's functions (json_*, the nocase collation) is defined
// in the database (db/migrations-pg/0000_sqlite_compat.sql); this file only rewrites what no function can give:
// parameters, quoting, INSERT OR IGNORE, null-safe IS, LIKE's case rule, MAX/MIN of two values, CAST AS BLOB, INDEXED BY.
// Pure: the caller (the bridge) caches the answer per text.

export interface Translated {
  /** The PostgreSQL text, parameters numbered $1…$n. */
  text: string;
  /** For named parameters (@x, :x, $x), the name each number binds, in order; null for positional (?) ones. */
  names: string[] | null;
  /** How many parameters the text takes. */
  count: number;
}

type Kind = 'ws' | 'comment' | 'string' | 'qident' | 'word' | 'num' | 'param' | 'punct';
interface Token { kind: Kind; text: string }

const isWordStart = (c: string) => /[A-Za-z_\u0080-\uFFFF]/.test(c);
const isWordChar = (c: string) => /[A-Za-z0-9_$\u0080-\uFFFF]/.test(c);

function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    const start = i;
    if (/\s/.test(c)) {
      while (i < n && /\s/.test(sql[i])) i++;
      out.push({ kind: 'ws', text: sql.slice(start, i) });
    } else if (c === '-' && sql[i + 1] === '-') {
      while (i < n && sql[i] !== '\n') i++;
      out.push({ kind: 'comment', text: sql.slice(start, i) });
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      out.push({ kind: 'comment', text: sql.slice(start, i) });
    } else if (c === "'" || c === '"' || c === '`') {
      // '' (or "" / ``) inside is the quote itself.
      i++;
      for (;;) {
        if (i >= n) throw new Error(`Unterminated ${c} quote in SQL: ${sql}`);
        if (sql[i] === c) {
          if (sql[i + 1] === c) { i += 2; continue; }
          i++;
          break;
        }
        i++;
      }
      const text = sql.slice(start, i);
      if (c === "'") out.push({ kind: 'string', text });
      // A backtick-quoted identifier (lucia's adapter writes them) is a double-quoted one in PostgreSQL.
      else if (c === '`') out.push({ kind: 'qident', text: `"${text.slice(1, -1).replaceAll('``', '`').replaceAll('"', '""')}"` });
      else out.push({ kind: 'qident', text });
    } else if (c === '[') {
      // SQLite's [identifier] quoting.
      const end = sql.indexOf(']', i);
      if (end < 0) throw new Error(`Unterminated [ in SQL: ${sql}`);
      i = end + 1;
      out.push({ kind: 'qident', text: `"${sql.slice(start + 1, end).replaceAll('"', '""')}"` });
    } else if (c === '?') {
      i++;
      if (/[0-9]/.test(sql[i] ?? '')) throw new Error(`Numbered ?NNN parameters are not supported: ${sql}`);
      out.push({ kind: 'param', text: '?' });
    } else if ((c === '@' || c === '$' || (c === ':' && sql[i + 1] !== ':')) && isWordChar(sql[i + 1] ?? '')) {
      i++;
      while (i < n && isWordChar(sql[i]) && !(sql[i] === '$' && c !== '$')) i++;
      out.push({ kind: 'param', text: sql.slice(start, i) });
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      while (i < n && /[0-9A-Za-z_.]/.test(sql[i])) {
        if ((sql[i] === 'e' || sql[i] === 'E') && (sql[i + 1] === '+' || sql[i + 1] === '-')) i++;
        i++;
      }
      out.push({ kind: 'num', text: sql.slice(start, i) });
    } else if (isWordStart(c)) {
      while (i < n && isWordChar(sql[i])) i++;
      out.push({ kind: 'word', text: sql.slice(start, i) });
    } else {
      const two = sql.slice(i, i + 2);
      i += ['==', '!=', '<>', '<=', '>=', '||', '<<', '>>', '::'].includes(two) ? 2 : 1;
      out.push({ kind: 'punct', text: two === '==' ? '=' : sql.slice(start, i) });
    }
  }
  return out;
}

const upper = (t: Token | undefined) => (t && t.kind === 'word' ? t.text.toUpperCase() : '');
/** What may follow IS in PostgreSQL's own predicates (anything else is SQLite's null-safe equality). */
const IS_PREDICATES = new Set(['NULL', 'TRUE', 'FALSE', 'UNKNOWN', 'DISTINCT', 'JSON', 'DOCUMENT', 'NORMALIZED', 'NFC', 'NFD', 'NFKC', 'NFKD']);

/** Translates one SQLite statement (as better-sqlite3 takes it) to PostgreSQL. Throws on what has no translation. */
export function toPostgres(sql: string): Translated {
  const all = tokenize(sql);
  // The significant tokens, each with its index in `all`; rules look ahead and behind over these only.
  const sig: Token[] = all.filter((t) => t.kind !== 'ws' && t.kind !== 'comment');
  if (upper(sig[0]) === 'PRAGMA') throw new Error(`PRAGMA has no PostgreSQL translation (the bridge answers pragmas itself): ${sql}`);
  if (upper(sig[0]) === 'REPLACE') throw new Error(`REPLACE INTO has no translation: write INSERT … ON CONFLICT (…) DO UPDATE: ${sql}`);

  // Each significant token's depth in parentheses and the index of its closing parenthesis, for the rules on calls.
  const close = new Map<number, number>();
  const depth: number[] = [];
  {
    const stack: number[] = [];
    sig.forEach((t, i) => {
      if (t.text === '(' && t.kind === 'punct') stack.push(i);
      depth[i] = stack.length;
      if (t.text === ')' && t.kind === 'punct') {
        const open = stack.pop();
        if (open === undefined) throw new Error(`Unbalanced ) in SQL: ${sql}`);
        close.set(open, i);
        depth[i] = stack.length;
      }
    });
    if (stack.length) throw new Error(`Unbalanced ( in SQL: ${sql}`);
  }
  /** Indexes of the top-level commas inside the parentheses opening at `open`. */
  const commasIn = (open: number): number[] => {
    const end = close.get(open)!;
    const out: number[] = [];
    for (let k = open + 1; k < end; k++) if (sig[k].kind === 'punct' && sig[k].text === ',' && depth[k] === depth[open]) out.push(k);
    return out;
  };

  // Text put after a token once every rule has run (a parameter's own rule rewrites its text).
  const after = new Map<Token, string>();
  let onConflictDoNothing = false;
  let positional = 0;
  const named = new Map<string, number>();
  const names: string[] = [];

  for (let i = 0; i < sig.length; i++) {
    const t = sig[i];
    const w = upper(t);
    if (t.kind === 'param') {
      // `? IS NULL`: PostgreSQL cannot infer the type of a parameter only tested for NULL; as text, any value binds.
      if (upper(sig[i + 1]) === 'IS' && (upper(sig[i + 2]) === 'NULL' || (upper(sig[i + 2]) === 'NOT' && upper(sig[i + 3]) === 'NULL'))) after.set(t, '::text');
      if (t.text === '?') {
        if (named.size) throw new Error(`Positional and named parameters mixed: ${sql}`);
        t.text = `$${++positional}`;
      } else {
        if (positional) throw new Error(`Positional and named parameters mixed: ${sql}`);
        const name = t.text.slice(1);
        let num = named.get(name);
        if (num === undefined) {
          names.push(name);
          named.set(name, (num = names.length));
        }
        t.text = `$${num}`;
      }
      continue;
    }
    if (t.kind !== 'word') continue;
    const prev = sig[i - 1];
    const next = sig[i + 1];
    if (w === 'USER' && !(prev?.kind === 'punct' && prev.text === '.')) {
      // The user table: a reserved word in PostgreSQL (CURRENT_USER). `user_id` and `u.user` are other tokens.
      t.text = '"user"';
    } else if (w === 'INSERT' && upper(next) === 'OR') {
      const how = upper(sig[i + 2]);
      if (how !== 'IGNORE') throw new Error(`INSERT OR ${how} has no translation: write INSERT … ON CONFLICT (…) DO UPDATE: ${sql}`);
      onConflictDoNothing = true;
      next.text = '';
      sig[i + 2].text = '';
    } else if (w === 'IS') {
      const not = upper(next) === 'NOT';
      const what = upper(sig[i + (not ? 2 : 1)]);
      if (!IS_PREDICATES.has(what)) {
        // SQLite's `a IS b` / `a IS NOT b`: equality where NULL equals NULL.
        t.text = not ? 'IS DISTINCT FROM' : 'IS NOT DISTINCT FROM';
        if (not) next.text = '';
      }
    } else if (w === 'INDEXED' && upper(next) === 'BY') {
      // A hint to SQLite's planner; PostgreSQL's chooses for itself.
      t.text = next.text = sig[i + 2].text = '';
    } else if (w === 'NOT' && upper(next) === 'INDEXED') {
      t.text = next.text = '';
    } else if (w === 'GLOB' || w === 'REGEXP' || w === 'MATCH') {
      throw new Error(`${w} has no translation: ${sql}`);
    } else if (w === 'LIKE') {
      // SQLite's LIKE ignores ASCII case; PostgreSQL's follows the collation, so the pattern takes the nocase one
      // (ICU, case-insensitive: db/migrations-pg/0000). ILIKE is refused on nondeterministic collations (the email column).
      if (next && (next.kind === 'param' || next.kind === 'string')) after.set(next, ' COLLATE nocase');
      else throw new Error(`LIKE's pattern must be a parameter or a literal to be translated: ${sql}`);
    } else if (w === 'JSON_EACH' && next?.text === '(') {
      t.text = 'sqlite_json_each';
    } else if (w === 'JSON_TREE') {
      throw new Error(`json_tree has no PostgreSQL function yet: ${sql}`);
    } else if ((w === 'MAX' || w === 'MIN') && next?.text === '(' && commasIn(i + 1).length > 0) {
      // SQLite's scalar max(a, b, …) / min(…). (Unlike GREATEST, SQLite answers NULL when an argument is NULL.)
      t.text = w === 'MAX' ? 'GREATEST' : 'LEAST';
    } else if (w === 'CAST' && next?.text === '(') {
      const end = close.get(i + 1)!;
      const type = upper(sig[end - 1]);
      if (type === 'BLOB' && upper(sig[end - 2]) === 'AS') {
        // The text's UTF-8 bytes, as SQLite gives them (a bytea cast would read backslashes as escapes).
        t.text = 'convert_to';
        sig[end - 2].text = ',';
        sig[end - 1].text = "'UTF8'";
      }
    } else if (w === 'LIMIT' && next?.text === '-' && sig[i + 2]?.text === '1') {
      next.text = '';
      sig[i + 2].text = 'ALL';
    }
  }

  for (const [t, suffix] of after) t.text += suffix;
  let text = all.map((t) => t.text).join('');
  if (onConflictDoNothing) {
    if (/\bON\s+CONFLICT\b/i.test(text)) throw new Error(`INSERT OR IGNORE with its own ON CONFLICT: ${sql}`);
    // Before a top-level RETURNING if there is one, else at the end.
    const ret = sig.findIndex((t) => upper(t) === 'RETURNING' && depth[sig.indexOf(t)] === 0);
    if (ret >= 0) {
      sig[ret].text = 'ON CONFLICT DO NOTHING RETURNING';
      text = all.map((t) => t.text).join('');
    } else {
      text = text.replace(/\s*;?\s*$/, '') + ' ON CONFLICT DO NOTHING';
    }
  }
  return positional ? { text, names: null, count: positional } : { text, names: names.length ? names : null, count: names.length };
}
