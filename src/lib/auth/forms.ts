// Sign-in/up form handling shared by the pages and the JSON API: one place turns input into a session.
import type { APIContext } from 'astro';
import { createSession, setSessionCookie } from './session';
import { createUser, parseInput, signinSchema, signupSchema, verifyCredentials } from './users';
import { isSecureRequest } from './request';
import { clientOf, reserveAttempt, signinPerAccount, signinPerClient, signupPerClient } from './throttle';
import type { SessionUser } from './lucia';

type AuthContext = Pick<APIContext, 'cookies' | 'url' | 'request' | 'clientAddress'>;

export async function signUp(ctx: AuthContext, input: unknown) {
  const data = parseInput(signupSchema, input);
  // Every sign-up that reaches the password hash counts, made or refused (a taken email also costs a hash).
  reserveAttempt([[signupPerClient, clientOf(ctx)]]);
  const user = await createUser(data);
  return { user, token: await startSession(ctx, user) };
}

export async function signIn(ctx: AuthContext, input: unknown) {
  const { email, password } = parseInput(signinSchema, input);
  // Slots are taken before argon2 runs; a wrong password keeps them, a right one gives them back.
  const attempt = reserveAttempt([[signinPerClient, clientOf(ctx)], [signinPerAccount, email]]);
  const user = await verifyCredentials(email, password);
  attempt.release();
  return { user, token: await startSession(ctx, user) };
}

async function startSession(ctx: AuthContext, user: SessionUser): Promise<string> {
  const { token, expiresAt } = await createSession(user.id);
  setSessionCookie(ctx.cookies, token, expiresAt, isSecureRequest(ctx.url, ctx.request.headers));
  return token;
}

/** Only same-site relative paths are followed after sign-in, so `next` cannot redirect off-site. */
export function safeNext(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  return raw;
}

export const userJson = (user: SessionUser, token?: string) => ({
  ...(token ? { token, token_type: 'Bearer' } : {}),
  id: user.id, email: user.email, name: user.name, role: user.role,
  profile_image_url: `/api/v1/users/${user.id}/avatar?v=${user.avatarUpdatedAt ?? 0}`,
});
