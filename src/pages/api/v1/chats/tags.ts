// POST /api/v1/chats/tags {name, skip, limit}: the chats with a tag.
import { endpoint } from '../../../../lib/api';
import { readJson } from '../../../../lib/http';
import { requireUser } from '../../../../lib/auth/request';
import { chatsByTag } from '../../../../lib/chats/library';

export const POST = endpoint(async (ctx) => chatsByTag(requireUser(ctx).id, await readJson(ctx.request)));
