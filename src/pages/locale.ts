// POST /locale: the footer's language switch. Keeps the choice in a cookie (signed-out viewers too) and, for a
// signed-in user, in their account; then goes back to the page it came from.
import type { APIRoute } from 'astro';
import { readForm } from '../lib/http';
import { isLocale, LOCALE_COOKIE } from '../lib/i18n/locales';
import { setLocale } from '../lib/auth/users';
import { safeNext } from '../lib/auth/forms';
import { isSecureRequest } from '../lib/auth/request';

export const POST: APIRoute = async ({ request, cookies, locals, url, redirect }) => {
  let form: FormData | null = null;
  try { form = await readForm(request); } catch { /* not a form: nothing to change */ }
  const locale = form?.get('locale');
  const next = safeNext(String(form?.get('next') ?? '/'));
  if (isLocale(locale)) {
    cookies.set(LOCALE_COOKIE, locale, { path: '/', maxAge: 365 * 86400, sameSite: 'lax', httpOnly: true, secure: isSecureRequest(url, request.headers) });
    if (locals.user) setLocale(locals.user.id, locale);
  }
  return redirect(next, 303);
};
