// t(locale, 'area.key', values): ICU messages (plural, select, number, date) through intl-messageformat, compiled once.
import { IntlMessageFormat } from 'intl-messageformat';
import { CATALOGS } from './catalogs/index';
import { DEFAULT_LOCALE, type Locale } from './locales';

export * from './locales';

/** A message inside a message (a reason inside "No chat could be imported: {reason}"), translated with it. */
export interface Nested { key: string; values?: Values }
export type Values = { [name: string]: string | number | Date | boolean | null | undefined | Nested };

const isNested = (v: unknown): v is Nested => typeof v === 'object' && v !== null && !(v instanceof Date) && typeof (v as Nested).key === 'string';
export type Translate = (key: string, values?: Values) => string;

/** Every message of a language as one flat `area.key` map (null-prototype: keys come from templates, never users). */
function flatten(locale: Locale): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [area, messages] of Object.entries(CATALOGS[locale])) {
    for (const [key, message] of Object.entries(messages)) out[`${area}.${key}`] = message;
  }
  return out;
}

const FLAT: Record<Locale, Record<string, string>> = { en: flatten('en'), fr: flatten('fr'), es: flatten('es') };
const compiled = new Map<string, IntlMessageFormat>();

/** The raw ICU message for a key, falling back to English (the catalog test keeps that from happening). */
export const messageOf = (locale: Locale, key: string): string | undefined => FLAT[locale][key] ?? FLAT[DEFAULT_LOCALE][key];

// Dates in messages are shown in UTC on the server (it cannot know the viewer's zone); pages re-format <time> in the browser.
const FORMATS = { date: { long: { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }, medium: { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' } }, time: { short: { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' } } } as const;

export function t(locale: Locale, key: string, values?: Values): string {
  const message = messageOf(locale, key);
  if (message === undefined) return key;
  const id = `${locale}\u0000${key}`;
  let fmt = compiled.get(id);
  if (!fmt) {
    fmt = new IntlMessageFormat(message, locale, FORMATS as never, { ignoreTag: true });
    compiled.set(id, fmt);
  }
  let flat = values;
  if (values && Object.values(values).some(isNested)) {
    flat = {};
    for (const [k, v] of Object.entries(values)) flat[k] = isNested(v) ? t(locale, v.key, v.values) : v;
  }
  try {
    return String(fmt.format(flat as never));
  } catch {
    return message; // a missing value: show the message rather than fail the page
  }
}

export const translator = (locale: Locale): Translate => (key, values) => t(locale, key, values);

/** The messages of the given areas or key prefixes, for a page's scripts (embedded as JSON, formatted in the browser). */
export function clientMessages(locale: Locale, prefixes: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(FLAT[DEFAULT_LOCALE])) {
    if (prefixes.some((p) => key.startsWith(p))) out[key] = messageOf(locale, key)!;
  }
  return out;
}

export const formatDate = (locale: Locale, seconds: number, style: 'long' | 'medium' = 'long') =>
  new Intl.DateTimeFormat(locale, FORMATS.date[style]).format(new Date(seconds * 1000));
