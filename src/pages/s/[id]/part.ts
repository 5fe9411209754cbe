// A part of a long chat for an open viewer page (viewer.js, "Show earlier messages"): gated like the page. A live
// chat's part carries the page's live token (its cookie), like the live poll; a view-limited snapshot's part needs the
// proof its page's counted view left (a cookie); the page's view was counted, so this does not count again.
import type { APIRoute } from 'astro';
import { errorResponse, HttpError, msg } from '../../../lib/http';
import { liveDocumentFor, livePart } from '../../../lib/shares/documents/documents';
import { partLinkHtml, partParam, type Layout } from '../../../lib/shares/serve/conversation-parts';
import { localizeMarkers } from '../../../lib/i18n/localize';
import { followerHeaders, partViewOf } from '../../../lib/shares/access';
import { jsonCompressed } from '../../../lib/shares/serve/json-compressed';
import { snapshotPart } from '../../../lib/shares/documents/snapshot-parts';
import { anchorParam, findSharedMessage } from '../../../lib/shares/serve/message-links';
import { withSharePath } from '../../../lib/shares/serve/html';

export const GET: APIRoute = async (ctx) => {
  const { locals, url, request } = ctx;
  const g = locals.share!;
  if (!g.access.allow) return errorResponse(new HttpError(g.access.code, g.access.detail), locals.locale);
  const s = g.share!;
  let follow: Record<string, string> | null;
  if (s.kind === 'live') follow = followerHeaders(ctx, g);
  // An unlimited snapshot's page sets no cookie (caches may keep it): its parts are as open as its page.
  else follow = g.access.isOwner || s.max_views === 0 || partViewOf((n) => ctx.cookies.get(n)?.value, s) ? {} : null;
  if (!follow) return errorResponse(new HttpError('LIVE_TOKEN_INVALID', msg('api.liveTokenInvalid')), locals.locale);
  let k = partParam(url.searchParams.get('n'));
  // ?m=<anchor>: the part holding that message (a link to a message the page does not carry), with links both ways.
  const anchor = url.searchParams.has('m') ? anchorParam(url.searchParams.get('m')) : null;
  if (url.searchParams.has('m')) {
    const found = anchor ? await findSharedMessage(s, anchor) : null;
    if (!found || found.part === null) return errorResponse(new HttpError('NOT_FOUND', 'This chat has no such message in its parts.'), locals.locale);
    k = found.part;
  }
  try {
    let found: { version: string; html: string; layout: Layout } | null = null;
    if (k !== null && s.kind === 'live') {
      const live = await liveDocumentFor(s.chat_id);
      const html = live && await livePart(live, k);
      if (live && html !== null) found = { version: String(live.updatedAt), html, layout: live.layout };
    } else if (k !== null) {
      const part = await snapshotPart(s.chat_id, s.snapshot_rev, k);
      if (part) found = { version: String(s.snapshot_rev), ...part };
    }
    if (!found || k === null) return errorResponse(new HttpError('NOT_FOUND', 'There is no such part of this chat.'), locals.locale);
    // The link that comes next in the same direction: the part before an earlier one, the part after a later one.
    const dir = url.searchParams.get('dir') === 'later' ? 'later' : 'earlier';
    const link = partLinkHtml(found.layout, dir === 'later' ? k + 1 : k - 1, dir);
    const later = anchor ? { part: k, later: localizeMarkers(partLinkHtml(found.layout, k + 1, 'later'), locals.locale) } : {};
    return jsonCompressed({ version: found.version, html: withSharePath(localizeMarkers(found.html, locals.locale), s.share_id), link: localizeMarkers(link, locals.locale), ...later }, request, 200, follow);
  } catch (err) {
    return errorResponse(err, locals.locale);
  }
};
