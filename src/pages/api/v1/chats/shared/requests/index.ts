// GET /api/v1/chats/shared/requests: the owner's pending access requests, newest first (issue 17.3).
import { endpoint } from '../../../../../../lib/api';
import { requireUser } from '../../../../../../lib/auth/request';
import { pendingRequests } from '../../../../../../lib/shares/audience/requests';

export const GET = endpoint((ctx) => pendingRequests(requireUser(ctx), ctx.url));
