// Login sessions: the token a client holds is the session id, sent as the auth_session cookie or a Bearer token.
import type { AstroCookies } from 'astro';
import { lucia, type SessionUser } from './lucia';

export const SESSION_COOKIE = 'auth_session';

export interface ValidSession {
  token: string;
  user: SessionUser;
  expiresAt: Date;
  fresh: boolean; // lucia extended it: the cookie should be re-sent
}

export async function createSession(userId: string): Promise<{ token: string; expiresAt: Date }> {
  const session = await lucia().createSession(userId, {});
  return { token: session.id, expiresAt: session.expiresAt };
}

export async function validateSessionToken(token: string): Promise<ValidSession | null> {
  if (!/^[a-z0-9]{20,64}$/.test(token)) return null;
  const { session, user } = await lucia().validateSession(token);
  if (!session || !user) return null;
  return { token: session.id, user: user as SessionUser, expiresAt: session.expiresAt, fresh: session.fresh };
}

export async function invalidateSession(token: string): Promise<void> {
  await lucia().invalidateSession(token);
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
