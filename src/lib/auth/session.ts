// Login sessions: the client holds a random token (auth_session cookie or Bearer); the database holds only its SHA-256.
import { createHash } from 'node:crypto';
import type { AstroCookies } from 'astro';
import { generateIdFromEntropySize } from 'lucia';
import { lucia, SESSION_COOKIE, type SessionUser } from './lucia';
import { describeSession, touchSession } from './sessions-store';

export { SESSION_COOKIE }; // one name: the fast path (shares/serve/fast-view.ts) tells signed-in requests by it

export interface ValidSession {
  token: string;
  user: SessionUser;
  expiresAt: Date;
  fresh: boolean; // lucia extended it: the cookie should be re-sent
}

// lucia v3 stores the session id as given; we give it the token's hash, so someone who reads the database (a backup,
// a leaked file) learns no token that would sign them in. A 200-bit random token needs no slow hash.
export const sessionIdOf = (token: string): string => createHash('sha256').update(token).digest('hex');

export async function createSession(userId: string, userAgent: string | null = null): Promise<{ token: string; expiresAt: Date }> {
  const token = generateIdFromEntropySize(25); // 40 characters of [a-z2-7]
  const session = await lucia().createSession(userId, {}, { sessionId: sessionIdOf(token) });
  describeSession(session.id, userAgent);
  return { token, expiresAt: session.expiresAt };
}

export async function validateSessionToken(token: string): Promise<ValidSession | null> {
  if (!/^[a-z0-9]{20,64}$/.test(token)) return null;
  const { session, user } = await lucia().validateSession(sessionIdOf(token));
  if (!session || !user) return null;
  touchSession(session.id);
  return { token, user: user as SessionUser, expiresAt: session.expiresAt, fresh: session.fresh };
}

export async function invalidateSession(token: string): Promise<void> {
  await lucia().invalidateSession(sessionIdOf(token));
}

export async function invalidateUserSessions(userId: string): Promise<void> {
  await lucia().invalidateUserSessions(userId);
}

export function setSessionCookie(cookies: AstroCookies, token: string, expiresAt: Date, secure: boolean): void {
  cookies.set(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: expiresAt });
}

export function clearSessionCookie(cookies: AstroCookies, secure: boolean): void {
  cookies.set(SESSION_COOKIE, '', { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: 0 });
}
