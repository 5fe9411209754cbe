import { endpoint } from '../../../../lib/api';
import { clearSessionCookie, invalidateSession } from '../../../../lib/auth/session';
import { isSecureRequest } from '../../../../lib/auth/request';

const signOut = endpoint(async ({ locals, cookies, url, request }) => {
  if (locals.sessionToken) await invalidateSession(locals.sessionToken);
  clearSessionCookie(cookies, isSecureRequest(url, request.headers));
  return { status: true };
});
export const GET = signOut;
export const POST = signOut;
