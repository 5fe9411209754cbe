// GET /api/v1/users/{id}: an administrator gets the account (with group_ids); anyone signed in gets its public part
// (name and picture: the share page's author lookup). DELETE /api/v1/users/{id}: the account, its chats and shares (admins).
import { endpoint } from '../../../../../lib/api';
import { requireAdmin } from '../../../../../lib/auth/permissions';
import { requireUser } from '../../../../../lib/auth/request';
import { deleteUserByAdmin, publicUserJson, userWithGroups } from '../../../../../lib/users/admin';

export const GET = endpoint((ctx) => (requireUser(ctx).role === 'admin' ? userWithGroups(ctx.params.id!) : publicUserJson(ctx.params.id!)));

export const DELETE = endpoint((ctx) => deleteUserByAdmin(requireAdmin(ctx), ctx.params.id!));
