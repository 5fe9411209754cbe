// Shared by the admin panel's pages: the admins-only guard, dates as people read them, and errors beside their field.
import type { AstroGlobal } from 'astro';
import type { SessionUser } from '../auth/lucia';
import type { HttpError } from '../http';
import { formatDate, type Locale } from '../i18n/index';

/**
 * Signed-out visitors sign in and come back; anyone but an admin gets the not-found page (the panel is not advertised).
 * Returns the admin, or the response to send instead.
 */
export function adminOrResponse(Astro: AstroGlobal): SessionUser | Response | Promise<Response> {
  const user = Astro.locals.user;
  if (!user) return Astro.redirect(`/auth/signin?next=${encodeURIComponent(Astro.url.pathname + Astro.url.search)}`);
  if (user.role !== 'admin') return Astro.rewrite('/404');
  return user;
}

export const isoOf = (t: number) => new Date(t * 1000).toISOString();
export const dateOf = (t: number, locale: Locale) => formatDate(locale, t, 'medium');

/** "Just now", "5 min ago", "3 h ago", "2 days ago", then the date: in the page's language. */
export function agoOf(t: number | null, locals: Pick<App.Locals, 't' | 'locale'>, now = Date.now() / 1000): string {
  if (!t) return locals.t('admin.never');
  const s = Math.max(0, now - t);
  if (s < 90) return locals.t('admin.agoJustNow');
  if (s < 3600) return locals.t('admin.agoMinutes', { n: Math.round(s / 60) });
  if (s < 86400) return locals.t('admin.agoHours', { n: Math.round(s / 3600) });
  if (s < 30 * 86400) return locals.t('admin.agoDays', { n: Math.round(s / 86400) });
  return dateOf(t, locals.locale);
}

const SLOT = '\u0001';
/**
 * A message with one value shown in markup (a link, <strong>): the text before and after it, so the sentence stays
 * whole in every language's word order. `t('admin.typeToConfirm', {email})` → ['Type ', ' to confirm'].
 */
export function around(message: (slot: string) => string): [string, string] {
  const text = message(SLOT);
  const at = text.indexOf(SLOT);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + SLOT.length)];
}

/** Notices after a POST-redirect-GET, keyed by `?done=`. */
export const noticeOf = (url: URL, notices: Record<string, string>): string => notices[url.searchParams.get('done') ?? ''] ?? '';

/**
 * An API-style error ("name: cannot be empty") as words beside its field, in the page's language:
 * `{field: 'name', message: 'Name cannot be empty.'}` (English names the field by its label; French and Spanish say the
 * reason as a sentence, "Ne peut pas être vide."). Null when the error names no field of this form.
 */
export function fieldError(err: HttpError, labels: Record<string, string>, locale: Locale): { field: string; message: string } | null {
  const m = /^([a-z_]+): (.*)$/s.exec(err.detailIn(locale));
  if (!m || !Object.hasOwn(labels, m[1]!)) return null;
  const reason = m[2]!;
  const text = /^\p{Lu}/u.test(reason) ? reason : locale === 'en' ? `${labels[m[1]!]} ${reason}` : reason[0]!.toLocaleUpperCase(locale) + reason.slice(1);
  return { field: m[1]!, message: /[.!?]$/.test(text) ? text : `${text}.` };
}
