// DELETE /api/v1/chats/shared/all: revokes every share link of the caller.
import { endpoint } from '../../../../../../lib/api';
import { requireUser } from '../../../../../../lib/auth/request';
import { revokeAllShares } from '../../../../../../lib/shares/manage/manage';

export const DELETE = endpoint((ctx) => revokeAllShares(requireUser(ctx).id));
