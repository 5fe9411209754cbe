// Who is calling: a session cookie, a Bearer session token, or a Bearer API key; plus guards for routes.
import type { APIContext, AstroCookies } from 'astro';
import { HttpError, msg } from '../http';
import type { SessionUser } from './lucia';
import { SESSION_COOKIE, setSessionCookie, validateSessionToken } from './session';
import { userFromApiKey } from './api-keys';
import { parseAuthorization } from './authorization';

export const isSecureRequest = (url: URL, headers: Headers): boolean =>
  url.protocol === 'https:' || headers.get('x-forwarded-proto') === 'https';

export async function authenticate(request: Request, url: URL, cookies: AstroCookies): Promise<{ user: SessionUser | null; token: string | null }> {
  const header = parseAuthorization(request.headers);
  if (header.kind === 'bearer') {
    if (header.token.startsWith('sk-')) return { user: userFromApiKey(header.token), token: null };
    const valid = await validateSessionToken(header.token);
    return valid ? { user: valid.user, token: valid.token } : { user: null, token: null };
  }
  // A Bearer header we cannot read speaks for nobody: falling back to the cookie would let it pass the origin check
  // (which exempts only well-formed Bearer calls) while acting as the cookie's user.
  if (header.kind === 'malformed') return { user: null, token: null };
  const cookie = cookies.get(SESSION_COOKIE)?.value;
  if (!cookie) return { user: null, token: null };
  const valid = await validateSessionToken(cookie);
  if (!valid) return { user: null, token: null };
  // Only re-send the cookie when lucia extended the session: responses stay cookie-free otherwise.
  if (valid.fresh) setSessionCookie(cookies, valid.token, valid.expiresAt, isSecureRequest(url, request.headers));
  return { user: valid.user, token: valid.token };
}

/** Signed in, whatever the role: only for routes a pending account may use (who am I, sign out). */
export function requireAccount(ctx: Pick<APIContext, 'locals'>): SessionUser {
  const user = ctx.locals.user;
  if (!user) throw new HttpError('UNAUTHORIZED', msg('api.unauthorized'));
  return user;
}

/** Signed in with an approved account: a pending one gets 403 ACCOUNT_PENDING. */
export function requireUser(ctx: Pick<APIContext, 'locals'>): SessionUser {
  const user = requireAccount(ctx);
  if (user.role === 'pending') throw new HttpError('ACCOUNT_PENDING', msg('api.accountPending'));
  return user;
}
