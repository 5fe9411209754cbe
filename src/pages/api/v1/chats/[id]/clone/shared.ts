// POST /api/v1/chats/{share_id}/clone/shared: copies a shared chat into the caller's library ({id} is the share id).
import { endpoint } from '../../../../../../lib/api';
import { readJson } from '../../../../../../lib/http';
import { cloneSharedChat } from '../../../../../../lib/shares/serve/clone';
import { chatRowResponse } from '../../../../../../lib/chats/answer';

export const POST = endpoint(async (ctx) => {
  const body = await readJson(ctx.request);
  const password = body && typeof body === 'object' && !Array.isArray(body) ? (body as { password?: unknown }).password : undefined;
  // The new row, its chat spliced in as the pool serialized it (never parsed or serialized here), as a create answers.
  const { row, shown } = await cloneSharedChat(ctx, ctx.params.id!, password);
  return chatRowResponse(row, shown);
});
