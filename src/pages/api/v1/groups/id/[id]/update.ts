// POST /api/v1/groups/id/{id}/update {name?, description?, permissions?, user_ids?} (admins only).
import { endpoint } from '../../../../../../lib/api';
import { readJson } from '../../../../../../lib/http';
import { requireAdmin } from '../../../../../../lib/auth/permissions';
import { updateGroup } from '../../../../../../lib/groups/service';

export const POST = endpoint(async (ctx) => {
  requireAdmin(ctx);
  return updateGroup(ctx.params.id!, await readJson(ctx.request));
});
