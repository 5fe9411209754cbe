// Ready for a CDN (CDN_MAX_AGE seconds, 0 = off): public, unlimited, password-free snapshot pages may be kept by a
// shared cache, never longer than the time left before the link expires; every change to a share sends a purge of its
// key to CDN_PURGE_URL (POST {"keys": [...]}, Bearer CDN_PURGE_TOKEN), off the request path, retried, never failing the
// owner's action. Everything limited, protected or live stays `private, no-store`: exact at the origin.
import { createHash } from 'node:crypto';
import type { StoredShare } from '../store';

const intEnv = (name: string, fallback: number) => {
  const n = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
};
const MAX_AGE = intEnv('CDN_MAX_AGE', 0);
const PURGE_URL = (process.env.CDN_PURGE_URL ?? '').trim();
const PURGE_TOKEN = (process.env.CDN_PURGE_TOKEN ?? '').trim();
// 4 tries: now, then after 1 s, 4 s and 16 s (CDN_PURGE_RETRY_MS sets the first wait; tests make it short).
const RETRY_MS = intEnv('CDN_PURGE_RETRY_MS', 1000);
const TRIES = 4;
const KEYS_PER_PURGE = 500;

/**
 * The share's cache key (Surrogate-Key, Cache-Tag and purges). From the chat id, so it survives a change of the link's
 * id; hashed, so the header names nothing a viewer could use.
 */
export const cdnKey = (chatId: string) => `share-${createHash('sha256').update(chatId).digest('hex').slice(0, 24)}`;

/** Seconds a shared cache may keep this share's page now (0: never), capped by the time left before it expires. */
export function cdnSeconds(s: StoredShare, now: number): number {
  if (!MAX_AGE || s.kind !== 'snapshot' || !s.is_public || s.password_hash || s.max_views || s.max_clones) return 0;
  if (s.status !== 'active' || s.moderated_by) return 0;
  if (s.expires_at == null) return MAX_AGE;
  return Math.max(0, Math.min(MAX_AGE, s.expires_at - now));
}

/** The headers that let a CDN keep the page (null: the page stays private, no-store). */
export function cdnHeaders(s: StoredShare, now: number, browser = 'max-age=0'): Record<string, string> | null {
  const seconds = cdnSeconds(s, now);
  if (!seconds) return null;
  const key = cdnKey(s.chat_id);
  return { 'cache-control': `public, s-maxage=${seconds}, ${browser}`, 'surrogate-key': key, 'cache-tag': key };
}

const purging = PURGE_URL !== '' && MAX_AGE > 0;
const pending = new Set<string>();
let scheduled = false;

/**
 * Asks the CDN to drop these shares' pages (after the change committed). Returns at once: the purges of one turn go
 * together, in the background. A share that was never cacheable costs a key in the request, nothing more.
 */
export function purgeShares(chatIds: Iterable<string>): void {
  if (!purging) return;
  for (const id of chatIds) pending.add(cdnKey(id));
  if (scheduled || !pending.size) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    const keys = [...pending];
    pending.clear();
    for (let i = 0; i < keys.length; i += KEYS_PER_PURGE) void sendPurge(keys.slice(i, i + KEYS_PER_PURGE), 1);
  });
}

async function sendPurge(keys: string[], attempt: number): Promise<void> {
  try {
    const res = await fetch(PURGE_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(PURGE_TOKEN ? { authorization: `Bearer ${PURGE_TOKEN}` } : {}) },
      body: JSON.stringify({ keys }),
      signal: AbortSignal.timeout(10_000),
    });
    await res.arrayBuffer().catch(() => undefined);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  } catch (err) {
    if (attempt >= TRIES) {
      // The page still leaves the CDN by itself: s-maxage bounds how long it may be kept.
      console.error(`chatshare: CDN purge of ${keys.length} key(s) failed ${TRIES} times (${(err as Error).message}); cached copies expire within CDN_MAX_AGE`);
      return;
    }
    setTimeout(() => void sendPurge(keys, attempt + 1), RETRY_MS * 4 ** (attempt - 1)).unref();
  }
}
