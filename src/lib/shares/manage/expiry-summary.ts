// The sentence that says when a link stops working, in the viewer's language; one module for the browser and the server.
// It imports no catalog: callers hand it their translate function (Astro.locals.t, or src/scripts/i18n.ts's t).
import type { Translate } from '../../i18n/index';
import { MAX_COUNT } from './share-rules';

export interface ExpiryInput {
  expiresAt: number | null; // unix seconds
  maxViews: number;
  maxClones: number;
  allowCloning: boolean;
  allowViewAfterCloneLimit: boolean;
  /** The page's language (a BCP 47 tag) for the date; the messages come from `t`. */
  locale?: string;
  /** The zone the date is shown in: the browser's own when left out, 'UTC' on the server (it cannot know the viewer's). */
  timeZone?: string;
  /** Unix seconds; when given, an expiry at or before it reads "Expired on …" instead of promising a past date. */
  now?: number;
  /** The link card's short form: "Never expires" rather than the full sentence. */
  short?: boolean;
}

/** Only a whole number from 1 to the reference's maximum is a limit; anything else (1.5, -1, NaN) is no limit at all. */
const isLimit = (n: number) => Number.isInteger(n) && n > 0 && n <= MAX_COUNT;

// The date and time with seconds, as each language writes them (en: 10/26/2024, 5:00:00 PM; fr: 26/10/2024 17:00:00).
const DATE_TIME = { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit' } as const;

/**
 * "Expires on 10/26/2024, 5:00:00 PM or after 100 views", as the reference words it; "This link never expires." otherwise.
 * Each condition is its own message and Intl.ListFormat joins them with the language's own "or".
 */
export function describeExpiry(o: ExpiryInput, t: Translate): string {
  const date = (s: number) => new Intl.DateTimeFormat(o.locale, { ...DATE_TIME, timeZone: o.timeZone }).format(new Date(s * 1000));
  const hasDate = o.expiresAt !== null && Number.isFinite(o.expiresAt) && o.expiresAt > 0;
  if (hasDate && o.now !== undefined && o.expiresAt! <= o.now) return t('dialog.expiryExpiredOn', { date: date(o.expiresAt!) });
  const conditions: string[] = [];
  if (hasDate) conditions.push(t('dialog.expiryOnDate', { date: date(o.expiresAt!) }));
  if (isLimit(o.maxViews)) conditions.push(t('dialog.expiryAfterViews', { n: o.maxViews }));
  const clones = o.allowCloning && isLimit(o.maxClones);
  if (clones && !o.allowViewAfterCloneLimit) conditions.push(t('dialog.expiryAfterClones', { n: o.maxClones }));
  if (!conditions.length) {
    if (clones) return t(o.short ? 'dialog.expiryNeverCloneStopShort' : 'dialog.expiryNeverCloneStop', { n: o.maxClones });
    return t(o.short ? 'dialog.expiryNeverShort' : 'dialog.expiryNeverSentence');
  }
  const list = new Intl.ListFormat(o.locale, { type: 'disjunction' }).format(conditions);
  return t('dialog.expiryExpires', { conditions: list });
}
