// SQL lives only in store modules: pages, routes, services and auth helpers call store functions. This test fails when a
// statement, a transaction or a raw connection call appears anywhere else in src/.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';

// The data layer itself (connection, migrations, checkpoints) and the store modules.
// A store module is named store.ts or *-store.ts (live-outline-store.ts, rate-limit-store.ts).
const DATA_LAYER = new Set(['src/lib/db.ts', 'src/lib/checkpoint.ts', 'src/lib/checkpoint-thread.ts']);
// migrate-data copies one engine's rows into the other: it reads SQLite's catalog and rows on the source file and writes
// PostgreSQL through pg, on connections of its own; it runs no statement of the domain.
const isStore = (file: string) => DATA_LAYER.has(file) || file.startsWith('src/lib/migrate-data/') || /(^|-)store\.ts$/.test(path.basename(file));

const SQL_CALL = /\.(prepare|pragma|transaction)\(|\bdb\(\)\.|\.exec\(\s*['"`]\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|BEGIN|PRAGMA)/i;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.(ts|astro|mjs)$/.test(e.name) ? [p] : [];
  });
}

describe('SQL lives only in store modules', () => {
  it('no page, route, service or auth helper prepares a statement, opens a transaction or calls the connection', () => {
    const offenders = sources('src').filter((f) => !isStore(f)).flatMap((f) =>
      fs.readFileSync(f, 'utf8').split('\n').flatMap((line, i) => (SQL_CALL.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])));
    expect(offenders).toEqual([]);
  });
});
