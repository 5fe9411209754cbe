// GET/POST /api/v1/users/default/permissions: what every user may do unless a group grants more (admins only).
import { endpoint } from '../../../../../lib/api';
import { readJson } from '../../../../../lib/http';
import { parseInput } from '../../../../../lib/auth/users';
import { defaultPermissionsJson, permissionPatch, requireAdmin, updateDefaultPermissions } from '../../../../../lib/auth/permissions';

export const GET = endpoint((ctx) => {
  requireAdmin(ctx);
  return defaultPermissionsJson();
});

export const POST = endpoint(async (ctx) => {
  requireAdmin(ctx);
  return updateDefaultPermissions(parseInput(permissionPatch, await readJson(ctx.request)));
});
