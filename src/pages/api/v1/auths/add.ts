// POST /api/v1/auths/add (Open WebUI's path): an admin creates an account {name, email, password, role}.
import { endpoint } from '../../../../lib/api';
import { readJson } from '../../../../lib/http';
import { requireAdmin } from '../../../../lib/auth/permissions';
import { createUserByAdmin } from '../../../../lib/users/admin';

export const POST = endpoint(async (ctx) => {
  requireAdmin(ctx);
  return createUserByAdmin(await readJson(ctx.request));
});
