// GET /api/v1/users/{id} (with group_ids) and DELETE /api/v1/users/{id} (the account, its chats and shares): admins only.
import { endpoint } from '../../../../../lib/api';
import { requireAdmin } from '../../../../../lib/auth/permissions';
import { deleteUserByAdmin, userWithGroups } from '../../../../../lib/users/admin';

export const GET = endpoint((ctx) => {
  requireAdmin(ctx);
  return userWithGroups(ctx.params.id!);
});

export const DELETE = endpoint((ctx) => deleteUserByAdmin(requireAdmin(ctx), ctx.params.id!));
