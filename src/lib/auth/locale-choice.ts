// A person's language choice, from the footer's switch or Settings: kept in their account when signed in and in the
// language cookie, so it also holds once they sign out.
import type { AstroCookies } from 'astro';
import { LOCALE_COOKIE, type Locale } from '../i18n/locales';
import { setLocale } from './users';

/** `null` follows the browser's language again: the account's choice and the cookie both go. */
export function rememberLocale(cookies: AstroCookies, secure: boolean, userId: string | null, locale: Locale | null): void {
  if (locale) cookies.set(LOCALE_COOKIE, locale, { path: '/', maxAge: 365 * 86400, sameSite: 'lax', httpOnly: true, secure });
  else cookies.delete(LOCALE_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
  if (userId) setLocale(userId, locale);
}
