// Every SQL text the store modules prepare, read from their source: string literals passed to prepare()/stmt()/
// listStmt(), with the module-level constants they interpolate (WORKING_LINK, STATUS_SQL …) filled in. A template that
// interpolates a function's own variables (filters, column lists) is evaluated with the locals given for it
// (tests/integration/pg-dialect.test.ts), so a new dynamic statement shows up as uncovered instead of going unchecked.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface FoundSql { file: string; line: number; source: string; sql: string | null; missing: string | null }

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The modules that hold SQL: every file under src/ that calls prepare(. */
export function storeFiles(): string[] {
  const out = execFileSync('grep', ['-rl', 'prepare(', 'src'], { cwd: root, encoding: 'utf8' });
  // migrate-data reads SQLite's own catalog (sqlite_master, PRAGMA table_info) on the source file and writes PostgreSQL
  // through pg directly: none of its statements goes through the translator.
  return out.split('\n').filter((f) => f.endsWith('.ts') && !f.startsWith('src/lib/migrate-data/')).sort();
}

/** The JS string/template literal starting at `i` (a quote), and the index after it. */
function literalAt(src: string, i: number): { text: string; end: number } | null {
  const q = src[i];
  if (q !== "'" && q !== '"' && q !== '`') return null;
  let j = i + 1;
  let depth = 0;
  while (j < src.length) {
    const c = src[j];
    if (c === '\\') { j += 2; continue; }
    if (q === '`' && c === '$' && src[j + 1] === '{') { depth++; j += 2; continue; }
    if (q === '`' && depth > 0 && c === '}') { depth--; j++; continue; }
    if (depth === 0 && c === q) return { text: src.slice(i, j + 1), end: j + 1 };
    j++;
  }
  return null;
}

/** Module-level string and number constants of the given files (and what they interpolate of each other). */
export function moduleConstants(files: string[], indented = false, base: Record<string, unknown> = {}): Record<string, unknown> {
  const raw = new Map<string, string>();
  for (const f of files) {
    const src = fs.readFileSync(path.join(root, f), 'utf8');
    for (const m of src.matchAll(/^(?:export )?const (\w+) = (\[[^\]]*\]) as const;/gm)) raw.set(m[1], m[2]);
    for (const m of src.matchAll(indented ? /^\s+const (\w+) = (?=[`'])/gm : /^(?:export )?const (\w+)(?::[^=\n]+)? = (?=['"`\d])/gm)) {
      const at = m.index! + m[0].length;
      if (/\d/.test(src[at])) raw.set(m[1], /^\d+/.exec(src.slice(at))![0]);
      else {
        const lit = literalAt(src, at);
        if (lit && /^\s*[;\n]/.test(src.slice(lit.end))) raw.set(m[1], lit.text);
      }
    }
    // import { A as B }: B names A.
    for (const m of src.matchAll(/import \{([^}]+)\} from/g)) {
      for (const part of m[1].split(',')) {
        const alias = /(\w+) as (\w+)/.exec(part.trim());
        if (alias) raw.set(alias[2], alias[1]);
      }
    }
  }
  const values: Record<string, unknown> = { ...base };
  // Resolve in rounds: a constant is known once what it interpolates is.
  for (let round = 0; round < 10; round++) {
    for (const [name, expr] of raw) {
      if (name in values) continue;
      if (/^\w+$/.test(expr) && !/^\d+$/.test(expr)) { if (expr in values) values[name] = values[expr]; continue; }
      try { values[name] = evaluate(expr, values); } catch { /* not yet */ }
    }
  }
  return values;
}

function evaluate(expr: string, scope: Record<string, unknown>): unknown {
  const names = Object.keys(scope);
  // eslint-disable-next-line no-new-func
  return new Function(...names, `"use strict"; return (${expr});`)(...names.map((n) => scope[n]));
}

/** Every SQL literal given to prepare()/stmt()/listStmt() in `files`, evaluated with `scope` (constants and locals). */
export function findSql(files: string[], scopeFor: (file: string, source: string) => Record<string, unknown>): FoundSql[] {
  const out: FoundSql[] = [];
  for (const f of files) {
    const src = fs.readFileSync(path.join(root, f), 'utf8');
    for (const m of src.matchAll(/\b(?:prepare|stmt|listStmt)(?:<[^>()]*>)?\(\s*/g)) {
      const at = m.index! + m[0].length;
      // stmt(ADD_VIEWS): a constant of the module, given by name.
      const named = /^([A-Z_][A-Z0-9_]*)\s*\)/.exec(src.slice(at));
      const lit = literalAt(src, at) ?? (named ? { text: named[1], end: at + named[1].length } : null);
      if (!lit) continue;
      const line = src.slice(0, m.index!).split('\n').length;
      try {
        const sql = evaluate(lit.text, scopeFor(f, lit.text));
        out.push({ file: f, line, source: lit.text, sql: String(sql), missing: null });
      } catch (err) {
        out.push({ file: f, line, source: lit.text, sql: null, missing: (err as Error).message });
      }
    }
  }
  return out;
}
