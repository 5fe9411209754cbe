// GET, POST and DELETE /api/v1/chats/{id}/tags: the chat's tags (POST and DELETE take {name}); each answers the tag list.
import { endpoint } from '../../../../../lib/api';
import { readJson } from '../../../../../lib/http';
import { requireUser } from '../../../../../lib/auth/request';
import { addTag, chatTags, removeTag } from '../../../../../lib/chats/library';

export const GET = endpoint((ctx) => chatTags(requireUser(ctx).id, ctx.params.id!));
export const POST = endpoint(async (ctx) => addTag(requireUser(ctx).id, ctx.params.id!, await readJson(ctx.request)));
export const DELETE = endpoint(async (ctx) => removeTag(requireUser(ctx).id, ctx.params.id!, await readJson(ctx.request)));
