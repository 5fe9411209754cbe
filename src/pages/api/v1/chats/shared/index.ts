// GET /api/v1/chats/shared: the caller's shares, filtered, sorted and paged (the Shared Chats dashboard's data).
import { endpoint } from '../../../../../lib/api';
import { requireUser } from '../../../../../lib/auth/request';
import { listOwnShares } from '../../../../../lib/shares/manage/manage';

export const GET = endpoint((ctx) => listOwnShares(requireUser(ctx).id, ctx.url.searchParams, ctx.url));
