// GET/POST /api/v1/auths/admin/config: sign-up, the default role for new accounts, community sharing (admins only).
import { endpoint } from '../../../../../lib/api';
import { readJson } from '../../../../../lib/http';
import { parseInput } from '../../../../../lib/auth/users';
import { requireAdmin } from '../../../../../lib/auth/permissions';
import { adminConfigJson, adminConfigPatch, updateAdminConfig } from '../../../../../lib/settings/instance';

export const GET = endpoint((ctx) => {
  requireAdmin(ctx);
  return adminConfigJson();
});

export const POST = endpoint(async (ctx) => {
  requireAdmin(ctx);
  return updateAdminConfig(parseInput(adminConfigPatch, await readJson(ctx.request)));
});
