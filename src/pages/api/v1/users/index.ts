// GET /api/v1/users/?query&role&order_by&direction&page&page_size: every account, for admins.
import { endpoint } from '../../../../lib/api';
import { requireAdmin } from '../../../../lib/auth/permissions';
import { listUsersForAdmin } from '../../../../lib/users/admin';

export const GET = endpoint((ctx) => {
  requireAdmin(ctx);
  return listUsersForAdmin(ctx.url.searchParams);
});
