// Sign-in/up form handling shared by the pages and the JSON API: one place turns input into a session.
import type { APIContext } from 'astro';
import { createSession, setSessionCookie } from './session';
import { createUser, parseInput, signinSchema, signupSchema, verifyCredentials } from './users';
import { isSecureRequest } from './request';
import { clientOf, reserveAttempt, signinPerAccount, signinPerAccountClient, signinPerClient, signupPerClient } from './throttle';
import type { SessionUser } from './lucia';
import { withReserve } from '../storage-full';

type AuthContext = Pick<APIContext, 'cookies' | 'url' | 'request' | 'clientAddress'>;

export async function signUp(ctx: AuthContext, input: unknown) {
  const data = parseInput(signupSchema, input);
  // Every sign-up that reaches the password hash counts, made or refused (a taken email also costs a hash).
  await reserveAttempt([[signupPerClient, clientOf(ctx)]]);
  const user = await createUser(data);
  return { user, token: await startSession(ctx, user) };
}

export async function signIn(ctx: AuthContext, input: unknown) {
  const { email, password } = parseInput(signinSchema, input);
  // Slots are taken before argon2 runs; a wrong password keeps them, a right one gives them back.
  const client = clientOf(ctx);
  // A full disk must not turn a right password into an error: the throttle's row and the session use the reserve.
  const attempt = await withReserve(() => reserveAttempt([[signinPerClient, client], [signinPerAccountClient, `${email}\u0000${client}`], [signinPerAccount, email]]));
  const user = await verifyCredentials(email, password);
  try { attempt.release(); } catch { /* a slot not given back on a full disk only costs the right password one attempt */ }
  return { user, token: await startSession(ctx, user) };
}

async function startSession(ctx: AuthContext, user: SessionUser): Promise<string> {
  const { token, expiresAt } = await withReserve(() => createSession(user.id, ctx.request.headers.get('user-agent')));
  setSessionCookie(ctx.cookies, token, expiresAt, isSecureRequest(ctx.url, ctx.request.headers));
  return token;
}

const BASE = 'http://next.invalid';

/**
 * Where to go after signing in: a path on this site, normalized, or '/'. Browsers drop tabs and newlines from URLs
 * and read a backslash as '/', so '/\t/evil.example' would leave the site: any control character or backslash is refused
 * outright, and what remains must resolve to our own origin and must not start with '//' once normalized
 * ('/.//evil.example' becomes '//evil.example').
 */
export function safeNext(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith('/') || /[\u0000-\u001f\u007f-\u009f\\]/.test(raw)) return '/';
  let url: URL;
  try { url = new URL(raw, BASE); } catch { return '/'; }
  if (url.origin !== BASE || url.pathname.startsWith('//')) return '/';
  return url.pathname + url.search + url.hash;
}

export const userJson = (user: SessionUser, token?: string) => ({
  ...(token ? { token, token_type: 'Bearer' } : {}),
  id: user.id, email: user.email, name: user.name, role: user.role,
  profile_image_url: `/api/v1/users/${user.id}/avatar?v=${user.avatarUpdatedAt ?? 0}`,
});
