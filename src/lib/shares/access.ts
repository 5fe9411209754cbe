// Access to a share, the one module every caller uses (the viewer page, the API, the OG image, the live poll, cloning):
// the request's share and proof of password, the gate's decision, expiries recorded, views counted with a re-decision.
import type { APIContext } from 'astro';
import { db, nowSeconds } from '../db';
import { decideAccess, deny, expiredReason, viewsUsedUp, type Access, type Denied } from './gate';
import { liveTokenSeconds, readViewToken, unlockCookieName, unlockToken, verifyUnlockToken, VIEW_PROOF_SECONDS, viewCookieHeader, viewCookieName, viewToken } from './tokens';
import { randomBytes } from 'node:crypto';
import { isBusyError } from '../http';
import { createSharedRateLimiter } from '../rate-limit';
import { verifyPassword } from '../auth/password';
import { isSecureRequest } from '../auth/request';
import { clientOf } from '../auth/throttle';
import { instanceSecret } from './documents/artifacts';
import { isInAudience } from './audience/grants-store';
import { config } from '../config';
import { consumeView, getShareByShareId, recordExpiry, recordViewProof, spendViewProof, viewProofIsLive, type StoredShare } from './store';

export interface GatedShare {
  shareId: string;
  /** What follows the id: '' for the page, 'og.png', 'live', 'files' (a kept image). */
  sub: string;
  share: StoredShare | null;
  access: Access;
  passwordProven: boolean;
  /** The reader showed the proof of a view counted earlier (see heldViewProof, liveViewOf). */
  viewCounted?: boolean;
}

type Ctx = Pick<APIContext, 'url' | 'cookies' | 'locals' | 'request' | 'routePattern' | 'params'>;
/** What deciding needs of a request: who is asking. (The fast path in src/server has no APIContext.) */
export type Caller = { locals: Pick<App.Locals, 'user'> };
/** Reads a cookie's value (Astro's cookies, or the raw header on the fast path). */
export type CookieReader = (name: string) => string | undefined;
const astroCookies = (ctx: Pick<APIContext, 'cookies'>): CookieReader => (name) => ctx.cookies.get(name)?.value;

