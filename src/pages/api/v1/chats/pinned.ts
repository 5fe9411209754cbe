// GET /api/v1/chats/pinned: the pinned chats (Open WebUI's sidebar loads them first).
import { endpoint } from '../../../../lib/api';
import { requireUser } from '../../../../lib/auth/request';
import { pinnedChats } from '../../../../lib/chats/library';

export const GET = endpoint((ctx) => pinnedChats(requireUser(ctx).id));
