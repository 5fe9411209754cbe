import { endpoint } from '../../../../lib/api';
import { readJson } from '../../../../lib/http';
import { requireUser } from '../../../../lib/auth/request';
import { apiKeyInputSchema, createApiKey, listApiKeys } from '../../../../lib/auth/api-keys';
import { parseInput } from '../../../../lib/auth/users';

export const GET = endpoint((ctx) => listApiKeys(requireUser(ctx).id));
export const POST = endpoint(async (ctx) => {
  const user = requireUser(ctx);
  const { key, info } = createApiKey(user.id, parseInput(apiKeyInputSchema, await readJson(ctx.request)));
  return { ...info, key };
});
