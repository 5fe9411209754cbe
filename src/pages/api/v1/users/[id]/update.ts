// POST /api/v1/users/{id}/update: role, name, email, password (a reset) and group_ids (admins only).
import { endpoint } from '../../../../../lib/api';
import { readJson } from '../../../../../lib/http';
import { requireAdmin } from '../../../../../lib/auth/permissions';
import { updateUserByAdmin } from '../../../../../lib/users/admin';

export const POST = endpoint(async (ctx) => updateUserByAdmin(requireAdmin(ctx), ctx.params.id!, await readJson(ctx.request)));
