// Responses of the share routes: the page (counted views), previews for crawlers, the password form, the OG image.
import type { APIContext } from 'astro';
import { readForm } from '../../http';
import { getUser, avatarUrl } from '../../auth/users';
import { isLinkPreviewBot, isPrefetch, mustConfirmView } from '../crawlers';
import type { StoredShare } from '../store';
import { readViewerArtifact, readFileArtifact } from '../documents/artifacts';
import { liveDocumentFor, liveOgImage, livePartPage, liveTemplate, snapshotRecipe, type LiveEntry } from '../documents/documents';
import { RenderBusyError } from '../../render/pool';
import { buildViewerDocument, compileViewer } from './html';
import { renderGenericCard } from '../../render/pool';
import { buildCloneHtml, buildConfirmViewPage, buildViewerActions, buildOwnerHtml, buildPasswordPage, buildPreviewPage, escapeHtml, type ViewerParts, type ViewerTemplate } from './html';
import { headFor, isOpen, liveCard, openCard, snapshotCard, type Card } from '../preview/cards';
import { compressedViewer, pickEncoding, plainViewer } from './compressed';
import { countPageView, tryUnlock, type GatedShare } from '../access';
import { liveTokenSeconds } from '../tokens';
import { deny } from '../gate';
import { accessDeniedResult, errorPage, errorResult, htmlResult, toResponse, type ViewResult } from './results';
import { offersClone } from './clone';
import { latestCloneOf } from '../../chats/store';
import { LOCALES, t, type Locale } from '../../i18n/index';
import { localizeMarkers } from '../../i18n/localize';
import { siteOrigin } from './origin';
import { partParam } from './conversation-parts';
import { snapshotPartConversation } from '../documents/snapshot-parts';
import { isStorageUnavailable } from '../../storage/objects';
import { cdnHeaders } from './cdn';
import { isIndexable } from '../preview/indexing';
import { anchorParam, findSharedMessage, messageCard, messageHeadFor, messagePreview } from './message-links';
import { countPreview, countReferrer } from '../stats/count';
import { branchTemplate } from '../documents/branches';

type Ctx = APIContext;

/**
 * What a share page needs of a request. Astro's route (sharePage) and the fast path (src/server/entry.ts) each make
 * one, so both answer through the same code: same bytes, same headers, same counting.
 */
export interface ViewRequest {
  method: string;
  /** The press of "Show conversation" on a view-limited link's page (POST /s/{id} with show=1). */
  confirmed?: boolean;
  /** `?part=N` of a long live chat's page (conversation-parts.ts), when asked. */
  part?: number | null;
  /** `?m=<anchor>`, a link to one message: only previews read it (their head tags and card are the message's). */
  message?: string | null;
  /** `?b=<anchor>` of a share with all branches: the page of the branch through that message (branches.ts). */
  branch?: string | null;
  /** A request header by lower-case name. */
  header: (name: string) => string | null;
  /** The path as requested (/s/{id}). */
  path: string;
  user: App.Locals['user'];
  locale: Locale;
  share: GatedShare;
}

/** The site's origin for absolute links (og:url, og:image): see origin.ts (never an invented Host). */
const originOf = siteOrigin;




const isPreview = (method: string, header: ViewRequest['header']) =>
  method === 'HEAD' || isPrefetch({ get: header } as Headers) || isLinkPreviewBot(header('user-agent'));
export const isPreviewRequest = (request: Request) => isPreview(request.method, (n) => request.headers.get(n));

/** GET/HEAD /s/{id} in Astro: the middleware's gate decision, answered by viewSharePage. */
export async function sharePage(ctx: Ctx): Promise<Response> {
  const headers = ctx.request.headers;
  return toResponse(await viewSharePage({
    method: ctx.request.method, header: (n) => headers.get(n), path: ctx.url.pathname, part: partParam(ctx.url.searchParams.get('part')),
    message: anchorParam(ctx.url.searchParams.get('m')), branch: anchorParam(ctx.url.searchParams.get('b')),
    user: ctx.locals.user, locale: ctx.locals.locale, share: ctx.locals.share!,
  }));
}

