// POST /locale: the footer's language switch. Keeps the choice in a cookie (signed-out viewers too) and, for a
// signed-in user, in their account; then goes back to the page it came from.
import type { APIRoute } from 'astro';
import { readForm } from '../lib/http';
import { isLocale } from '../lib/i18n/locales';
import { rememberLocale } from '../lib/auth/locale-choice';
import { safeNext } from '../lib/auth/forms';
import { isSecureRequest } from '../lib/auth/request';

export const POST: APIRoute = async ({ request, cookies, locals, url, redirect }) => {
  let form: FormData | null = null;
  try { form = await readForm(request); } catch { /* not a form: nothing to change */ }
  const locale = form?.get('locale');
  const next = safeNext(String(form?.get('next') ?? '/'));
  if (isLocale(locale)) rememberLocale(cookies, isSecureRequest(url, request.headers), locals.user?.id ?? null, locale);
  return redirect(next, 303);
};
