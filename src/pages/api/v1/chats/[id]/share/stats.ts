// GET /api/v1/chats/{id}/share/stats: the owner's views per day (7, 30 or 90 days, ?days=), previews per platform and
// referring sites of the chat's share. Another user's chat, or one without a link, is the 404 the other share routes answer.
import { endpoint } from '../../../../../../lib/api';
import { requireUser } from '../../../../../../lib/auth/request';
import { parseWindow, shareStatsOf } from '../../../../../../lib/shares/stats/report';

export const GET = endpoint((ctx) => {
  const user = requireUser(ctx);
  return shareStatsOf(user.id, ctx.params.id!, parseWindow(ctx.url.searchParams.get('days')));
});
