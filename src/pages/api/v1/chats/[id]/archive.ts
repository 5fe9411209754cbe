// POST /api/v1/chats/{id}/archive: archives the chat or brings it back; answers the chat.
import { endpoint } from '../../../../../lib/api';
import { requireUser } from '../../../../../lib/auth/request';
import { toggleChat } from '../../../../../lib/chats/library';

export const POST = endpoint((ctx) => toggleChat(requireUser(ctx).id, ctx.params.id!, 'archived'));
