import { endpoint } from '../../../../../lib/api';
import { HttpError, msg } from '../../../../../lib/http';
import { requireUser } from '../../../../../lib/auth/request';
import { endSessionByHandle } from '../../../../../lib/auth/sessions-store';

/** Ends one of the caller's sessions, named by the id the list gives. */
export const DELETE = endpoint((ctx) => {
  if (!endSessionByHandle(requireUser(ctx).id, ctx.params.id ?? '')) throw new HttpError('NOT_FOUND', msg('api.sessionNotFound'));
  return true;
});