/** GET/HEAD /s/{id}: the gate's decision turned into a page. Both paths (Astro, fast) answer through here. */
export async function viewSharePage(v: ViewRequest): Promise<ViewResult> {
  try {
    return await gatedSharePage(v);
  } catch (err) {
    // The object store could not be read (first view of a revision in this process): a clear 503, never a 500.
    if (isStorageUnavailable(err)) {
      const r = errorResult({ status: 503, code: err.code, detail: t(v.locale, 'errors.STORAGE_UNAVAILABLE') }, v.locale, v.path);
      r.headers['retry-after'] = err.headers['retry-after']!;
      return r;
    }
    // The owner's renders are queued past their bound: a clear 503 with Retry-After, never a 500.
    if (!(err instanceof RenderBusyError)) throw err;
    const r = errorResult({ status: 503, code: 'RENDER_BUSY', detail: t(v.locale, 'errors.RENDER_BUSY') }, v.locale, v.path);
    r.headers['retry-after'] = String(err.retryAfterSec);
    return r;
  }
}

/** Part k's page of a live chat: its own document (not cached: it is the no-script way to read a long chat). */
async function livePartTemplate(live: LiveEntry, k: number, locale: Locale): Promise<ViewerTemplate | null> {
  if (k > live.layout.parts) return null;
  const conversationHtml = await livePartPage(live, k);
  const createdAt = live.og.date;
  return compileViewer(buildViewerDocument({ title: live.title, createdAt, models: live.og.models, conversationHtml, messageCount: live.messageCount }, 'live'), locale);
}

/** Part k's page of a long snapshot: the opening, the part and the latest, from the revision's files (compiled per view). */
async function snapshotPartTemplate(s: StoredShare, k: number, locale: Locale): Promise<ViewerTemplate | null> {
  const found = await snapshotPartConversation(s.chat_id, s.snapshot_rev, k);
  if (!found) return null;
  const { ends, html } = found;
  return compileViewer(buildViewerDocument({ title: ends.title, createdAt: ends.createdAt, models: ends.models, conversationHtml: html, messageCount: ends.messageCount }, 'snapshot'), locale);
}

/** A snapshot page's script hooks: where "Show earlier messages" fetches a part in place. */
const snapshotBodyAttrs = (s: StoredShare) => ` data-part-url="/s/${escapeHtml(encodeURIComponent(s.share_id))}/part"`;

