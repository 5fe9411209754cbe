// GET /api/v1/chats/archived?page=&query=: the archived chats, 60 a page.
import { endpoint } from '../../../../lib/api';
import { requireUser } from '../../../../lib/auth/request';
import { archivedChats } from '../../../../lib/chats/library';

export const GET = endpoint((ctx) => archivedChats(requireUser(ctx).id, ctx.url.searchParams));
