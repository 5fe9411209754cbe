// GET /api/v1/chats/{id}/pinned: whether the chat is pinned (true or false).
import { endpoint } from '../../../../../lib/api';
import { requireUser } from '../../../../../lib/auth/request';
import { requireChat } from '../../../../../lib/chats/store';

export const GET = endpoint((ctx) => requireChat(requireUser(ctx).id, ctx.params.id!).pinned);
