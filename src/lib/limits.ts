// How much a request may send: body limits per route, enforced while the body streams (entry) and again when read.

export const MiB = 1024 * 1024;
/**
 * An import (a JSON file or a ZIP archive): written to disk as it arrives and parsed there as a stream, a conversation
 * at a time (lib/imports/spool.ts, stream.ts), so its size costs disk, not memory. IMPORT_MAX_MB changes it (the
 * fuzz tests send one byte past it, and 1 GiB is too much to send in a test).
 */
export const IMPORT_BODY_LIMIT = (Number(process.env.IMPORT_MAX_MB) || 1024) * MiB;
export const ZIP_IMPORT_BODY_LIMIT = IMPORT_BODY_LIMIT;
const ZIP_TYPES = new Set(['application/zip', 'application/x-zip-compressed', 'application/x-zip']);

/** Whether a request's Content-Type says a ZIP archive (what browsers send for .zip, Windows' name included). */
export const isZipType = (contentType: string | null | undefined): boolean =>
  ZIP_TYPES.has((contentType ?? '').split(';')[0]!.trim().toLowerCase());
export const CHAT_BODY_LIMIT = 10 * MiB;
export const DEFAULT_BODY_LIMIT = 1 * MiB;
/** JSON nesting deeper than this is refused before parsing (real chat exports stay under 20 levels). */
export const MAX_JSON_DEPTH = 64;

/** The body limit of a route: imports 1 GiB (JSON or ZIP), chat create and update 10 MiB, everything else 1 MiB. */
export function bodyLimitFor(pathname: string, contentType?: string | null): number {
  const p = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (p === '/api/v1/chats/import') return isZipType(contentType) ? ZIP_IMPORT_BODY_LIMIT : IMPORT_BODY_LIMIT;
  if (p === '/api/v1/chats/new' || /^\/api\/v1\/chats\/[^/]+$/.test(p)) return CHAT_BODY_LIMIT;
  return DEFAULT_BODY_LIMIT;
}

export const formatBytes = (n: number): string => (n >= MiB ? `${Math.round(n / MiB)} MB` : `${Math.round(n / 1024)} KB`);