async function gatedSharePage(v: ViewRequest): Promise<ViewResult> {
  const g = v.share;
  const { locale, path } = v;
  const preview = !v.confirmed && isPreview(v.method, v.header);
  const s = g.share;
  // A platform's crawler unfurling a link it can see (an open one, or one that asks for sign-in or a password: a card
  // that reveals nothing): counted per platform, apart from views. HEADs are not unfurls, and dead links are not counted.
  if (preview && s && v.method === 'GET' && (g.access.allow || (g.access.code !== 'SHARE_LINK_NOT_FOUND' && g.access.code !== 'SHARE_LINK_REVOKED' && g.access.code !== 'SHARE_LINK_EXPIRED'))) {
    const ua = v.header('user-agent');
    if (ua && isLinkPreviewBot(ua)) countPreview(s.chat_id, ua);
  }
  if (!g.access.allow) {
    const access = g.access;
    // A signed-in reader outside the link's audience: a plain 403 page, neither the title nor a card (issue 17.1).
    if (s && access.code === 'SHARE_ACCESS_DENIED' && v.user && !preview) return accessDeniedResult(access, locale, path, v.user.id, s);
    if (!s || access.code === 'SHARE_LINK_NOT_FOUND' || access.code === 'SHARE_LINK_REVOKED' || access.code === 'SHARE_LINK_EXPIRED'
      || access.code === 'SHARE_ACCESS_DENIED') return errorResult(access, locale, path);
    // Crawlers give up on redirects and cannot sign in: they get a 200 card that reveals nothing.
    if (preview) return htmlResult(buildPreviewPage({ head: headFor(originOf(v.header), s, null, locale), locale, next: path }), 200, s);
    if (access.code === 'LOGIN_REQUIRED') {
      return { status: 302, body: [], headers: { location: `/auth/signin?next=${encodeURIComponent(path)}`, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } };
    }
    return passwordResult(v.header, locale, s, null, 401, undefined, branchQuery(v.branch));
  }
  if (!s) return errorResult(deny('SHARE_LINK_NOT_FOUND'), locale, path);
  // A view-limited link sends its conversation only to a real navigation or a press of "Show conversation": previews,
  // prefetches and fetchers we cannot tell apart from them (a chat server's unfurler) get a small page with the same
  // head tags, and no view is spent. Others get the page itself (the same bytes as a browser), uncounted when previews.
  if (mustConfirmView(s, g.access.isOwner, preview, v)) return confirmViewResult(s, locale, originOf(v.header), `${path}${branchQuery(s.all_branches ? v.branch : null)}`, preview ? v.message : null);

  // Another branch of a share with all branches: found (and rendered once) before the view is counted, so a made-up or
  // outside message is a 404 that spends nothing. Without all branches `?b=` is ignored: the link's page, as always.
  let branchDoc: ViewerTemplate | null = null;
  if (v.branch && s.all_branches && s.kind === 'snapshot' && !v.part) {
    const found = await branchTemplate(s, v.branch, locale);
    if (found === null) return errorResult(deny('SHARE_LINK_NOT_FOUND'), locale, path);
    if (found !== 'main') branchDoc = found;
  }
  // A part of a long chat (`?part=N`): found the same way, before the view is counted, so a part the chat does not have
  // is a 404 that spends nothing.
  let partDoc: ViewerTemplate | null = null;
  let partLive: LiveEntry | null = null;
  if (v.part) {
    if (s.kind === 'live') {
      partLive = await liveDocumentFor(s.chat_id, {});
      partDoc = partLive && await livePartTemplate(partLive, v.part, locale);
    } else partDoc = await snapshotPartTemplate(s, v.part, locale);
    if (!partDoc) return errorResult(deny('SHARE_LINK_NOT_FOUND'), locale, path);
  }

  // Secure like the rest of the page's links: from the forwarded protocol, the one thing both paths see alike.
  const { access: counted, setCookie } = preview ? { access: g.access, setCookie: null } : countPageView({ locals: { user: v.user } }, g, v.header('x-forwarded-proto') === 'https');
  if (!counted.allow) return errorResult(counted, locale, path);
  // The referring site of a view that was counted (the owner's own views are not): its host name and nothing else.
  if (!preview && counted.countsView) countReferrer(s.chat_id, v.header('referer'), v.header('host'));

  let doc: ViewerTemplate | null;
  let card: Card;
  let bodyAttrs = '';
  let liveRecipe = '';
  if (s.kind === 'live') {
    const live = partLive ?? await liveDocumentFor(s.chat_id, { stale: true, light: true }); // the main page may be the previous version while the new one renders, or the stored outline
    if (!live) return errorResult(deny('SHARE_LINK_NOT_FOUND'), locale, path);
    doc = v.part ? partDoc : liveTemplate(live, locale);
    card = liveCard(live);
    liveRecipe = live.recipe;
    const base = `/s/${escapeHtml(encodeURIComponent(s.share_id))}`;
    bodyAttrs = ` data-live-url="${base}/live" data-part-url="${base}/part" data-version="${live.updatedAt}" data-live-ttl="${liveTokenSeconds()}"`;
  } else {
    doc = branchDoc ?? (v.part ? partDoc : await readViewerArtifact(s.chat_id, s.snapshot_rev, locale));
    card = snapshotCard(s);
    bodyAttrs = snapshotBodyAttrs(s);
  }
  if (!doc) return errorResult(deny('SHARE_LINK_NOT_FOUND'), locale, path);

  // Viewer-specific parts, added around the immutable artifact: only signed-in viewers see owner and recipe.
  const viewer = v.user;
  let owner = '';
  let author: string | undefined;
  let recipe = '';
  if (viewer) {
    if (s.display_username) {
      const u = getUser(s.user_id);
      if (u) owner = buildOwnerHtml({ name: u.name, avatarUrl: avatarUrl(u), locale });
      author = u?.name;
    }
    recipe = localizeMarkers(s.kind === 'live' ? liveRecipe : await snapshotRecipe(s.chat_id, s.snapshot_rev), locale);
  }
  const parts = partsFor({ s, card, locale, origin: originOf(v.header), viewer, isOwner: g.access.isOwner, owner, author, recipe, bodyAttrs });
  // A preview of a link to one message: the same page with that message's head tags, sent as it is (never kept or
  // compressed: a crawler asking for many anchors must not crowd out the page's cached copies). Browsers never get here.
  const head = preview && v.message && isOpen(s) ? await messageHead(s, card, locale, originOf(v.header), v.message) : null;
  if (head) return htmlResult(plainViewer(doc, { ...parts, head, cacheKey: undefined }), 200, s, { vary: 'Accept-Encoding' });
  const encoding = pickEncoding(v.header('accept-encoding'));
  const compressed = encoding && compressedViewer(doc, parts, encoding);
  // Vary: caches must keep the variants apart. The page's bytes also depend on the viewer: only a signed-out viewer's
  // page of a public, unlimited snapshot may be kept by a CDN (cdn.ts); every other page is private, no-store.
  const shared = !viewer && !setCookie ? cdnHeaders(s, Math.floor(Date.now() / 1000)) : null;
  const vary: Record<string, string> = shared ? { vary: 'Accept-Encoding, Accept-Language', ...shared }
    : { vary: s.max_views > 0 ? 'Accept-Encoding, Sec-Fetch-Dest' : 'Accept-Encoding', ...(setCookie ? { 'set-cookie': setCookie } : {}) };
  if (!compressed) return htmlResult(plainViewer(doc, parts), 200, s, vary);
  return htmlResult([await compressed], 200, s, { ...vary, 'content-encoding': encoding! });
}

