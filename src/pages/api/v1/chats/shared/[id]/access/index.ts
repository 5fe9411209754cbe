// GET /api/v1/chats/shared/{chat_id}/access: Open WebUI 0.11's list of a shared chat's access grants (issue 17.1).
import { endpoint } from '../../../../../../../lib/api';
import { requireUser } from '../../../../../../../lib/auth/request';
import { shareAccess } from '../../../../../../../lib/shares/audience/audience-api';

export const GET = endpoint((ctx) => shareAccess(requireUser(ctx), ctx.params.id!));
