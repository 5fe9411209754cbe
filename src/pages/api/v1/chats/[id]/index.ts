import { endpoint } from '../../../../../lib/api';
import { readBody } from '../../../../../lib/http';
import { CHAT_BODY_LIMIT } from '../../../../../lib/limits';
import { requireUser } from '../../../../../lib/auth/request';
import { requireChat } from '../../../../../lib/chats/store';
import { deleteChat, updateChatJson } from '../../../../../lib/chats/service';
import { heavyTurn } from '../../../../../lib/render/admission';

export const GET = endpoint((ctx) => requireChat(requireUser(ctx).id, ctx.params.id!));
// One chat write or publish of an account at a time (render/admission.ts): a 3 MB chat's parse and save hold the thread.
export const POST = endpoint(async (ctx) => {
  const userId = requireUser(ctx).id;
  return heavyTurn(userId, async () => updateChatJson(userId, ctx.params.id!, await readBody(ctx.request, CHAT_BODY_LIMIT)));
});
export const DELETE = endpoint(async (ctx) => {
  await deleteChat(requireUser(ctx).id, ctx.params.id!);
  return true;
});