/** The head tags of a link to one message of an open share, or null (unknown anchor, unreadable chat): the share's own then. */
async function messageHead(s: StoredShare, card: Card, locale: Locale, origin: string, anchor: string): Promise<string | null> {
  if (!isOpen(s)) return null;
  const m = await findSharedMessage(s, anchor);
  const p = m && await messagePreview(s, m);
  return m && p ? messageHeadFor(origin, s, card, locale, m, p) : null;
}

// The page a view-limited link gives what is not a real navigation: built once per share version, language and origin,
// kept encoded, so an unknown bot hammering a link costs a Map lookup.
const confirmPages = new Map<string, Buffer>();
async function confirmViewResult(s: StoredShare, locale: Locale, origin: string, path: string, anchor?: string | null): Promise<ViewResult> {
  const card = await openCard(s);
  // A preview of a link to one message gets that message's tags (built each time: crawlers are few, and anchors many).
  const head = anchor && card ? await messageHead(s, card, locale, origin, anchor) : null;
  if (head) return htmlResult(buildConfirmViewPage({ head, locale, action: path }), 200, s, { vary: 'Sec-Fetch-Dest' });
  const key = [s.share_id, card?.version, card?.modified, card?.title, card?.summary, locale, origin, isOpen(s) ? 1 : 0, path].join('\u0001');
  let body = confirmPages.get(key);
  if (!body) {
    body = Buffer.from(buildConfirmViewPage({ head: headFor(origin, s, card, locale), locale, action: path }), 'utf8');
    if (confirmPages.size >= MAX_ANONYMOUS_PARTS) confirmPages.delete(confirmPages.keys().next().value!);
    confirmPages.set(key, body);
  }
  return htmlResult([body], 200, s, { vary: 'Sec-Fetch-Dest' });
}

interface PartsInput {
  s: StoredShare; card: Card; locale: Locale; origin: string;
  viewer: App.Locals['user']; isOwner: boolean; owner: string; author?: string; recipe: string; bodyAttrs: string;
}
// Signed-out viewers of a share all get the same parts: built once per share version, language and origin, so a view
// builds no head tags; the key also names the compressed copies (compressed.ts).
const anonymousParts = new Map<string, ViewerParts>();
const MAX_ANONYMOUS_PARTS = 2048;

