// Language-neutral HTML: share artifacts and rendered conversations carry `<!--cs:t:key|n=3-->` markers where words go,
// and each language's copy is made once per artifact (not per view) by localizeMarkers (./localize.ts).

/**
 * A marker for a catalog message; values are numbers only (counts, and dates as epoch milliseconds for ICU `date`).
 * Chat content can never forge one: sanitized markdown keeps no comments and code is escaped.
 */
export function tm(key: string, values?: Record<string, number>): string {
  const args = values ? `|${Object.entries(values).map(([k, v]) => `${k}=${Math.trunc(v)}`).join(',')}` : '';
  return `<!--cs:t:${key}${args}-->`;
}

/**
 * Where a share page's own path (/s/{id}) goes, filled at view time (shares/serve/html.ts's path slot): a rendered chat's
 * kept images point at `<!--cs:path-->/files/{id}`, so no artifact carries a share id or the owner's file URL.
 */
export const PATH_MARKER = '<!--cs:path-->';

/** Where the document's language goes (`<html lang>`). */
export const LANG_MARKER = '<!--cs:lang-->';

export const MARKER = /<!--cs:(?:t:([A-Za-z0-9_.]{1,80})(?:\|([A-Za-z0-9_=,-]{0,200}))?|(lang))-->/g;
