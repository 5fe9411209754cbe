// t() for page scripts: the messages the page embedded (components/I18nData.astro), formatted with intl-messageformat
// in the page's language (<html lang>), so scripts never build sentences by concatenation.
import { IntlMessageFormat } from 'intl-messageformat';

import type { Values } from '../lib/i18n/index'; // a type only: nothing of the server's i18n is bundled

export const locale = document.documentElement.lang || 'en';
const messages: Record<string, string> = Object.create(null);
for (const el of document.querySelectorAll('script[data-i18n]')) {
  try { Object.assign(messages, JSON.parse(el.textContent || '{}')); } catch { /* a broken block: keys show as themselves */ }
}
const compiled = new Map<string, IntlMessageFormat>();

export function t(key: string, values?: Values): string {
  const message = messages[key];
  if (message === undefined) return key;
  let fmt = compiled.get(key);
  if (!fmt) compiled.set(key, (fmt = new IntlMessageFormat(message, locale, undefined, { ignoreTag: true })));
  try { return String(fmt.format(values as never)); } catch { return message; }
}
