// Every token a share's viewers carry, signed in one place with the instance secret: password unlock cookies (bound to the
// share and its current password hash, so a new password locks old cookies out), live-poll tokens, clone intents.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { nowSeconds } from '../db';
import { instanceSecret } from './documents/artifacts';
import type { StoredShare } from './store';

/** A cookie name per share; hashed so any share id (custom ids included) makes a valid, short cookie name. */
export const unlockCookieName = (shareId: string): string => `cs_unlock_${createHash('sha256').update(shareId).digest('hex').slice(0, 16)}`;

const mac = (secret: string, shareId: string, passwordHash: string) =>
  createHmac('sha256', secret).update(`unlock\0${shareId}\0${passwordHash}`).digest('base64url');

export const unlockToken = (secret: string, shareId: string, passwordHash: string): string => mac(secret, shareId, passwordHash);

export function verifyUnlockToken(secret: string, shareId: string, passwordHash: string, token: string): boolean {
  const expected = Buffer.from(mac(secret, shareId, passwordHash));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

// A clone asked for by a signed-out viewer: remembered across sign-in in a signed cookie, carried out once after it.
export const CLONE_INTENT_COOKIE = 'cs_clone_intent';
const intentMac = (secret: string, body: string) => createHmac('sha256', secret).update(`clone\0${body}`).digest('base64url');

export function cloneIntentToken(secret: string, shareId: string, nonce: string, issued: number): string {
  const body = `${Buffer.from(shareId).toString('base64url')}.${nonce}.${issued}`;
  return `${body}.${intentMac(secret, body)}`;
}

/** The intent's nonce when the token is genuine, for this share and under 15 minutes old; else null. */
export function readCloneIntent(secret: string, shareId: string, token: string | undefined, now: number): string | null {
  const parts = (token ?? '').split('.');
  if (parts.length !== 4) return null;
  const [sid, nonce, issuedRaw, mac] = parts as [string, string, string, string];
  const expected = Buffer.from(intentMac(secret, `${sid}.${nonce}.${issuedRaw}`));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const issued = Number(issuedRaw);
  if (Buffer.from(sid, 'base64url').toString() !== shareId || !Number.isInteger(issued) || now - issued > 900 || issued > now + 60) return null;
  return nonce;
}

// The proof of a counted view: one HttpOnly cookie per share, scoped to the share's path (/s/{id}: its clone form and
// live poll send it, nothing else does), holding `nonce.issued.mac`. The nonce names a single-use proof row (view-limited
// shares: a clone from the page spends it instead of counting a second view); `issued` makes it the live page's token,
// good for liveTokenSeconds() and renewed by each poll, so a copied page (or its old token) follows nothing.
export const viewCookieName = (shareId: string): string => `cs_view_${createHash('sha256').update(shareId).digest('hex').slice(0, 16)}`;

/** How long a live page's token lasts without a poll renewing it (LIVE_TOKEN_TTL_SECONDS, default 2 minutes). */
export const liveTokenSeconds = (): number => Math.max(2, Number(process.env.LIVE_TOKEN_TTL_SECONDS) || 120);
/** How long a page's proof lets its viewer clone without counting another view. */
export const VIEW_PROOF_SECONDS = 3600;

const viewMac = (s: StoredShare, nonce: string, issued: number) =>
  createHmac('sha256', instanceSecret()).update(`view\0${s.chat_id}\0${s.share_id}\0${s.password_hash ?? ''}\0${nonce}\0${issued}`).digest('base64url');

export const viewToken = (s: StoredShare, nonce: string, issued = nowSeconds()): string => `${nonce}.${issued}.${viewMac(s, nonce, issued)}`;

/** The token's nonce and issue time when it is genuine for this share (and its current password); else null. */
export function readViewToken(s: StoredShare, token: string | undefined): { nonce: string; issued: number } | null {
  const parts = (token ?? '').split('.');
  if (parts.length !== 3) return null;
  const [nonce, issuedRaw, mac] = parts as [string, string, string];
  const issued = Number(issuedRaw);
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(nonce) || !Number.isInteger(issued)) return null;
  const expected = Buffer.from(viewMac(s, nonce, issued));
  const given = Buffer.from(mac);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { nonce, issued } : null;
}

/**
 * The Set-Cookie value. Written by hand, not through Astro's cookies: the fast path (no Astro) and the Astro path set
 * it through the same function, so both answer with the same header.
 */
export function viewCookieHeader(shareId: string, value: string, secure: boolean): string {
  const maxAge = Math.max(VIEW_PROOF_SECONDS, liveTokenSeconds());
  return `${viewCookieName(shareId)}=${value}; Path=/s/${encodeURIComponent(shareId)}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}
