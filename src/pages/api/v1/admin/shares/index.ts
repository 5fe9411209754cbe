// GET /api/v1/admin/shares: every share on the instance, with the dashboard's query parameters plus user_id (admins only).
import { endpoint } from '../../../../../lib/api';
import { requireAdmin } from '../../../../../lib/auth/permissions';
import { listAllShares } from '../../../../../lib/shares/manage/moderation';

export const GET = endpoint((ctx) => {
  requireAdmin(ctx);
  return listAllShares(ctx.url.searchParams, ctx.url);
});
