// Password unlock cookies: an HMAC bound to one share and its current password hash, so a new password locks old cookies out.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

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
