// POST /api/v1/chats/{id}/clone {title?}: a copy of the caller's own chat ("Clone of …" unless a title is given).
import { endpoint } from '../../../../../../lib/api';
import { readJson } from '../../../../../../lib/http';
import { requireUser } from '../../../../../../lib/auth/request';
import { cloneOwnChat } from '../../../../../../lib/chats/library';
import { heavyTurn } from '../../../../../../lib/render/admission';

// One chat write of an account at a time (render/admission.ts), like an update: a long chat's copy holds the thread.
export const POST = endpoint(async (ctx) => {
  const userId = requireUser(ctx).id;
  const body = await readJson(ctx.request);
  return heavyTurn(userId, async () => cloneOwnChat(userId, ctx.params.id!, body));
});
