// Live updates for an open viewer page: 204 when unchanged, else the new conversation HTML. Never counts a view.
import type { APIRoute } from 'astro';
import { errorResponse, HttpError, json } from '../../../lib/http';
import { liveConversation, liveDocumentFor } from '../../../lib/shares/documents';
import { t } from '../../../lib/i18n/index';
import { verifyLiveToken } from '../../../lib/shares/tokens';

export const GET: APIRoute = async ({ locals, url }) => {
  const g = locals.share!;
  if (!g.access.allow) return errorResponse(new HttpError(g.access.code, g.access.detail), locals.locale);
  const s = g.share!;
  if (!verifyLiveToken(s, url.searchParams.get('t'))) return errorResponse(new HttpError('FORBIDDEN', 'Reload the page to keep following this chat.'), locals.locale);
  const live = s.kind === 'live' ? await liveDocumentFor(s.chat_id) : null;
  if (!live || url.searchParams.get('v') === String(live.updatedAt)) return new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } });
  return json({
    version: String(live.updatedAt), html: liveConversation(live, locals.locale), messageCount: live.messageCount,
    countLabel: t(locals.locale, 'viewer.messageCount', { n: live.messageCount }),
  }, 200, { 'referrer-policy': 'no-referrer' });
};
