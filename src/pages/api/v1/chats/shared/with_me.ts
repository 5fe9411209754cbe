// GET /api/v1/chats/shared/with_me?query=&page=: links others shared with the signed-in user through grants (issue 17.2).
import { endpoint } from '../../../../../lib/api';
import { requireUser } from '../../../../../lib/auth/request';
import { sharedWithMe } from '../../../../../lib/shares/audience/audience-api';

export const GET = endpoint((ctx) => sharedWithMe(requireUser(ctx), ctx.url.searchParams, ctx.url));
