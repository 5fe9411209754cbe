import { endpoint } from '../../../../lib/api';
import { requireUser } from '../../../../lib/auth/request';
import { revokeApiKey } from '../../../../lib/auth/api-keys';

export const DELETE = endpoint((ctx) => {
  revokeApiKey(requireUser(ctx).id, ctx.params.id!);
  return true;
});
