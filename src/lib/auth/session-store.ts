// Whether a session cookie names a live session, for the fast path: one indexed lookup of the token's hash, remembered
// briefly. A cookie that names none is a signed-out viewer; only a real session needs Astro's per-request work.
import { sessionIdOf } from './session';
import { sessionIsLive } from './store';

const TOKEN = /^[a-z0-9]{20,64}$/;
// Answers are kept this long: a made-up token is never a session later (tokens are random and made here), and a real
// one that ends meanwhile is still sent to Astro, which finds it gone: either way the page is right.
const REMEMBER_MS = 10_000;
const MAX_REMEMBERED = 10_000;
const remembered = new Map<string, { live: boolean; until: number }>();

/** True when `token` (a cookie's value) is an unexpired session in the database. */
export function isLiveSession(token: string): boolean {
  if (!TOKEN.test(token)) return false;
  const now = Date.now();
  const hit = remembered.get(token);
  if (hit && hit.until > now) return hit.live;
  const live = sessionIsLive(sessionIdOf(token), Math.floor(now / 1000));
  if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
  remembered.set(token, { live, until: now + REMEMBER_MS });
  return live;
}
