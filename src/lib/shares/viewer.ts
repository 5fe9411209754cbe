// The share viewer: applies the gate to /s/{id}[/og.png|/live] and builds each response around the artifact.
import type { APIContext } from 'astro';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { nowSeconds } from '../db';
import { decideAccess, deny, expiredReason, type Access, type Denied } from './gate';
import { unlockCookieName, verifyUnlockToken } from './unlock';
import { instanceSecret } from './artifacts';
import { getShareByShareId, recordExpiry, type StoredShare } from './store';

export interface GatedShare {
  shareId: string;
  /** What follows the id: '' for the page, 'og.png', 'live'. */
  sub: string;
  share: StoredShare | null;
  access: Access;
  passwordProven: boolean;
}

type Ctx = Pick<APIContext, 'url' | 'cookies' | 'locals' | 'request' | 'routePattern' | 'params'>;

const SUB_OF_ROUTE: Record<string, string> = { '/s/[id]': '', '/s/[id]/og.png': 'og.png', '/s/[id]/live': 'live', '/s/[id]/clone': 'clone' };

/** The share route Astro matched, or null. Read from the route, not ctx.url: the URL parser resolves `%2e%2e` and `\`. */
export function shareRouteOf(ctx: Pick<APIContext, 'routePattern' | 'params'>): { shareId: string; sub: string } | null {
  const sub = SUB_OF_ROUTE[ctx.routePattern];
  if (sub === undefined) return null;
  const id = ctx.params.id;
  return { shareId: typeof id === 'string' ? id : '', sub };
}

export function isPasswordProven(ctx: Ctx, share: StoredShare | null): boolean {
  if (!share?.password_hash) return false;
  const token = ctx.cookies.get(unlockCookieName(share.share_id))?.value;
  return !!token && verifyUnlockToken(instanceSecret(), share.share_id, share.password_hash, token);
}

/** The gate's decision for this caller; an expiry it finds is recorded on the share (the status owners see). */
export function decideFor(ctx: Ctx, share: StoredShare | null, passwordProven: boolean): Access {
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
  const share = parsed.shareId && !/[\u0000-\u001f\u007f\\/]/.test(parsed.shareId) ? getShareByShareId(parsed.shareId) : null;
  const passwordProven = isPasswordProven(ctx, share);
  ctx.locals.share = { ...parsed, share, access: decideFor(ctx, share, passwordProven), passwordProven };
  return null;
}

/** Re-decides after a lost race for the last view, so the response matches the state that won. */
export function regate(ctx: Ctx, g: GatedShare): Denied {
  const access = decideFor(ctx, getShareByShareId(g.shareId), g.passwordProven);
  return access.allow ? deny('SHARE_LINK_EXPIRED') : access;
}

// Live polling carries a token issued with a counted page view, so the poll itself never serves an uncounted view.
const liveMac = (s: StoredShare, issued: number) =>
  createHmac('sha256', instanceSecret()).update(`live\0${s.chat_id}\0${s.share_id}\0${s.password_hash ?? ''}\0${issued}`).digest('base64url');

export function liveToken(s: StoredShare, now = nowSeconds()): string {
  return `${now}.${liveMac(s, now)}`;
}

export function verifyLiveToken(s: StoredShare, token: string | null, now = nowSeconds()): boolean {
  const [issuedRaw, mac] = (token ?? '').split('.');
  const issued = Number(issuedRaw);
  if (!mac || !Number.isInteger(issued) || now - issued > 7 * 86400 || issued > now + 60) return false;
  const expected = Buffer.from(liveMac(s, issued));
  const given = Buffer.from(mac);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
