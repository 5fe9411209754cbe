// DELETE /api/v1/groups/id/{id}/delete (admins only): members keep what the default and their other groups grant.
import { endpoint } from '../../../../../../lib/api';
import { requireAdmin } from '../../../../../../lib/auth/permissions';
import { deleteGroup } from '../../../../../../lib/groups/service';

export const DELETE = endpoint((ctx) => {
  requireAdmin(ctx);
  return deleteGroup(ctx.params.id!);
});
