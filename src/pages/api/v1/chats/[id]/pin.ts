// POST /api/v1/chats/{id}/pin: pins or unpins the chat; answers the chat.
import { endpoint } from '../../../../../lib/api';
import { requireUser } from '../../../../../lib/auth/request';
import { toggleChat } from '../../../../../lib/chats/library';

export const POST = endpoint((ctx) => toggleChat(requireUser(ctx).id, ctx.params.id!, 'pinned'));
