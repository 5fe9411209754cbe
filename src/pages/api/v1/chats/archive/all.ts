// POST /api/v1/chats/archive/all: archives every chat of the caller; answers true.
import { endpoint } from '../../../../../lib/api';
import { requireUser } from '../../../../../lib/auth/request';
import { archiveAll } from '../../../../../lib/chats/library';

export const POST = endpoint((ctx) => archiveAll(requireUser(ctx).id, true));
