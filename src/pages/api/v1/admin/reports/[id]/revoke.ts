// POST /api/v1/admin/reports/{id}/revoke {reason}: revokes the reported link as moderation with that reason (shown to
// its owner) and closes every open report of it (admins only).
import { endpoint } from '../../../../../../lib/api';
import { readJson } from '../../../../../../lib/http';
import { requireAdmin } from '../../../../../../lib/auth/permissions';
import { revokeFromReport } from '../../../../../../lib/reports/service';

export const POST = endpoint(async (ctx) => {
  const admin = requireAdmin(ctx);
  return revokeFromReport(admin, ctx.params.id ?? '', await readJson(ctx.request), ctx.url);
});