/** The viewer-specific parts around an artifact (see html.ts's slots). */
function partsFor(p: PartsInput): ViewerParts {
  const { s, locale } = p;
  const offers = offersClone(s, p.isOwner, p.viewer);
  const anonymous = !p.viewer && !p.owner && !p.recipe;
  // Downloads and indexing are settings (flags in the key); the admin's indexing switch is read through isIndexable.
  const key = anonymous ? [s.share_id, p.card.version, p.card.modified, s.max_views > 0 ? 1 : 0, locale, p.origin, isOpen(s) ? 1 : 0, offers ? 1 : 0, p.bodyAttrs, p.card.title, p.card.summary,
    s.allow_download ? 1 : 0, isIndexable(s) ? 1 : 0].join('\u0001') : '';
  const hit = anonymous ? anonymousParts.get(key) : undefined;
  if (hit) return hit;
  // A protected share's page carries the generic tags its crawlers get too; only the tab's title is the chat's.
  const head = isOpen(s) ? headFor(p.origin, s, p.card, locale, p.author)
    : headFor(p.origin, s, null, locale).replace(/^<title>.*<\/title>/, `<title>${escapeHtml(p.card.title)} · chatshare</title>`);
  const clone = offers ? buildCloneHtml({ action: `/s/${encodeURIComponent(s.share_id)}/clone`, signedIn: !!p.viewer, locale, copy: p.viewer ? latestCloneOf(p.viewer.id, s.share_id) : null }) : '';
  const path = `/s/${encodeURIComponent(s.share_id)}`;
  const actions = buildViewerActions({ path, signedIn: !!p.viewer, loginOnly: !s.is_public, locale, download: s.allow_download ? `${p.origin}${path}` : null });
  const parts: ViewerParts = { head, owner: p.owner, recipe: p.recipe, actions, clone, path: escapeHtml(path), bodyAttrs: p.bodyAttrs };
  if (anonymous) {
    parts.cacheKey = key;
    if (anonymousParts.size >= MAX_ANONYMOUS_PARTS) anonymousParts.delete(anonymousParts.keys().next().value!);
    anonymousParts.set(key, parts);
  }
  return parts;
}

/**
 * Right after a snapshot is published: its page for signed-out viewers, compressed (brotli and gzip) in every
 * language, so the first viewers of a freshly posted link are served from memory. Runs on libuv's thread pool.
 */
export async function warmSnapshotViews(s: StoredShare, origin: string): Promise<void> {
  if (s.kind !== 'snapshot' || !s.snapshot_rev) return;
  const card = snapshotCard(s);
  for (const locale of LOCALES) {
    const doc = await readViewerArtifact(s.chat_id, s.snapshot_rev, locale);
    if (!doc) return;
    const parts = partsFor({ s, card, locale, origin, viewer: null, isOwner: false, owner: '', recipe: '', bodyAttrs: snapshotBodyAttrs(s) });
    await Promise.all([compressedViewer(doc, parts, 'br'), compressedViewer(doc, parts, 'gzip')]);
  }
}

/** The origin share pages use for a request's headers (PUBLIC_ORIGIN, else an allowed Host; see origin.ts). */
export const shareOriginFor = (headers: Headers) => originOf((n) => headers.get(n));

/** `?b=<anchor>` to carry another branch through the password form (anchors are URL-safe), or ''. */
const branchQuery = (anchor: string | null | undefined): string => (anchor ? `?b=${anchor}` : '');

function passwordResult(header: ViewRequest['header'], locale: Locale, s: StoredShare, error: string | null, status: number, retryAfterSec?: number, query = ''): ViewResult {
  const action = `/s/${encodeURIComponent(s.share_id)}${query}`;
  const body = buildPasswordPage({ shareId: s.share_id, action, error: error ?? undefined, retryAfterSec, head: headFor(originOf(header), s, null, locale), locale });
  return htmlResult(body, status, s, retryAfterSec ? { 'retry-after': String(retryAfterSec) } : {});
}
const passwordPage = (ctx: Ctx, s: StoredShare, error: string | null, status: number, retryAfterSec?: number): Response =>
  toResponse(passwordResult((n) => ctx.request.headers.get(n), ctx.locals.locale, s, error, status, retryAfterSec, branchQuery(anchorParam(ctx.url.searchParams.get('b')))));

