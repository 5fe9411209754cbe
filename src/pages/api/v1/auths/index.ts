// GET /api/v1/auths/: who is calling, with their effective permissions (a pending account may ask: its role says why).
import { endpoint } from '../../../../lib/api';
import { requireAccount } from '../../../../lib/auth/request';
import { userJson } from '../../../../lib/auth/forms';
import { effectivePermissions } from '../../../../lib/auth/permissions';

export const GET = endpoint((ctx) => {
  const user = requireAccount(ctx);
  return { ...userJson(user), permissions: effectivePermissions(user) };
});
