// How much a request may send: body limits per route, enforced while the body streams (entry) and again when read.

export const MiB = 1024 * 1024;
export const IMPORT_BODY_LIMIT = 50 * MiB;
export const CHAT_BODY_LIMIT = 10 * MiB;
export const DEFAULT_BODY_LIMIT = 1 * MiB;
/** JSON nesting deeper than this is refused before parsing (real chat exports stay under 20 levels). */
export const MAX_JSON_DEPTH = 64;

/** The body limit of a route: imports 50 MiB, chat create and update 10 MiB, everything else 1 MiB. */
export function bodyLimitFor(pathname: string): number {
  const p = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (p === '/api/v1/chats/import') return IMPORT_BODY_LIMIT;
  if (p === '/api/v1/chats/new' || /^\/api\/v1\/chats\/[^/]+$/.test(p)) return CHAT_BODY_LIMIT;
  return DEFAULT_BODY_LIMIT;
}

export const formatBytes = (n: number): string => (n >= MiB ? `${Math.round(n / MiB)} MB` : `${Math.round(n / 1024)} KB`);
