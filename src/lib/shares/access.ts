// Access to a share, the one module every caller uses (the viewer page, the API, the OG image, the live poll, cloning):
// the request's share and proof of password, the gate's decision, expiries recorded, views counted with a re-decision.
import type { APIContext } from 'astro';
import { db, nowSeconds } from '../db';
import { decideAccess, deny, expiredReason, type Access, type Denied } from './gate';
import { unlockCookieName, unlockToken, verifyUnlockToken } from './tokens';
import { createSharedRateLimiter } from '../rate-limit';
import { verifyPassword } from '../auth/password';
import { isSecureRequest } from '../auth/request';
import { clientOf } from '../auth/throttle';
import { instanceSecret } from './artifacts';
import { consumeView, getShareByShareId, recordExpiry, type StoredShare } from './store';

export interface GatedShare {
  shareId: string;
  /** What follows the id: '' for the page, 'og.png', 'live'. */
  sub: string;
  share: StoredShare | null;
  access: Access;
  passwordProven: boolean;
}

type Ctx = Pick<APIContext, 'url' | 'cookies' | 'locals' | 'request' | 'routePattern' | 'params'>;
/** What deciding needs of a request: who is asking. (The fast path in src/server has no APIContext.) */
export type Caller = { locals: Pick<App.Locals, 'user'> };
/** Reads a cookie's value (Astro's cookies, or the raw header on the fast path). */
export type CookieReader = (name: string) => string | undefined;
const astroCookies = (ctx: Pick<APIContext, 'cookies'>): CookieReader => (name) => ctx.cookies.get(name)?.value;

const SUB_OF_ROUTE: Record<string, string> = { '/s/[id]': '', '/s/[id]/og.png': 'og.png', '/s/[id]/live': 'live', '/s/[id]/part': 'part', '/s/[id]/clone': 'clone' };

/** The share route Astro matched, or null. Read from the route, not ctx.url: the URL parser resolves `%2e%2e` and `\`. */
export function shareRouteOf(ctx: Pick<APIContext, 'routePattern' | 'params'>): { shareId: string; sub: string } | null {
  const sub = SUB_OF_ROUTE[ctx.routePattern];
  if (sub === undefined) return null;
  const id = ctx.params.id;
  return { shareId: typeof id === 'string' ? id : '', sub };
}

export function isPasswordProven(readCookie: CookieReader, share: StoredShare | null): boolean {
  if (!share?.password_hash) return false;
  const token = readCookie(unlockCookieName(share.share_id));
  return !!token && verifyUnlockToken(instanceSecret(), share.share_id, share.password_hash, token);
}

/** The gate's decision for this caller; an expiry it finds is recorded on the share (the status owners see). */
export function decideFor(ctx: Caller, share: StoredShare | null, passwordProven: boolean): Access {
  const now = nowSeconds();
  const access = decideAccess(share, { userId: ctx.locals.user?.id ?? null, passwordProven }, now);
  if (!access.allow && access.code === 'SHARE_LINK_EXPIRED' && share) {
    const reason = expiredReason(share, now);
    if (reason) recordExpiry(share.chat_id, reason);
  }
  return access;
}

/** Middleware step: decides access once per request and leaves the decision in locals for the route. */
export async function gateShareRequest(ctx: Ctx): Promise<Response | null> {
  // An id no share can have (a backslash the URL parser turned into a slash, control characters) is simply not found.
  const parsed = shareRouteOf(ctx);
  if (!parsed) return null;
  ctx.locals.share = { ...gateShare(ctx, parsed.shareId), sub: parsed.sub };
  return null;
}

/**
 * Counts a view of an allowed share (not the owner's) in the statement that re-checks the limits. When another viewer
 * took the last view first, the decision is made again, so the answer matches the state that won. Every reader of a
 * share's content (the page, the API) goes through here: "decide, count, decide again" is written once.
 */
export function countView(ctx: Caller, g: GatedShare): Access {
  if (!g.access.allow || !g.access.countsView || !g.share) return g.access;
  return consumeView(g.share.chat_id, nowSeconds()) !== null ? g.access : regate(ctx, g);
}

/** The request's share, its proof of password and the gate's decision, for callers outside the /s/ routes (the API). */
export function gateShare(ctx: Caller & Partial<Pick<APIContext, 'cookies'>>, shareId: string, passwordProven?: boolean, readCookie?: CookieReader): GatedShare {
  const share = shareId && !/[\u0000-\u001f\u007f\\/]/.test(shareId) ? getShareByShareId(shareId) : null;
  const proven = passwordProven ?? isPasswordProven(readCookie ?? astroCookies(ctx as Pick<APIContext, 'cookies'>), share);
  return { shareId, sub: '', share, access: decideFor(ctx, share, proven), passwordProven: proven };
}

/** Re-decides after a lost race for the last view, so the response matches the state that won. */
export function regate(ctx: Caller, g: GatedShare): Denied {
  const access = decideFor(ctx, getShareByShareId(g.shareId), g.passwordProven);
  return access.allow ? deny('SHARE_LINK_EXPIRED') : access;
}

// 5 wrong guesses per share and client per 15 minutes; a right one clears the count.
export const passwordLimiter = createSharedRateLimiter(db, 'share-password', { max: 5, windowMs: 15 * 60_000 });

export type UnlockResult = { ok: true } | { ok: false; status: 403 | 429; retryAfterSec?: number };

/** Checks a password for a share and, when right, sets the share's unlock cookie. Shared by the form and the API. */
export async function tryUnlock(ctx: Ctx & Pick<APIContext, 'clientAddress'>, s: StoredShare, password: string): Promise<UnlockResult> {
  const key = `${s.chat_id}\0${clientOf(ctx)}`;
  // The guess is counted before the slow check: concurrent guesses each take a slot, so at most 5 are ever checked.
  const slot = passwordLimiter.reserve(key);
  if (!slot.ok) return { ok: false, status: 429, retryAfterSec: slot.retryAfterSec };
  // A checked wrong guess is "incorrect" (as a wrong sign-in is); only a guess refused unchecked hears how long to wait.
  if (!s.password_hash || !password || password.length > 256 || !(await verifyPassword(s.password_hash, password))) return { ok: false, status: 403 };
  passwordLimiter.reset(key);
  ctx.cookies.set(unlockCookieName(s.share_id), unlockToken(instanceSecret(), s.share_id, s.password_hash), {
    path: `/`, httpOnly: true, sameSite: 'lax', secure: isSecureRequest(ctx.url, ctx.request.headers), maxAge: 30 * 86400,
  });
  return { ok: true };
}
