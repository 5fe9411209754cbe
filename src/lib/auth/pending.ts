// Accounts waiting for approval (role `pending`): they may see who they are and sign out; every other page leads to
// the waiting page, every other API route answers 403 ACCOUNT_PENDING, and share links treat them as signed out.
import { errorResponse, HttpError, msg } from '../http';
import type { Locale } from '../i18n/locales';

const API_ALLOWED = new Set(['GET /api/v1/auths', 'GET /api/v1/auths/', 'GET /api/v1/auths/signout', 'POST /api/v1/auths/signout', 'GET /api/config']);
const PAGES_ALLOWED = new Set(['/pending', '/auth/signout', '/locale']);

export type PendingOutcome = { kind: 'pass' } | { kind: 'anonymous' } | { kind: 'respond'; response: Response };

/** What a pending account's request becomes. `anonymous`: serve it as to a signed-out visitor (share links). */
export function pendingOutcome(method: string, pathname: string, locale: Locale = 'en'): PendingOutcome {
  if (pathname === '/api' || pathname.startsWith('/api/')) {
    return API_ALLOWED.has(`${method} ${pathname}`) ? { kind: 'pass' }
      : { kind: 'respond', response: errorResponse(new HttpError('ACCOUNT_PENDING', msg('api.accountPending')), locale) };
  }
  if (pathname.startsWith('/s/')) return { kind: 'anonymous' };
  if (PAGES_ALLOWED.has(pathname)) return { kind: 'pass' };
  return { kind: 'respond', response: new Response(null, { status: 303, headers: { location: '/pending', 'cache-control': 'no-store' } }) };
}
