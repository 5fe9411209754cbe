// POST /api/v1/chats/share/{share_id}/access/request {note?}: ask a people-only link's owner for access (issue 17.3);
// GET: where the caller's request stands. Answers {status: none|pending|approved|declined, created_at, decided_at, can_ask_at}.
import { endpoint } from '../../../../../../../lib/api';
import { readJson } from '../../../../../../../lib/http';
import { requireUser } from '../../../../../../../lib/auth/request';
import { ownRequest, requestAccess } from '../../../../../../../lib/shares/audience/requests';

export const GET = endpoint((ctx) => { requireUser(ctx); return ownRequest(ctx, ctx.params.share_id!); });
export const POST = endpoint(async (ctx) => {
  requireUser(ctx);
  const body = await readJson(ctx.request);
  const note = body && typeof body === 'object' && !Array.isArray(body) ? (body as { note?: unknown }).note : undefined;
  return requestAccess(ctx, ctx.params.share_id!, note);
});