/** POST /s/{id}: the password form. */
export async function sharePasswordSubmit(ctx: Ctx): Promise<Response> {
  const g = ctx.locals.share!;
  const s = g.share;
  if (!g.access.allow && g.access.code !== 'PASSWORD_REQUIRED') {
    if (g.access.code === 'LOGIN_REQUIRED') return new Response(null, { status: 303, headers: { location: `/auth/signin?next=${encodeURIComponent(ctx.url.pathname)}` } });
    return errorPage(g.access, ctx.locals.locale, ctx.url.pathname);
  }
  if (!s) return new Response(null, { status: 303, headers: { location: ctx.url.pathname } });
  let form: FormData | null = null;
  try { form = await readForm(ctx.request); } catch { /* not a form: treated as empty */ }
  if (g.access.allow) {
    // "Show conversation" on a view-limited link's page: the press is the view, answered with the page itself (a
    // redirect would come back as a GET that, from a browser without Sec-Fetch headers, asks again).
    if (form?.get('show') === '1') {
      const headers = ctx.request.headers;
      return toResponse(await viewSharePage({
        method: 'GET', confirmed: true, header: (n) => headers.get(n), path: ctx.url.pathname, user: ctx.locals.user, locale: ctx.locals.locale, share: g,
        branch: anchorParam(ctx.url.searchParams.get('b')), // "Show conversation" on another branch's page shows that branch
      }));
    }
    return new Response(null, { status: 303, headers: { location: ctx.url.pathname } });
  }
  const password = String(form?.get('password') ?? '');
  const result = await tryUnlock(ctx, s, password);
  // Back to the page asked for: another branch's (`?b=`, a share with all branches) when the form came from one.
  const back = `${ctx.url.pathname}${branchQuery(anchorParam(ctx.url.searchParams.get('b')))}`;
  if (result.ok) return new Response(null, { status: 303, headers: { location: back, 'cache-control': 'no-store' } });
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
  let png: Buffer | null = null;
  let etag = '';
  // A link to one message of an open share: that message's card; an unknown anchor gets the share's own card.
  const anchor = isOpen(s) ? anchorParam(ctx.url.searchParams.get('m')) : null;
  const card = anchor ? await openCard(s) : null;
  const message = card && anchor ? await findSharedMessage(s, anchor) : null;
  const preview = message && await messagePreview(s, message);
  if (card && message && preview) {
    png = await messageCard(s, card, message, preview);
    etag = `"og-m-${card.version}-${message.anchor}"`;
  } else if (!isOpen(s)) {
    png = await renderGenericCard(ctx.locals.locale);
    etag = `"og-generic-2-${ctx.locals.locale}"`;
  } else if (s.kind === 'live') {
    const live = await liveDocumentFor(s.chat_id, { light: true });
    png = live ? await liveOgImage(live) : null;
    etag = `"og-${live?.updatedAt}"`;
  } else {
    png = await readFileArtifact(s.chat_id, s.snapshot_rev, 'png');
    etag = `"og-${s.snapshot_rev}"`;
  }
  if (!png) return errorPage(deny('SHARE_LINK_NOT_FOUND'), ctx.locals.locale);
  const versioned = ctx.url.searchParams.has('v');
  const browser = versioned ? 'max-age=31536000, immutable' : 'max-age=300';
  // The card of a page a CDN may keep is kept as long, under the same key (so one purge drops both).
  const shared = isOpen(s) ? cdnHeaders(s, Math.floor(Date.now() / 1000), browser) : null;
  const headers: Record<string, string> = {
    'content-type': 'image/png', etag, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer',
    'cache-control': `public, ${browser}`, ...shared,
  };
  if (ctx.request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  return new Response(ctx.request.method === 'HEAD' ? null : new Uint8Array(png), { headers: { ...headers, 'content-length': String(png.length) } });
}
