// Shared by the admin panel's pages: the admins-only guard, and dates as people read them.
import type { AstroGlobal } from 'astro';
import type { SessionUser } from '../auth/lucia';

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

const dateFmt = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });

export const isoOf = (t: number) => new Date(t * 1000).toISOString();
export const dateOf = (t: number) => dateFmt.format(new Date(t * 1000));

/** "just now", "5 min ago", "3 h ago", "2 days ago", then the date. */
export function agoOf(t: number | null, now = Date.now() / 1000): string {
  if (!t) return 'Never';
  const s = Math.max(0, now - t);
  if (s < 90) return 'Just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  if (s < 30 * 86400) { const d = Math.round(s / 86400); return `${d} day${d === 1 ? '' : 's'} ago`; }
  return dateOf(t);
}

/** Notices after a POST-redirect-GET, keyed by `?done=`. */
export const noticeOf = (url: URL, notices: Record<string, string>): string => notices[url.searchParams.get('done') ?? ''] ?? '';

/**
 * An API-style error ("email: Enter a valid email address.", "name: cannot be empty") as words beside its field:
 * `{field: 'name', message: 'Name cannot be empty.'}`. Null when the error names no field of this form.
 */
export function fieldError(detail: string, labels: Record<string, string>): { field: string; message: string } | null {
  const m = /^([a-z_]+): (.*)$/s.exec(detail);
  if (!m || !(m[1]! in labels)) return null;
  const text = /^[A-Z]/.test(m[2]!) ? m[2]! : `${labels[m[1]!]} ${m[2]}`;
  return { field: m[1]!, message: /[.!?]$/.test(text) ? text : `${text}.` };
}
