// Which language a request gets: the user's choice, else the language cookie, else Accept-Language, else English.
export const LOCALES = ['en', 'fr', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';
/** Set by the footer's language switch, so signed-out viewers keep their choice too. */
export const LOCALE_COOKIE = 'cs_lang';

/** Each language named in itself, for the switches. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', fr: 'Français', es: 'Español' };

export const isLocale = (v: unknown): v is Locale => v === 'en' || v === 'fr' || v === 'es';

/**
 * The best of our languages for an Accept-Language header (RFC 9110 weights; `fr-CA` matches `fr`). Bounded: a hostile
 * header is cut at 512 characters and 32 ranges.
 */
export function negotiate(header: string | null | undefined): Locale | null {
  if (!header) return null;
  let best: Locale | null = null;
  let bestQ = 0;
  for (const part of header.slice(0, 512).split(',', 32)) {
    const [range = '', ...params] = part.trim().split(';');
    const base = range.trim().toLowerCase().split('-')[0];
    if (!isLocale(base)) continue;
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]{1,5})\s*$/.exec(p);
      if (m) q = Number(m[1]);
    }
    if (q > bestQ && q <= 1) { best = base; bestQ = q; }
  }
  return best;
}

/** `header.slice(from, to)` without the spaces and tabs around it (a loop: a regex would be quadratic on long runs). */
function sliceTrimmed(header: string, from: number, to: number): string {
  while (from < to && (header.charCodeAt(from) === 32 || header.charCodeAt(from) === 9)) from++;
  while (to > from && (header.charCodeAt(to - 1) === 32 || header.charCodeAt(to - 1) === 9)) to--;
  return header.slice(from, to);
}

/**
 * Reads one cookie's value without parsing the whole header into objects (this runs on the viewer's hot path). Reads
 * it as Astro's parser (the cookie package) does: pairs split at `;`, spaces and tabs around names and values dropped,
 * the first pair of a name wins; the fast path decides "signed in?" with this, so both must agree on `a=1;b=2`.
 * Linear in the header: each character is looked at a bounded number of times.
 */
export function cookieValue(header: string | null | undefined, name: string): string | null {
  if (!header) return null;
  for (let from = 0; from < header.length;) {
    const eq = header.indexOf('=', from);
    if (eq < 0) return null;
    const start = Math.max(from, header.lastIndexOf(';', eq) + 1); // pairs without `=` before it are skipped
    const end = header.indexOf(';', eq);
    const stop = end < 0 ? header.length : end;
    if (sliceTrimmed(header, start, eq) === name) return sliceTrimmed(header, eq + 1, stop);
    from = stop + 1;
  }
  return null;
}

export function resolveLocale(input: { userLocale?: string | null; cookie?: string | null; acceptLanguage?: string | null }): Locale {
  if (isLocale(input.userLocale)) return input.userLocale;
  const fromCookie = cookieValue(input.cookie, LOCALE_COOKIE);
  if (isLocale(fromCookie)) return fromCookie;
  return negotiate(input.acceptLanguage) ?? DEFAULT_LOCALE;
}
