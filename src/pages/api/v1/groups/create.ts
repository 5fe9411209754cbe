// POST /api/v1/groups/create {name, description, permissions?, user_ids?} (admins only).
import { endpoint } from '../../../../lib/api';
import { readJson } from '../../../../lib/http';
import { requireAdmin } from '../../../../lib/auth/permissions';
import { createGroup } from '../../../../lib/groups/service';

export const POST = endpoint(async (ctx) => createGroup(requireAdmin(ctx).id, await readJson(ctx.request)));
