// GET /api/v1/chats/all/archived: every archived chat, whole (Open WebUI's archive export).
import { endpoint } from '../../../../../lib/api';
import { requireUser } from '../../../../../lib/auth/request';
import { allArchivedChats } from '../../../../../lib/chats/library';

export const GET = endpoint((ctx) => allArchivedChats(requireUser(ctx).id));
