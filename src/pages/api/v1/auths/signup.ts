import { endpoint } from '../../../../lib/api';
import { readJson } from '../../../../lib/http';
import { signUp, userJson } from '../../../../lib/auth/forms';

export const POST = endpoint(async (ctx) => {
  const { user, token } = await signUp(ctx, await readJson(ctx.request));
  return userJson(user, token);
});
