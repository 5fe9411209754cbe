// The share routes' answers as data (status, headers, body chunks), and the friendly pages of a refusal: one module the
// page, the fast path, cloning, downloads and the report form all answer through, so none of them imports another's route.
import { nowSeconds } from '../../db';
import type { StoredShare } from '../store';
import { buildAccessRequestHtml, buildErrorPage } from './html';
import { ASK_AGAIN_AFTER, MAX_REQUEST_NOTE, requestOf } from '../audience/grants-store';
import { isDenyCode, type Denied } from '../gate';
import { t, type Locale } from '../../i18n/index';
import { isIndexable, robotsHeader } from '../preview/indexing';

export const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** A response as status, headers and body chunks (written with writev on the fast path, never joined there). */
export interface ViewResult { status: number; headers: Record<string, string>; body: Buffer[] }

export function htmlResult(body: string | Buffer[], status: number, share: StoredShare | null, extra: Record<string, string> = {}): ViewResult {
  const chunks = typeof body === 'string' ? [Buffer.from(body, 'utf8')] : body;
  return {
    status,
    body: chunks,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CSP,
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      // Every share page is noindex unless its owner opted in and the link may be indexed (indexing.ts).
      'x-robots-tag': robotsHeader(!!share && isIndexable(share)),
      'cache-control': 'private, no-store',
      'content-length': String(chunks.reduce((n, c) => n + c.length, 0)),
      ...extra,
    },
  };
}

/** A result as a web Response (the Astro path). */
export function toResponse(r: ViewResult): Response {
  const body = r.body.length === 0 ? null : r.body.length === 1 ? r.body[0]! : Buffer.concat(r.body);
  return new Response(body as BodyInit | null /* a Buffer is a Uint8Array: sent as is */, { status: r.status, headers: r.headers });
}

const TITLED = new Set(['SHARE_LINK_NOT_FOUND', 'SHARE_LINK_REVOKED', 'SHARE_LINK_EXPIRED', 'SHARE_ACCESS_DENIED', 'CLONE_NOT_ALLOWED', 'CLONE_LIMIT_REACHED']);
export function errorResult(access: { status: number; code: string; detail: string; viewsUsedUp?: true }, locale: Locale, next = '/', extra?: string): ViewResult {
  const title = t(locale, TITLED.has(access.code) ? `viewer.title_${access.code}` : 'viewer.title_unavailable');
  // The gate's denials carry English; other details (clone refusals) come already in the viewer's language.
  const message = isDenyCode(access.code) ? t(locale, `errors.${access.code}`) : access.detail;
  // A link whose views are used up says so under the reference's message: "expired" alone sent its reader looking for
  // a date that never was.
  const note = access.viewsUsedUp ? t(locale, 'viewer.text_viewsUsedUp') : undefined;
  return htmlResult(buildErrorPage({ status: access.status, code: access.code, title, message, note, locale, next, extra }), access.status, null);
}

/** The 403 page of a people-only link for a signed-in reader outside it, with Request access or where their request stands. */
export function accessDeniedResult(access: Denied, locale: Locale, path: string, userId: string, s: StoredShare, error?: string): ViewResult {
  const r = requestOf(s.chat_id, userId);
  const extra = buildAccessRequestHtml({
    locale, action: `${path.replace(/\/+$/, '')}/request`, status: r?.status === 'approved' ? 'none' : r?.status ?? 'none', now: nowSeconds(),
    canAskAt: r?.status === 'declined' && r.decided_at !== null ? r.decided_at + ASK_AGAIN_AFTER : null, maxNote: MAX_REQUEST_NOTE, error,
  });
  return errorResult(access, locale, path, extra);
}
/** The friendly page of a denial, in the viewer's language: the reference's message for the share codes. */
export const errorPage = (access: Pick<Denied, 'status' | 'code' | 'detail' | 'viewsUsedUp'>, locale: Locale, next = '/'): Response => toResponse(errorResult(access, locale, next));
