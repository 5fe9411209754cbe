// The rate_limit table: one fixed window per (limiter name, key), shared by every WORKERS process on the database.
import type { DB } from './db';

export interface WindowRow { count: number; reset_at: number }

/** The statements of one connection (`conn`: the process-wide one, or a test's own), prepared on first use. */
export function rateLimitStore(conn: () => DB) {
  let s: ReturnType<typeof prepare> | null = null;
  const prepare = (db: DB) => ({
    get: db.prepare('SELECT count, reset_at FROM rate_limit WHERE name = ? AND key = ?'),
    put: db.prepare(`INSERT INTO rate_limit (name, key, count, reset_at) VALUES (@name, @key, 1, @resetAt)
      ON CONFLICT(name, key) DO UPDATE SET count = CASE WHEN rate_limit.reset_at <= @now THEN 1 ELSE rate_limit.count + 1 END,
        reset_at = CASE WHEN rate_limit.reset_at <= @now THEN @resetAt ELSE rate_limit.reset_at END`),
    giveBack: db.prepare('UPDATE rate_limit SET count = MAX(0, count - 1) WHERE name = ? AND key = ? AND reset_at = ?'),
    drop: db.prepare('DELETE FROM rate_limit WHERE name = ? AND key = ?'),
    prune: db.prepare('DELETE FROM rate_limit WHERE reset_at <= ?'),
  });
  const st = () => (s ??= prepare(conn()));
  return {
    window: (name: string, key: string) => st().get.get(name, key) as WindowRow | undefined,
    /** One more attempt in the window, or the first of a new one when the window has run out. */
    count: (name: string, key: string, now: number, resetAt: number) => { st().put.run({ name, key, now, resetAt }); },
    /** Gives one attempt back, only in the window it was counted in. */
    giveBack: (name: string, key: string, resetAt: number) => { st().giveBack.run(name, key, resetAt); },
    drop: (name: string, key: string) => { st().drop.run(name, key); },
    prune: (now: number) => { st().prune.run(now); },
    /** Runs `work` in one immediate transaction, so two processes cannot both take the last slot. */
    exclusive: <T>(work: () => T): T => conn().transaction(work).immediate(),
  };
}
