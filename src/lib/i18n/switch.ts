// The footer's language switch as HTML: shared by the Astro pages and the share viewer's frame (which is not Astro).
import { escapeHtml } from '../render/escape';
import { LOCALES, LOCALE_NAMES, type Locale } from './locales';
import { t } from './index';

/**
 * A plain form, so it works without script; with script (language-switch.ts, viewer.js) picking a language submits it
 * and the button hides. `next` is the page to come back to.
 */
export const languageSwitchHtml = (locale: Locale, next: string): string => switchHtml(locale, escapeHtml(next));

/** The same with `next` already escaped for an attribute (or a slot marker filled per view). */
export function switchHtml(locale: Locale, nextAttr: string): string {
  const options = LOCALES.map((l) => `<option value="${l}" lang="${l}"${l === locale ? ' selected' : ''}>${LOCALE_NAMES[l]}</option>`).join('');
  return `<form class="lang-switch" method="post" action="/locale" data-lang-switch>`
    + `<input type="hidden" name="next" value="${nextAttr}">`
    + `<label><svg viewBox="0 0 24 24" width="14" height="14" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" aria-hidden="true"><circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3c2.5 3 2.5 15 0 18M12 3c-2.5 3-2.5 15 0 18"/></svg>`
    + `<span class="sr-only">${escapeHtml(t(locale, 'common.language'))}</span>`
    + `<select name="locale">${options}</select></label>`
    + `<button class="btn btn-sm" type="submit" data-lang-apply>${escapeHtml(t(locale, 'common.languageApply'))}</button></form>`;
}