const SUB_OF_ROUTE: Record<string, string> = { '/s/[id]': '', '/s/[id]/og.png': 'og.png', '/s/[id]/live': 'live', '/s/[id]/part': 'part', '/s/[id]/clone': 'clone', '/s/[id]/download': 'download', '/s/[id]/report': 'report', '/s/[id]/files/[file]': 'files' };

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
export function decideFor(ctx: Caller, share: StoredShare | null, passwordProven: boolean, viewCounted = false): Access {
  const now = nowSeconds();
  const userId = ctx.locals.user?.id ?? null;
  // Read at every decision, so a grant removed (or a member leaving a group) refuses the very next read of an open page.
  // An administrator is in every audience (config.bypassAdminAccessControl, as Open WebUI); the password, expiry and
  // limits still apply to them as to any reader, and their reads count.
  const inAudience = !!share?.restricted && userId !== null && userId !== share.user_id
    && ((config.bypassAdminAccessControl && ctx.locals.user?.role === 'admin') || isInAudience(share.chat_id, userId));
  const access = decideAccess(share, { userId, passwordProven, viewCounted, inAudience }, now);
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
  // The clone form and the live poll come from a page whose view was counted: its proof (a cookie) stands for that view.
  const read = astroCookies(ctx);
  const now = nowSeconds();
  const held = parsed.sub === 'clone' || parsed.sub === 'download' ? (s: StoredShare) => heldViewProof(read, s, now) !== null
    : parsed.sub === 'live' ? (s: StoredShare) => liveViewOf(read, s, now) !== null
    : parsed.sub === 'part' || parsed.sub === 'files' ? (s: StoredShare) => partViewOf(read, s, now) !== null : undefined;
  ctx.locals.share = { ...gateShare(ctx, parsed.shareId, undefined, read, held), sub: parsed.sub };
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

/**
 * A download from the viewer (download.ts) is a read: counted like a view, in the same guarded statement. One made from a
 * page whose counted view left its single-use proof (a view-limited share's page) spends that proof instead, as Clone
 * Chat does: the page and its download are one read, and a second download counts one of its own.
 */
export function countDownload(ctx: Caller, g: GatedShare, readCookie: CookieReader): Access {
  if (!g.access.allow || g.access.isOwner || !g.share) return g.access;
  if (!g.viewCounted) return countView(ctx, g);
  const s = g.share;
  const now = nowSeconds();
  const nonce = heldViewProof(readCookie, s, now);
  if (nonce && spendViewProof(nonce, s.share_id, s.chat_id, now)) return g.access;
  // Another request spent the proof first: this download is a read of its own, decided again without the proof.
  return consumeView(s.chat_id, now) !== null ? g.access : regate(ctx, { ...g, viewCounted: false });
}

/** The request's share, its proof of password and the gate's decision, for callers outside the /s/ routes (the API). */
export function gateShare(ctx: Caller & Partial<Pick<APIContext, 'cookies'>>, shareId: string, passwordProven?: boolean, readCookie?: CookieReader,
  viewCounted?: (share: StoredShare) => boolean): GatedShare {
  const share = shareId && !/[\u0000-\u001f\u007f\\/]/.test(shareId) ? getShareByShareId(shareId) : null;
  const proven = passwordProven ?? isPasswordProven(readCookie ?? astroCookies(ctx as Pick<APIContext, 'cookies'>), share);
  const held = !!share && !!viewCounted?.(share);
  return { shareId, sub: '', share, access: decideFor(ctx, share, proven, held), passwordProven: proven, viewCounted: held };
}

/** The nonce of the request's unspent proof of a counted view of this share, or null. */
export function heldViewProof(readCookie: CookieReader, s: StoredShare, now = nowSeconds()): string | null {
  const token = readViewToken(s, readCookie(viewCookieName(s.share_id)));
  return token && viewProofIsLive(token.nonce, s.share_id, s.chat_id, now) ? token.nonce : null;
}

/** The live page's token when the request carries a fresh one for this share (the poll renews it), else null. */
export function liveViewOf(readCookie: CookieReader, s: StoredShare, now = nowSeconds()): { nonce: string } | null {
  if (s.kind !== 'live') return null;
  const token = readViewToken(s, readCookie(viewCookieName(s.share_id)));
  return token && token.issued <= now + 60 && now - token.issued <= liveTokenSeconds() ? token : null;
}

/**
 * The proof a part fetch needs of the page it comes from: a live page's fresh token; for a snapshot, the token its
 * counted view set (a view-limited snapshot's page sets one), within the hour a proof of a view lasts.
 */
export function partViewOf(readCookie: CookieReader, s: StoredShare, now = nowSeconds()): { nonce: string } | null {
  if (s.kind === 'live') return liveViewOf(readCookie, s, now);
  const token = readViewToken(s, readCookie(viewCookieName(s.share_id)));
  return token && token.issued <= now + 60 && now - token.issued <= VIEW_PROOF_SECONDS ? token : null;
}

/**
 * The live poll and a part of a live chat follow the page whose view was counted: the owner always, anyone else with
 * that page's fresh token (its cookie), which the answer renews. Null when the token is missing or stale.
 */
export function followerHeaders(ctx: Pick<APIContext, 'cookies' | 'url' | 'request'>, g: GatedShare): Record<string, string> | null {
  const headers: Record<string, string> = {};
  const s = g.share;
  if (!s) return null;
  if (g.access.allow && g.access.isOwner) return headers;
  const now = nowSeconds();
  const held = liveViewOf(astroCookies(ctx), s, now);
  if (!held) return null;
  headers['set-cookie'] = viewCookieHeader(s.share_id, viewToken(s, held.nonce, now), isSecureRequest(ctx.url, ctx.request.headers));
  return headers;
}

/**
 * A page view: counted as every read is (countView). Where a limit makes it matter, the counted view leaves its browser
 * a proof, as a cookie: a view-limited share records it single-use (a clone from this page spends it rather than counting
 * a second view), and a live share's page follows its share with it (the poll needs it, fresh, and renews it). The
 * trade-off: a response that sets a cookie cannot be kept by a shared cache, so unlimited snapshots (the pages caches
 * may keep) set none, and a clone from their page counts a second view (there is no limit for it to exceed); a
 * view-limited or live page is counted per view and never cacheable anyway.
 */
export function countPageView(ctx: Caller, g: GatedShare, secure: boolean): { access: Access; setCookie: string | null } {
  const access = countView(ctx, g);
  const s = g.share;
  if (!access.allow || !access.countsView || !s || (s.max_views === 0 && s.kind !== 'live')) return { access, setCookie: null };
  const nonce = randomBytes(16).toString('base64url');
  const now = nowSeconds();
  if (s.max_views > 0) {
    try {
      recordViewProof(nonce, s.share_id, s.chat_id, now + VIEW_PROOF_SECONDS, now);
    } catch (err) {
      // The view is counted already: a busy error reaching the fast path's retry would serve and count it twice. Without
      // its proof, a clone from this page counts a view of its own (never fewer counted than read).
      if (!isBusyError(err)) throw err;
      return { access, setCookie: null };
    }
  }
  return { access, setCookie: viewCookieHeader(s.share_id, viewToken(s, nonce, now), secure) };
}

/** Re-decides after a lost race for the last view, so the response matches the state that won. */
export function regate(ctx: Caller, g: GatedShare): Denied {
  const access = decideFor(ctx, getShareByShareId(g.shareId), g.passwordProven, g.viewCounted);
  return access.allow ? viewsUsedUp() : access;
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
