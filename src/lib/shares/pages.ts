// Responses of the share routes: the page (counted views), previews for crawlers, the password form, the OG image.
import type { APIContext } from 'astro';
import { config } from '../config';
import { readForm } from '../http';
import { getUser, avatarUrl } from '../auth/users';
import { isLinkPreviewBot, isPrefetch } from './crawlers';
import type { StoredShare } from './store';
import { readViewerArtifact, readFileArtifact } from './artifacts';
import { liveDocumentFor, liveOgImage, liveTemplate, snapshotRecipe } from './documents';
import { renderGenericCard } from '../render/pool';
import { buildCloneHtml, buildErrorPage, buildHeadTags, buildOwnerHtml, buildPasswordPage, buildPreviewPage, escapeHtml, fillViewer, type ViewerTemplate } from './html';
import { countView, tryUnlock } from './access';
import { liveToken } from './tokens';
import { deny, type Denied } from './gate';
import { offersClone } from './clone';
import { t, type Locale } from '../i18n/index';
import { localizeMarkers } from '../i18n/localize';

type Ctx = APIContext;
const SITE = 'chatshare';
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const origin = (url: URL) => config.publicOrigin ?? url.origin;
const isOpen = (s: StoredShare) => s.is_public && !s.password_hash; // may show its title and text to anyone

function htmlResponse(body: string | Buffer, status: number, share: StoredShare | null, extra: Record<string, string> = {}): Response {
  return new Response(body as BodyInit /* a Buffer is a Uint8Array: sent as is */, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CSP,
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'x-robots-tag': share && isOpen(share) ? 'all' : 'noindex, nofollow',
      'cache-control': 'private, no-store',
      ...extra,
    },
  });
}

const TITLED = new Set(['SHARE_LINK_NOT_FOUND', 'SHARE_LINK_REVOKED', 'SHARE_LINK_EXPIRED', 'CLONE_NOT_ALLOWED', 'CLONE_LIMIT_REACHED']);
/** The friendly page of a denial, in the viewer's language: the reference's message for the share codes. */
export function errorPage(access: Pick<Denied, 'status' | 'code' | 'detail'>, locale: Locale, next = '/'): Response {
  const title = t(locale, TITLED.has(access.code) ? `viewer.title_${access.code}` : 'viewer.title_unavailable');
  const message = locale === 'en' ? access.detail : t(locale, `errors.${access.code}`);
  return htmlResponse(buildErrorPage({ status: access.status, code: access.code, title, message, locale, next }), access.status, null);
}

function imageUrl(url: URL, s: StoredShare, version: string | number): string {
  return `${origin(url)}/s/${encodeURIComponent(s.share_id)}/og.png?v=${isOpen(s) ? version : 'locked'}`;
}

/** Head tags: the real title and summary only for shares anyone may read; a generic card otherwise. */
function headFor(url: URL, s: StoredShare, open: { title: string; summary: string; version: string | number } | null, locale: Locale): string {
  const pageUrl = `${origin(url)}/s/${encodeURIComponent(s.share_id)}`;
  if (!open || !isOpen(s)) {
    return buildHeadTags({ title: t(locale, 'viewer.previewTitle'), description: t(locale, 'viewer.protectedDescription'), url: pageUrl, imageUrl: imageUrl(url, s, 0), imageAlt: t(locale, 'viewer.protectedImageAlt'), siteName: SITE, noindex: true });
  }
  return buildHeadTags({ title: open.title, description: open.summary || t(locale, 'viewer.openDescription'), url: pageUrl, imageUrl: imageUrl(url, s, open.version), imageAlt: t(locale, 'viewer.openImageAlt', { title: open.title }), siteName: SITE, noindex: false });
}

async function openCard(s: StoredShare): Promise<{ title: string; summary: string; version: string | number } | null> {
  if (!isOpen(s)) return null;
  if (s.kind === 'snapshot') return { title: s.snapshot_title ?? 'Shared chat', summary: s.snapshot_summary ?? '', version: s.snapshot_rev };
  const live = await liveDocumentFor(s.chat_id);
  return live && { title: live.title, summary: live.summary, version: live.updatedAt };
}

export const isPreviewRequest = (request: Request) =>
  request.method === 'HEAD' || isPrefetch(request.headers) || isLinkPreviewBot(request.headers.get('user-agent'));

