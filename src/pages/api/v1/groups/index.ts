// GET /api/v1/groups/: every group with its members and grants (admins only).
import { endpoint } from '../../../../lib/api';
import { requireAdmin } from '../../../../lib/auth/permissions';
import { listGroups } from '../../../../lib/groups/service';

export const GET = endpoint((ctx) => {
  requireAdmin(ctx);
  return listGroups();
});
