// Every token a share's viewers carry, signed in one place with the instance secret: password unlock cookies (bound to the
// share and its current password hash, so a new password locks old cookies out), live-poll tokens, clone intents.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { nowSeconds } from '../db';
import { instanceSecret } from './artifacts';
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
