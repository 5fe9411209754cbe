import { endpoint } from '../../../../../lib/api';
import { readJson } from '../../../../../lib/http';
import { requireUser } from '../../../../../lib/auth/request';
import { changePassword } from '../../../../../lib/auth/password-change';

// Open WebUI's route and answer (true); every session but the caller's ends.
export const POST = endpoint(async (ctx) => {
  const user = requireUser(ctx);
  await changePassword(ctx, user, ctx.locals.sessionToken, await readJson(ctx.request));
  return true;
});
