import type { APIRoute } from 'astro';
import { clearSessionCookie, invalidateSession } from '../../lib/auth/session';
import { isSecureRequest } from '../../lib/auth/request';

export const POST: APIRoute = async ({ locals, cookies, url, request, redirect }) => {
  if (locals.sessionToken) await invalidateSession(locals.sessionToken);
  clearSessionCookie(cookies, isSecureRequest(url, request.headers));
  return redirect('/auth/signin', 303);
};
