// POST /api/v1/chats/shared/{chat_id}/access/update {access_grants}: Open WebUI 0.11's grant update (issue 17.1).
import { endpoint } from '../../../../../../../lib/api';
import { readJson } from '../../../../../../../lib/http';
import { requireUser } from '../../../../../../../lib/auth/request';
import { updateShareAccess } from '../../../../../../../lib/shares/audience/audience-api';

export const POST = endpoint(async (ctx) => updateShareAccess(requireUser(ctx), ctx.params.id!, await readJson(ctx.request), ctx.url));
