// A part of a long live chat for an open viewer page (viewer.js, "Show earlier messages"): gated like the page and
// carrying the page's live token (its cookie), like the live poll; the page's view was counted, so this does not count again.
import type { APIRoute } from 'astro';
import { errorResponse, HttpError, msg } from '../../../lib/http';
import { liveDocumentFor, livePart } from '../../../lib/shares/documents';
import { partLinkHtml, partParam } from '../../../lib/shares/conversation-parts';
import { localizeMarkers } from '../../../lib/i18n/localize';
import { followerHeaders } from '../../../lib/shares/access';
import { jsonCompressed } from '../../../lib/shares/json-compressed';

export const GET: APIRoute = async (ctx) => {
  const { locals, url, request } = ctx;
  const g = locals.share!;
  if (!g.access.allow) return errorResponse(new HttpError(g.access.code, g.access.detail), locals.locale);
  const s = g.share!;
  const follow = followerHeaders(ctx, g);
  if (!follow) return errorResponse(new HttpError('LIVE_TOKEN_INVALID', msg('api.liveTokenInvalid')), locals.locale);
  const k = partParam(url.searchParams.get('n'));
  const live = s.kind === 'live' && k !== null ? await liveDocumentFor(s.chat_id) : null;
  try {
    const html = live && k !== null ? await livePart(live, k) : null;
    if (html === null || !live || k === null) return errorResponse(new HttpError('NOT_FOUND', 'There is no such part of this chat.'), locals.locale);
    // The link that comes next in the same direction: the part before an earlier one, the part after a later one.
    const dir = url.searchParams.get('dir') === 'later' ? 'later' : 'earlier';
    const link = partLinkHtml(live.layout, dir === 'later' ? k + 1 : k - 1, dir);
    return jsonCompressed({ version: String(live.updatedAt), html: localizeMarkers(html, locals.locale), link: localizeMarkers(link, locals.locale) }, request, 200, follow);
  } catch (err) {
    return errorResponse(err, locals.locale);
  }
};
