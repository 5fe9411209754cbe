// POST /api/v1/chats/shared/requests/{id}/approve: the owner approves a pending access request (issue 17.3).
import { endpoint } from '../../../../../../../lib/api';
import { requireUser } from '../../../../../../../lib/auth/request';
import { decideAccessRequest } from '../../../../../../../lib/shares/audience/requests';

export const POST = endpoint((ctx) => decideAccessRequest(requireUser(ctx), ctx.params.id!, true));
