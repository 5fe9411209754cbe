// A fixed-window failure counter in memory (one process serves the instance): wrong password guesses per share and client.

export type Check = { ok: true } | { ok: false; retryAfterSec: number };

export interface RateLimiter {
  check(key: string, now?: number): Check;
  fail(key: string, now?: number): void;
  reset(key: string): void;
}

export function createRateLimiter({ max, windowMs, maxKeys = 100_000 }: { max: number; windowMs: number; maxKeys?: number }): RateLimiter {
  const buckets = new Map<string, { count: number; resetAt: number }>();
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
  return {
    check(key, now = Date.now()) {
      const b = live(key, now);
      return b && b.count >= max ? { ok: false, retryAfterSec: Math.max(1, Math.ceil((b.resetAt - now) / 1000)) } : { ok: true };
    },
    fail(key, now = Date.now()) {
      const b = live(key, now);
      if (b) { b.count++; return; }
      if (buckets.size >= maxKeys) prune(now);
      buckets.set(key, { count: 1, resetAt: now + windowMs });
    },
    reset(key) { buckets.delete(key); },
  };
}
