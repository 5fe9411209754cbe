// GET /api/v1/admin/reports?status=open|all&page=&page_size=: the reports queue, newest first (admins only).
import { endpoint } from '../../../../../lib/api';
import { requireAdmin } from '../../../../../lib/auth/permissions';
import { reportQueue } from '../../../../../lib/reports/service';

export const GET = endpoint((ctx) => {
  requireAdmin(ctx);
  return reportQueue(ctx.url.searchParams);
});
