// GET /api/v1/groups/id/{id} (admins only).
import { endpoint } from '../../../../../../lib/api';
import { requireAdmin } from '../../../../../../lib/auth/permissions';
import { getGroup } from '../../../../../../lib/groups/service';

export const GET = endpoint((ctx) => {
  requireAdmin(ctx);
  return getGroup(ctx.params.id!);
});
