// GET /api/v1/chats/all/tags: the caller's tags in use (Open WebUI's sidebar awaits them before listing chats).
import { endpoint } from '../../../../../lib/api';
import { requireUser } from '../../../../../lib/auth/request';
import { allTags } from '../../../../../lib/chats/library';

export const GET = endpoint((ctx) => allTags(requireUser(ctx).id));
