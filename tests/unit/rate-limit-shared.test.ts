// Throttle windows in SQLite: two limiters on one database file (two WORKERS processes) share one count.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type DB } from '../../src/lib/db';
import { createSharedRateLimiter } from '../../src/lib/rate-limit';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatshare-rl-'));
const file = path.join(dir, 'x.sqlite');
const a: DB = openDatabase(file, path.resolve('db/migrations'));
const b: DB = openDatabase(file, path.resolve('db/migrations'));
afterAll(() => { a.close(); b.close(); fs.rmSync(dir, { recursive: true, force: true }); });

describe('createSharedRateLimiter', () => {
  it('two processes share one window: 5 slots in all, not 5 each', () => {
    const one = createSharedRateLimiter(() => a, 'pw', { max: 5, windowMs: 60_000 });
    const two = createSharedRateLimiter(() => b, 'pw', { max: 5, windowMs: 60_000 });
    const taken = [one, two, one, two, one].map((l) => l.reserve('share:1.2.3.4', 1000));
    expect(taken.every((r) => r.ok)).toBe(true);
    expect(two.reserve('share:1.2.3.4', 1000)).toEqual({ ok: false, retryAfterSec: 60 });
    expect(one.check('share:1.2.3.4', 1000).ok).toBe(false);
    // A right password gives its slot back, once.
    const last = taken[4]!;
    if (last.ok) { last.release(); last.release(); }
    expect(two.reserve('share:1.2.3.4', 2000).ok).toBe(true);
    expect(one.reserve('share:1.2.3.4', 2000).ok).toBe(false);
    // Other keys and other limiters are counted apart; a new window starts from zero.
    expect(one.reserve('share:5.6.7.8', 2000).ok).toBe(true);
    expect(createSharedRateLimiter(() => a, 'signin', { max: 1, windowMs: 60_000 }).reserve('share:1.2.3.4', 2000).ok).toBe(true);
    expect(one.reserve('share:1.2.3.4', 61_001).ok).toBe(true);
    one.reset('share:1.2.3.4');
    expect(two.check('share:1.2.3.4', 61_001).ok).toBe(true);
  });
});
