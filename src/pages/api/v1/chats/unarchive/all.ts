// POST /api/v1/chats/unarchive/all: brings every archived chat back; answers true.
import { endpoint } from '../../../../../lib/api';
import { requireUser } from '../../../../../lib/auth/request';
import { archiveAll } from '../../../../../lib/chats/library';

export const POST = endpoint((ctx) => archiveAll(requireUser(ctx).id, false));
