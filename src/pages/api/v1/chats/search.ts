// GET /api/v1/chats/search?text=&page=: Open WebUI's sidebar search (words, `tag:`, `pinned:`, `archived:`, `shared:`).
import { endpoint } from '../../../../lib/api';
import { requireUser } from '../../../../lib/auth/request';
import { searchChats } from '../../../../lib/chats/library';

export const GET = endpoint((ctx) => searchChats(requireUser(ctx).id, ctx.url.searchParams));
