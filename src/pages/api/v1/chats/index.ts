import { endpoint } from '../../../../lib/api';
import { requireUser } from '../../../../lib/auth/request';
import { listChatsPage } from '../../../../lib/chats/service';

// Open WebUI's list: `?page=N` (1-based, 60 a page); we also take `?q=` to search titles. /chats/list is the same route.
export const GET = endpoint((ctx) => listChatsPage(requireUser(ctx).id, ctx.url.searchParams));
