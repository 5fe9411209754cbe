// Live updates for an open viewer page: 204 when unchanged, else the new conversation HTML. Never counts a view: it needs
// the page's own fresh token (the cookie its counted view set), and each answer renews it for the next poll.
import type { APIRoute } from 'astro';
import { errorResponse, HttpError, json, msg } from '../../../lib/http';
import { liveConversation, liveDocumentFor } from '../../../lib/shares/documents';
import { t } from '../../../lib/i18n/index';
import { liveViewOf } from '../../../lib/shares/access';
import { viewCookieHeader, viewToken } from '../../../lib/shares/tokens';
import { isSecureRequest } from '../../../lib/auth/request';
import { nowSeconds } from '../../../lib/db';

export const GET: APIRoute = async ({ locals, url, cookies, request }) => {
  const g = locals.share!;
  if (!g.access.allow) return errorResponse(new HttpError(g.access.code, g.access.detail), locals.locale);
  const s = g.share!;
  const headers: Record<string, string> = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };
  // The owner reads their own chat anyway; anyone else follows with the token of the page whose view was counted.
  if (!g.access.isOwner) {
    const now = nowSeconds();
    const held = liveViewOf((name) => cookies.get(name)?.value, s, now);
    if (!held) return errorResponse(new HttpError('LIVE_TOKEN_INVALID', msg('api.liveTokenInvalid')), locals.locale);
    headers['set-cookie'] = viewCookieHeader(s.share_id, viewToken(s, held.nonce, now), isSecureRequest(url, request.headers));
  }
  const live = s.kind === 'live' ? await liveDocumentFor(s.chat_id) : null;
  if (!live || url.searchParams.get('v') === String(live.updatedAt)) return new Response(null, { status: 204, headers });
  return json({
    version: String(live.updatedAt), html: liveConversation(live, locals.locale), messageCount: live.messageCount,
    countLabel: t(locals.locale, 'viewer.messageCount', { n: live.messageCount }),
  }, 200, headers);
};
