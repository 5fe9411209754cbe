// Open WebUI's one-key routes. POST makes a new key (answered once, `{api_key}`), DELETE revokes it (`true`). GET answers
// 404 NOT_FOUND as Open WebUI does for an account without a key: we keep only a hash, so a key is never shown twice
// (Open WebUI's client then offers to make one); Settings lists every key by name.
import { endpoint } from '../../../../lib/api';
import { HttpError, msg } from '../../../../lib/http';
import { requireUser } from '../../../../lib/auth/request';
import { deleteOpenWebUIKeys, regenerateOpenWebUIKey } from '../../../../lib/auth/api-keys';

export const GET = endpoint((ctx) => {
  requireUser(ctx);
  throw new HttpError('NOT_FOUND', msg('api.apiKeyShownOnce'));
});
export const POST = endpoint((ctx) => regenerateOpenWebUIKey(requireUser(ctx).id));
export const DELETE = endpoint((ctx) => deleteOpenWebUIKeys(requireUser(ctx).id));
