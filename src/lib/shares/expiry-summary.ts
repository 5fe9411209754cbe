// The sentence under the Share Chat form that says when a link stops working; runs in the browser and on the server.

export interface ExpiryInput {
  expiresAt: number | null; // unix seconds
  maxViews: number;
  maxClones: number;
  allowCloning: boolean;
  allowViewAfterCloneLimit: boolean;
  locale?: string;
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** "Expires on 10/26/2024, 5:00:00 PM or after 100 views", as the reference words it; "This link never expires." otherwise. */
export function describeExpiry(o: ExpiryInput): string {
  const conditions: string[] = [];
  if (o.expiresAt) conditions.push(`on ${new Date(o.expiresAt * 1000).toLocaleString(o.locale)}`);
  if (o.maxViews > 0) conditions.push(`after ${plural(o.maxViews, 'view', 'views')}`);
  const cloneLimit = o.allowCloning && o.maxClones > 0 && !o.allowViewAfterCloneLimit;
  if (cloneLimit) conditions.push(`after ${plural(o.maxClones, 'clone', 'clones')}`);
  if (!conditions.length) {
    return o.allowCloning && o.maxClones > 0
      ? `This link never expires. Cloning stops after ${plural(o.maxClones, 'clone', 'clones')}; viewing continues.`
      : 'This link never expires.';
  }
  const [first, ...rest] = conditions;
  return `Expires ${first}${rest.length ? ` or ${rest.join(' or ')}` : ''}`;
}
