// DELETE /api/v1/chats/shared/revoked: removes revoked share links for good (the chats stay).
import { endpoint } from '../../../../../lib/api';
import { requireUser } from '../../../../../lib/auth/request';
import { clearRevokedShares } from '../../../../../lib/shares/manage/manage';

export const DELETE = endpoint((ctx) => clearRevokedShares(requireUser(ctx).id));
