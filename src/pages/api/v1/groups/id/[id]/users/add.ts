// POST /api/v1/groups/id/{id}/users/add {user_ids}: adds members (admins only); answers the group.
import { endpoint } from '../../../../../../../lib/api';
import { readJson } from '../../../../../../../lib/http';
import { requireAdmin } from '../../../../../../../lib/auth/permissions';
import { changeGroupMembers } from '../../../../../../../lib/groups/service';

export const POST = endpoint(async (ctx) => {
  requireAdmin(ctx);
  return changeGroupMembers(ctx.params.id!, await readJson(ctx.request), 'add');
});
