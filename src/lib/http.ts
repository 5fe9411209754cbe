// Errors as values with codes: every module throws HttpError; endpoints turn it into JSON, pages into friendly pages.
import { DEFAULT_BODY_LIMIT, MAX_JSON_DEPTH, MiB } from './limits';
import { messageOf, t, type Locale, type Values } from './i18n/index';

export const errorStatus = {
  BAD_REQUEST: 400,
  VALIDATION_ERROR: 422,
  UNAUTHORIZED: 401,
  INVALID_CREDENTIALS: 401,
  LOGIN_REQUIRED: 401,
  PASSWORD_REQUIRED: 401,
  INVALID_PASSWORD: 403,
  FORBIDDEN: 403,
  CLONE_NOT_ALLOWED: 403,
  CLONE_LIMIT_REACHED: 403,
  // A live poll without the fresh token its page's counted view set (another client, a copied token, an expired one).
  LIVE_TOKEN_INVALID: 403,
  // Running an instance: permissions, roles, sign-up, moderation.
  ACCOUNT_PENDING: 403,
  ADMIN_REQUIRED: 403,
  SHARING_NOT_ALLOWED: 403,
  PUBLIC_SHARING_NOT_ALLOWED: 403,
  SIGNUP_DISABLED: 403,
  SHARE_MODERATED: 403,
  // Issue 17.1: a signed-in reader outside a link's audience; sharing with people or groups without the permission.
  SHARE_ACCESS_DENIED: 403,
  ACCESS_GRANTS_NOT_ALLOWED: 403,
  // Issue 18: the owner turned downloads off; the administrator does not let links be indexed.
  DOWNLOAD_NOT_ALLOWED: 403,
  INDEXING_NOT_ALLOWED: 403,
  NOT_FOUND: 404,
  CHAT_NOT_FOUND: 404,
  SHARE_LINK_NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  GROUP_NOT_FOUND: 404,
  REPORT_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  EMAIL_TAKEN: 409,
  SHARE_ID_TAKEN: 409,
  GROUP_NAME_TAKEN: 409,
  SELF_CHANGE_NOT_ALLOWED: 409,
  SHARE_LINK_REVOKED: 410,
  SHARE_LINK_EXPIRED: 410,
  PAYLOAD_TOO_LARGE: 413,
  REQUEST_TIMEOUT: 408,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  IMPORT_BUSY: 429,
  RENDER_BUSY: 503,
  // The object store (STORAGE_PROVIDER=s3) could not be reached or refused a request: see storage/objects.ts.
  STORAGE_UNAVAILABLE: 503,
  INTERNAL_ERROR: 500,
  // oEmbed asked for a format other than JSON (oembed.com: 501).
  NOT_IMPLEMENTED: 501,
  // The database stayed locked by other writers past every retry: a moment later it will not be.
  BUSY: 503,
  // The disk or the database is full (ENOSPC, EDQUOT, SQLITE_FULL): see storage-full.ts.
  STORAGE_FULL: 507,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof errorStatus;

/**
 * A translatable message: a catalog key and its values (see src/lib/i18n). `english`, when set, is the English detail
 * as written elsewhere (a zod schema's own wording), kept word for word; other languages use the key.
 */
export interface Message { key: string; values?: Values; english?: string }
export const msg = (key: string, values?: Values): Message => ({ key, values });

export class HttpError extends Error {
  readonly status: number;
  /** The English detail (logs, tests); `detailIn(locale)` is what a client reads. */
  readonly detail: string;
  readonly message_: Message | null;
  constructor(
    readonly code: ErrorCode,
    detail: string | Message,
    readonly headers: Record<string, string> = {},
  ) {
    const english = typeof detail === 'string' ? detail : detail.english ?? t('en', detail.key, detail.values);
    super(english);
    this.detail = english;
    this.message_ = typeof detail === 'string' ? null : detail;
    this.status = errorStatus[code];
  }

  /**
   * The detail in a language: the message's own translation, else the code's general sentence from the errors
   * catalog for a string detail, else the English detail.
   */
  detailIn(locale: Locale): string {
    if (this.message_) return locale === 'en' ? this.detail : t(locale, this.message_.key, this.message_.values);
    if (locale !== 'en' && messageOf(locale, `errors.${this.code}`) !== undefined) return t(locale, `errors.${this.code}`);
    return this.detail;
  }
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

/**
 * SQLite's "database is locked/busy": another connection (the other worker) held the write lock past every retry.
 * Not a fault of the request: answered 503 with Retry-After, never a 500.
 */
export function isBusyError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** Seconds a client should wait before asking again after a BUSY answer. */
export const BUSY_RETRY_AFTER = '1';

export function errorResponse(err: unknown, locale: Locale = 'en'): Response {
  if (err instanceof HttpError) {
    return json({ detail: err.detailIn(locale), code: err.code }, err.status, err.headers);
  }
  if (isBusyError(err)) {
    console.warn('chatshare: database busy past the retries; answered 503');
    return json({ detail: t(locale, 'errors.BUSY'), code: 'BUSY' }, 503, { 'retry-after': BUSY_RETRY_AFTER });
  }
  // A full disk is a condition to name, not a bug: 507 in plain words (codes checked here to keep http.ts free of fs).
  if (isFullCode(err)) {
    onStorageFull?.();
    return json({ detail: t(locale, 'api.storageFull'), code: 'STORAGE_FULL' }, 507);
  }
  // The render pool refused an account's task (its queue is full: render/scheduler.ts): a 503 with Retry-After.
  const busy = err as { code?: unknown; retryAfterSec?: unknown } | null;
  if (busy?.code === 'RENDER_BUSY' && typeof busy.retryAfterSec === 'number') {
    return errorResponse(new HttpError('RENDER_BUSY', msg('errors.RENDER_BUSY'), { 'retry-after': String(busy.retryAfterSec) }), locale);
  }
  // Never leak a stack or a thrown string to the client; log it for the operator instead.
  console.error('unhandled error', err);
  return json({ detail: t(locale, 'errors.INTERNAL_ERROR'), code: 'INTERNAL_ERROR' }, 500);
}

const FULL_CODES = ['ENOSPC', 'EDQUOT', 'SQLITE_FULL'];
/** True when the error (or one it wraps) says the disk or the database is full. */
export function isFullCode(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, i = 0; e && typeof e === 'object' && i < 5; e = e.cause as typeof e, i++) {
    if (typeof e.code === 'string' && FULL_CODES.includes(e.code)) return true;
  }
  return false;
}
let onStorageFull: (() => void) | null = null;
/** storage-full.ts registers how a full disk is remembered (for /healthz), without http.ts importing it. */
export const setStorageFullListener = (listener: () => void) => { onStorageFull = listener; };

/** A byte limit as message values (whole MB or KB); each language names the unit (Mo and Ko in French). */
export const sizeValues = (bytes: number) => (bytes >= MiB ? { amount: Math.round(bytes / MiB), unit: 'mb' } : { amount: Math.round(bytes / 1024), unit: 'kb' });

const tooLarge = (maxBytes: number) => new HttpError('PAYLOAD_TOO_LARGE', msg('api.bodyTooLarge', sizeValues(maxBytes)));

/** The server entry stops an over-limit body mid-stream with an error coded PAYLOAD_TOO_LARGE (maybe wrapped as a cause). */
export const isBodyTooLarge = (err: unknown): boolean => {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 4; e = e.cause as typeof e, i++) {
    if (e.code === 'PAYLOAD_TOO_LARGE') return true;
  }
  return false;
};

