// GET /api/v1/chats/shared/meta: every share matching the filters, across pages, with counts by status.
import { endpoint } from '../../../../../lib/api';
import { requireUser } from '../../../../../lib/auth/request';
import { ownShareMatches } from '../../../../../lib/shares/manage/manage';

export const GET = endpoint((ctx) => ownShareMatches(requireUser(ctx).id, ctx.url.searchParams));
