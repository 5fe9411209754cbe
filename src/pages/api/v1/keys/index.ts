import { endpoint } from '../../../../lib/api';
import { readJson } from '../../../../lib/http';
import { requireUser } from '../../../../lib/auth/request';
import { createApiKey, listApiKeys } from '../../../../lib/auth/api-keys';

export const GET = endpoint((ctx) => listApiKeys(requireUser(ctx).id));
export const POST = endpoint(async (ctx) => {
  const user = requireUser(ctx);
  const body = (await readJson(ctx.request)) as { name?: unknown };
  const { key, info } = createApiKey(user.id, typeof body.name === 'string' ? body.name : '');
  return { ...info, key };
});
