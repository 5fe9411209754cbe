// POST /api/v1/users/update/role {id, role}: Open WebUI's role change (admins only); answers the user.
import { endpoint } from '../../../../../lib/api';
import { readJson } from '../../../../../lib/http';
import { requireAdmin } from '../../../../../lib/auth/permissions';
import { updateRoleByAdmin } from '../../../../../lib/users/admin';

export const POST = endpoint(async (ctx) => updateRoleByAdmin(requireAdmin(ctx), await readJson(ctx.request)));
