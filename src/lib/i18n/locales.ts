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

/** Reads one cookie's value without parsing the whole header into objects (this runs on the viewer's hot path). */
export function cookieValue(header: string | null | undefined, name: string): string | null {
  if (!header) return null;
  const at = (`; ${header}`).indexOf(`; ${name}=`);
  if (at < 0) return null;
  const from = at + name.length + 1;
  const end = header.indexOf(';', from);
  return header.slice(from, end < 0 ? undefined : end).trim();
}

export function resolveLocale(input: { userLocale?: string | null; cookie?: string | null; acceptLanguage?: string | null }): Locale {
  if (isLocale(input.userLocale)) return input.userLocale;
  const fromCookie = cookieValue(input.cookie, LOCALE_COOKIE);
  if (isLocale(fromCookie)) return fromCookie;
  return negotiate(input.acceptLanguage) ?? DEFAULT_LOCALE;
}
