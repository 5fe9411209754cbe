import { endpoint } from '../../../../lib/api';
import { readJson } from '../../../../lib/http';
import { requireUser } from '../../../../lib/auth/request';
import { newChat } from '../../../../lib/chats/service';

export const POST = endpoint(async (ctx) => newChat(requireUser(ctx).id, await readJson(ctx.request, 20_000_000)));