/** GET/HEAD /s/{id}: the gate's decision turned into a page. */
export async function sharePage(ctx: Ctx): Promise<Response> {
  const g = ctx.locals.share!;
  const locale = ctx.locals.locale;
  const path = ctx.url.pathname;
  const preview = isPreviewRequest(ctx.request);
  const s = g.share;
  if (!g.access.allow) {
    const access = g.access;
    if (!s || access.code === 'SHARE_LINK_NOT_FOUND' || access.code === 'SHARE_LINK_REVOKED' || access.code === 'SHARE_LINK_EXPIRED') return errorPage(access, locale, path);
    // Crawlers give up on redirects and cannot sign in: they get a 200 card that reveals nothing.
    if (preview) return htmlResponse(buildPreviewPage({ head: headFor(ctx.url, s, null, locale), locale, next: path }), 200, s);
    if (access.code === 'LOGIN_REQUIRED') {
      return new Response(null, { status: 302, headers: { location: `/auth/signin?next=${encodeURIComponent(ctx.url.pathname)}`, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } });
    }
    return passwordPage(ctx, s, null, 401);
  }
  if (!s) return errorPage(deny('SHARE_LINK_NOT_FOUND'), locale, path);
  if (preview) return htmlResponse(buildPreviewPage({ head: headFor(ctx.url, s, await openCard(s), locale), locale, next: path }), 200, s);

  const counted = countView(ctx, g);
  if (!counted.allow) return errorPage(counted, locale, path);

  let doc: ViewerTemplate | null;
  let card: { title: string; summary: string; version: string | number };
  let bodyAttrs = '';
  let liveRecipe = '';
  if (s.kind === 'live') {
    const live = await liveDocumentFor(s.chat_id);
    if (!live) return errorPage(deny('SHARE_LINK_NOT_FOUND'), locale, path);
    doc = liveTemplate(live, locale);
    card = { title: live.title, summary: live.summary, version: live.updatedAt };
    liveRecipe = live.recipe;
    bodyAttrs = ` data-live-url="/s/${escapeHtml(encodeURIComponent(s.share_id))}/live" data-version="${live.updatedAt}" data-live-token="${escapeHtml(liveToken(s))}"`;
  } else {
    doc = await readViewerArtifact(s.chat_id, s.snapshot_rev, locale);
    card = { title: s.snapshot_title ?? 'Shared chat', summary: s.snapshot_summary ?? '', version: s.snapshot_rev };
  }
  if (!doc) return errorPage(deny('SHARE_LINK_NOT_FOUND'), locale, path);

  // Viewer-specific parts, added around the immutable artifact: only signed-in viewers see owner and recipe.
  const viewer = ctx.locals.user;
  let owner = '';
  let recipe = '';
  if (viewer) {
    if (s.display_username) {
      const u = getUser(s.user_id);
      if (u) owner = buildOwnerHtml({ name: u.name, avatarUrl: avatarUrl(u), locale });
    }
    recipe = localizeMarkers(s.kind === 'live' ? liveRecipe : await snapshotRecipe(s.chat_id, s.snapshot_rev), locale);
  }
  const head = isOpen(s) ? headFor(ctx.url, s, card, locale) : `<title>${escapeHtml(card.title)} · chatshare</title><meta name="robots" content="noindex,nofollow">`;
  const clone = offersClone(s, g.access.isOwner, viewer) ? buildCloneHtml({ action: `/s/${encodeURIComponent(s.share_id)}/clone`, signedIn: !!viewer, locale }) : '';
  const pathAttr = escapeHtml(`/s/${encodeURIComponent(s.share_id)}`);
  return htmlResponse(fillViewer(doc, { head, owner, recipe, actions: '', clone, path: pathAttr, bodyAttrs }), 200, s);
}

function passwordPage(ctx: Ctx, s: StoredShare, error: string | null, status: number, retryAfterSec?: number): Response {
  const action = `/s/${encodeURIComponent(s.share_id)}`;
  const locale = ctx.locals.locale;
  const body = buildPasswordPage({ shareId: s.share_id, action, error: error ?? undefined, retryAfterSec, head: headFor(ctx.url, s, null, locale), locale });
  return htmlResponse(body, status, s, retryAfterSec ? { 'retry-after': String(retryAfterSec) } : {});
}

/** POST /s/{id}: the password form. */
export async function sharePasswordSubmit(ctx: Ctx): Promise<Response> {
  const g = ctx.locals.share!;
  const s = g.share;
  if (!g.access.allow && g.access.code !== 'PASSWORD_REQUIRED') {
    if (g.access.code === 'LOGIN_REQUIRED') return new Response(null, { status: 303, headers: { location: `/auth/signin?next=${encodeURIComponent(ctx.url.pathname)}` } });
    return errorPage(g.access, ctx.locals.locale, ctx.url.pathname);
  }
  if (!s) return new Response(null, { status: 303, headers: { location: ctx.url.pathname } });
  if (g.access.allow) return new Response(null, { status: 303, headers: { location: ctx.url.pathname } });
  let password = '';
  try { password = String((await readForm(ctx.request)).get('password') ?? ''); } catch { /* not a form: treated as empty */ }
  const result = await tryUnlock(ctx, s, password);
  if (result.ok) return new Response(null, { status: 303, headers: { location: ctx.url.pathname, 'cache-control': 'no-store' } });
  if (result.status === 429) return passwordPage(ctx, s, null, 429, result.retryAfterSec);
  return passwordPage(ctx, s, t(ctx.locals.locale, 'viewer.passwordWrong'), 401);
}

/** GET /s/{id}/og.png: the card image, gated like the page; protected shares get the generic card. */
export async function shareImage(ctx: Ctx): Promise<Response> {
  const g = ctx.locals.share!;
  const s = g.share;
  if (!s || (!g.access.allow && g.access.code !== 'LOGIN_REQUIRED' && g.access.code !== 'PASSWORD_REQUIRED')) {
    return errorPage(g.access.allow ? deny('SHARE_LINK_NOT_FOUND') : g.access, ctx.locals.locale);
  }
  let png: Buffer | null;
  let etag: string;
  if (!isOpen(s)) {
    png = await renderGenericCard(ctx.locals.locale);
    etag = `"og-generic-2-${ctx.locals.locale}"`;
  } else if (s.kind === 'live') {
    const live = await liveDocumentFor(s.chat_id);
    png = live ? await liveOgImage(live) : null;
    etag = `"og-${live?.updatedAt}"`;
  } else {
    png = await readFileArtifact(s.chat_id, s.snapshot_rev, 'png');
    etag = `"og-${s.snapshot_rev}"`;
  }
  if (!png) return errorPage(deny('SHARE_LINK_NOT_FOUND'), ctx.locals.locale);
  const versioned = ctx.url.searchParams.has('v');
  const headers: Record<string, string> = {
    'content-type': 'image/png', etag, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer',
    'cache-control': versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
  };
  if (ctx.request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  return new Response(ctx.request.method === 'HEAD' ? null : new Uint8Array(png), { headers: { ...headers, 'content-length': String(png.length) } });
}
