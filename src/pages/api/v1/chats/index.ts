import { endpoint } from '../../../../lib/api';
import { requireUser } from '../../../../lib/auth/request';
import { listChatsPage } from '../../../../lib/chats/service';
import { deleteAllChats } from '../../../../lib/chats/library';

// Open WebUI's list: `?page=N` (1-based, 60 a page); we also take `?q=` to search titles. /chats/list is the same route.
export const GET = endpoint((ctx) => listChatsPage(requireUser(ctx).id, ctx.url.searchParams));
// DELETE /api/v1/chats/: every chat of the caller, with its share (Open WebUI's "Delete All Chats"); answers true.
export const DELETE = endpoint((ctx) => deleteAllChats(requireUser(ctx).id));
