import { endpoint } from '../../../../../lib/api';
import { readJson } from '../../../../../lib/http';
import { CHAT_BODY_LIMIT } from '../../../../../lib/limits';
import { requireUser } from '../../../../../lib/auth/request';
import { requireChat } from '../../../../../lib/chats/store';
import { deleteChat, updateChatJson } from '../../../../../lib/chats/service';

export const GET = endpoint((ctx) => requireChat(requireUser(ctx).id, ctx.params.id!));
export const POST = endpoint(async (ctx) => updateChatJson(requireUser(ctx).id, ctx.params.id!, await readJson(ctx.request, CHAT_BODY_LIMIT)));
export const DELETE = endpoint((ctx) => {
  deleteChat(requireUser(ctx).id, ctx.params.id!);
  return true;
});
