// GET /api/v1/chats/shared/principals?query=: people and groups to grant a link to (the Share Chat dialog's picker).
import { endpoint } from '../../../../../lib/api';
import { requireUser } from '../../../../../lib/auth/request';
import { searchPrincipals } from '../../../../../lib/shares/audience/audience-api';

export const GET = endpoint((ctx) => searchPrincipals(requireUser(ctx), ctx.url.searchParams));