/**
 * Reads a request body into memory, counting bytes as they stream and stopping at `maxBytes`: nothing bigger than the
 * limit is ever held, whether the client declared a Content-Length or sent chunks.
 */
export async function readBody(request: Request, maxBytes = DEFAULT_BODY_LIMIT): Promise<Buffer> {
  const chunks = await readBodyChunks(request, maxBytes);
  return Buffer.concat(chunks, chunks.reduce((n, c) => n + c.byteLength, 0));
}

/**
 * readBody's chunks as they came, not joined: joining a 40 MB body is a copy into fresh memory that held the event loop
 * for ~100 ms (measured), so an import hands its chunks to its thread as they are.
 */
export async function readBodyChunks(request: Request, maxBytes = DEFAULT_BODY_LIMIT, onChunk?: (bytes: number) => void): Promise<Uint8Array[]> {
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return [];
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        reader.cancel().catch(() => undefined);
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
      onChunk?.(value.byteLength);
    }
  } catch (err) {
    if (err instanceof HttpError) throw err;
    if (isBodyTooLarge(err)) throw tooLarge(maxBytes);
    if ((err as { code?: unknown }).code === 'REQUEST_TIMEOUT') throw new HttpError('REQUEST_TIMEOUT', msg('api.bodyTimeout'), { connection: 'close' });
    throw new HttpError('BAD_REQUEST', msg('api.bodyUnreadable'));
  }
  return chunks;
}

/** True when JSON text nests arrays/objects deeper than `max`: one linear pass, before JSON.parse builds anything. */
export function jsonTooDeep(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) { if (++depth > max) return true; }
    else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/** Parses JSON text from a client: malformed is 400, nested deeper than MAX_JSON_DEPTH is 422, never a crash. */
export function parseJsonText(text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!body.trim()) return {};
  if (jsonTooDeep(body)) throw new HttpError('VALIDATION_ERROR', msg('api.jsonTooDeep', { depth: MAX_JSON_DEPTH }));
  try {
    return JSON.parse(body);
  } catch {
    throw new HttpError('BAD_REQUEST', msg('api.jsonInvalid'));
  }
}

/** Reads a JSON body within `maxBytes` (the route's limit) and parses it safely. An empty body reads as `{}`. */
export async function readJson(request: Request, maxBytes = DEFAULT_BODY_LIMIT): Promise<unknown> {
  return parseJsonText((await readBody(request, maxBytes)).toString('utf8'));
}

/** Reads a page's form (urlencoded or multipart) within `maxBytes`: malformed or oversized input is an error in plain words. */
export async function readForm(request: Request, maxBytes = DEFAULT_BODY_LIMIT): Promise<FormData> {
  let body: Buffer;
  try {
    body = await readBody(request, maxBytes);
  } catch (err) {
    if (err instanceof HttpError && err.code === 'PAYLOAD_TOO_LARGE') {
      throw new HttpError('PAYLOAD_TOO_LARGE', msg('api.formTooLarge'));
    }
    throw err;
  }
  try {
    return await new Response(new Uint8Array(body), { headers: { 'content-type': request.headers.get('content-type') ?? '' } }).formData();
  } catch {
    throw new HttpError('BAD_REQUEST', msg('api.formUnreadable'));
  }
}
