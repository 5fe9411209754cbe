// Live updates for an open viewer page: 204 when unchanged, else what changed since the page's version (the edited and
// added messages; the conversation whole when that cannot be told), compressed. Never counts a view: it needs the
// page's own fresh token (the cookie its counted view set), and each answer renews it for the next poll.
import type { APIRoute } from 'astro';
import { errorResponse, HttpError, msg } from '../../../lib/http';
import { liveConversation, liveDocumentFor } from '../../../lib/shares/documents/documents';
import { liveChangesSince } from '../../../lib/shares/documents/live-documents';
import { jsonCompressed } from '../../../lib/shares/serve/json-compressed';
import { localizeMarkers } from '../../../lib/i18n/localize';
import { t } from '../../../lib/i18n/index';
import { followerHeaders } from '../../../lib/shares/access';
import { messageAnchor } from '../../../lib/render/anchor';
import { withSharePath } from '../../../lib/shares/serve/html';

export const GET: APIRoute = async (ctx) => {
  const { locals, url, request } = ctx;
  const g = locals.share!;
  if (!g.access.allow) return errorResponse(new HttpError(g.access.code, g.access.detail), locals.locale);
  const s = g.share!;
  const follow = followerHeaders(ctx, g);
  if (!follow) return errorResponse(new HttpError('LIVE_TOKEN_INVALID', msg('api.liveTokenInvalid')), locals.locale);
  try {
    const live = s.kind === 'live' ? await liveDocumentFor(s.chat_id, { light: true }) : null;
    if (!live || url.searchParams.get('v') === String(live.updatedAt)) {
      return new Response(null, { status: 204, headers: { ...follow, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } });
    }
    const head = { version: String(live.updatedAt), messageCount: live.messageCount, countLabel: t(locals.locale, 'viewer.messageCount', { n: live.messageCount }) };
    const since = Number(url.searchParams.get('v'));
    const diff = Number.isFinite(since) ? await liveChangesSince(live, since) : { kind: 'whole' as const };
    // Kept images point at this share's path (html.ts's path slot, filled here as a page fills it).
    if (diff.kind === 'whole') return jsonCompressed({ ...head, html: withSharePath(liveConversation(live, locals.locale), s.share_id) }, request, 200, follow);
    const l = (html: string) => withSharePath(localizeMarkers(html, locals.locale), s.share_id);
    return jsonCompressed({ ...head, changes: diff.changes.map((c) => ({ id: messageAnchor(c.id), html: l(c.html) })), appended: l(diff.appended) }, request, 200, follow);
  } catch (err) {
    return errorResponse(err, locals.locale);
  }
};
