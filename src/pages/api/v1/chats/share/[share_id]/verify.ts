import { endpoint } from '../../../../../../lib/api';
import { readJson } from '../../../../../../lib/http';
import { verifySharePassword } from '../../../../../../lib/shares/serve/api';

export const POST = endpoint(async (ctx) => {
  const body = (await readJson(ctx.request)) as { password?: unknown };
  return verifySharePassword(ctx, ctx.params.share_id!, body?.password);
});
