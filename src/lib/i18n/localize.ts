// Turns language-neutral HTML (see ./markers.ts) into one language's HTML.
import { escapeHtml } from '../render/escape';
import { t, type Locale, type Values } from './index';
import { MARKER } from './markers';

function valuesOf(args: string | undefined): Values | undefined {
  if (!args) return undefined;
  const out: Values = {};
  for (const pair of args.split(',')) {
    const [k, v] = pair.split('=');
    if (k && v !== undefined) out[k] = Number(v);
  }
  return out;
}

/** The HTML in one language: every marker replaced by its escaped message (safe in text and in attribute values). */
export function localizeMarkers(html: string, locale: Locale): string {
  return html.replace(MARKER, (_m, key: string | undefined, args: string | undefined, lang: string | undefined) =>
    (lang ? locale : escapeHtml(t(locale, key!, valuesOf(args)))));
}
