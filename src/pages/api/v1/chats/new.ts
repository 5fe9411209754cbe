import { endpoint } from '../../../../lib/api';
import { readJson } from '../../../../lib/http';
import { CHAT_BODY_LIMIT } from '../../../../lib/limits';
import { requireUser } from '../../../../lib/auth/request';
import { newChat } from '../../../../lib/chats/service';

export const POST = endpoint(async (ctx) => newChat(requireUser(ctx).id, await readJson(ctx.request, CHAT_BODY_LIMIT)));
