// The sentence under the Share Chat form that says when a link stops working; runs in the browser and on the server.
import { MAX_COUNT } from './share-rules';

export interface ExpiryInput {
  expiresAt: number | null; // unix seconds
  maxViews: number;
  maxClones: number;
  allowCloning: boolean;
  allowViewAfterCloneLimit: boolean;
  locale?: string;
  /** Unix seconds; when given, an expiry at or before it reads "Expired on …" instead of promising a past date. */
  now?: number;
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
/** Only a whole number from 1 to the reference's maximum is a limit; anything else (1.5, -1, NaN) is no limit at all. */
const isLimit = (n: number) => Number.isInteger(n) && n > 0 && n <= MAX_COUNT;

/** "Expires on 10/26/2024, 5:00:00 PM or after 100 views", as the reference words it; "This link never expires." otherwise. */
export function describeExpiry(o: ExpiryInput): string {
  const date = (t: number) => new Date(t * 1000).toLocaleString(o.locale);
  const hasDate = o.expiresAt !== null && Number.isFinite(o.expiresAt) && o.expiresAt > 0;
  if (hasDate && o.now !== undefined && o.expiresAt! <= o.now) return `Expired on ${date(o.expiresAt!)}`;
  const conditions: string[] = [];
  if (hasDate) conditions.push(`on ${date(o.expiresAt!)}`);
  if (isLimit(o.maxViews)) conditions.push(`after ${plural(o.maxViews, 'view', 'views')}`);
  const clones = o.allowCloning && isLimit(o.maxClones);
  if (clones && !o.allowViewAfterCloneLimit) conditions.push(`after ${plural(o.maxClones, 'clone', 'clones')}`);
  if (!conditions.length) {
    return clones
      ? `This link never expires. Cloning stops after ${plural(o.maxClones, 'clone', 'clones')}; viewing continues.`
      : 'This link never expires.';
  }
  const [first, ...rest] = conditions;
  return `Expires ${first}${rest.length ? ` or ${rest.join(' or ')}` : ''}`;
}
