// Fixed-window attempt counters for share passwords, sign-in and sign-up: in memory, or in SQLite across WORKERS.
import type { DB } from './db';
import { rateLimitStore } from './rate-limit-store';

export type Check = { ok: true } | { ok: false; retryAfterSec: number };
/** A slot taken before a slow check; `release` gives it back when the attempt should not count (a right password). */
export type Reservation = { ok: true; release: () => void } | { ok: false; retryAfterSec: number };

export interface RateLimiter {
  /**
   * Counts one attempt now, before the slow check, so concurrent attempts cannot all pass a check made before any of
   * them was counted. Refused when the window is full.
   */
  reserve(key: string, now?: number): Reservation;
  /** Whether an attempt would be refused now, without counting one. */
  check(key: string, now?: number): Check;
  /** Counts one attempt after the fact (for attempts with no slow check to race). */
  fail(key: string, now?: number): void;
  reset(key: string): void;
}

interface Bucket { count: number; resetAt: number }

export function createRateLimiter({ max, windowMs, maxKeys = 100_000 }: { max: number; windowMs: number; maxKeys?: number }): RateLimiter {
  const buckets = new Map<string, Bucket>();
  const live = (key: string, now: number) => {
    const b = buckets.get(key);
    if (b && b.resetAt <= now) { buckets.delete(key); return undefined; }
    return b;
  };
  // Bounded memory: expired buckets go first, then the oldest.
  const prune = (now: number) => {
    for (const [k, b] of buckets) if (b.resetAt <= now) buckets.delete(k);
    while (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value!);
  };
  const refused = (b: Bucket, now: number) => ({ ok: false as const, retryAfterSec: Math.max(1, Math.ceil((b.resetAt - now) / 1000)) });
  const count = (key: string, now: number): Bucket => {
    const b = live(key, now);
    if (b) { b.count++; return b; }
    if (buckets.size >= maxKeys) prune(now);
    const fresh = { count: 1, resetAt: now + windowMs };
    buckets.set(key, fresh);
    return fresh;
  };
  return {
    reserve(key, now = Date.now()) {
      const b = live(key, now);
      if (b && b.count >= max) return refused(b, now);
      const taken = count(key, now);
      let released = false;
      return {
        ok: true,
        release() {
          // Only from the window it was taken in: a window that has since rolled over starts from zero anyway.
          if (released || buckets.get(key) !== taken) return;
          released = true;
          taken.count = Math.max(0, taken.count - 1);
        },
      };
    },
    check(key, now = Date.now()) {
      const b = live(key, now);
      return b && b.count >= max ? refused(b, now) : { ok: true };
    },
    fail(key, now = Date.now()) { count(key, now); },
    reset(key) { buckets.delete(key); },
  };
}

/**
 * The same limiter with its windows in SQLite (table rate_limit): every WORKERS process sees one count. Each reserve is
 * one immediate transaction, so two processes cannot both take the last slot.
 */
export function createSharedRateLimiter(conn: () => DB, name: string, { max, windowMs }: { max: number; windowMs: number }): RateLimiter {
  const store = rateLimitStore(conn);
  const window = (key: string, now: number): Bucket | undefined => {
    const row = store.window(name, key);
    return row && row.reset_at > now ? { count: row.count, resetAt: row.reset_at } : undefined;
  };
  const refused = (b: Bucket, now: number) => ({ ok: false as const, retryAfterSec: Math.max(1, Math.ceil((b.resetAt - now) / 1000)) });
  let writes = 0;
  const count = (key: string, now: number) => {
    if (++writes % 1000 === 0) store.prune(now);
    store.count(name, key, now, now + windowMs);
  };
  return {
    reserve(key, now = Date.now()) {
      return store.exclusive((): Reservation => {
        const b = window(key, now);
        if (b && b.count >= max) return refused(b, now);
        count(key, now);
        const taken = window(key, now)!;
        let released = false;
        return {
          ok: true,
          release() {
            if (released) return;
            released = true;
            store.giveBack(name, key, taken.resetAt);
          },
        };
      });
    },
    check(key, now = Date.now()) {
      const b = window(key, now);
      return b && b.count >= max ? refused(b, now) : { ok: true };
    },
    fail(key, now = Date.now()) { count(key, now); },
    reset(key) { store.drop(name, key); },
  };
}
