// A counted view writes the share row and no sort index (migration 0015): no index of the share table carries views.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/db';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chatshare-sort-indexes-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('the share table\'s indexes', () => {
  it('none carries views or status, so a counted view rewrites only its row; the dashboard sorts them per request', () => {
    const conn = openDatabase(path.join(tmp, 'db.sqlite'), path.resolve('db/migrations'));
    const indexes = (conn.prepare("SELECT name FROM pragma_index_list('share')").pluck().all() as string[]);
    const columns = (name: string) => conn.prepare('SELECT name FROM pragma_index_xinfo(?) WHERE key = 1').pluck().all(name) as Array<string | null>;
    const carrying = indexes.filter((i) => columns(i).some((c) => c === 'views' || c === 'status'));
    expect(indexes).toContain('share_list_clones'); // the other sort indexes stay
    expect(carrying).toEqual([]);
    conn.close();
  });
});
