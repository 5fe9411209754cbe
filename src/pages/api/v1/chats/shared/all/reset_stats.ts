// POST /api/v1/chats/shared/all/reset_stats: views and clones of every share of the caller back to 0.
import { endpoint } from '../../../../../../lib/api';
import { requireUser } from '../../../../../../lib/auth/request';
import { resetAllStats } from '../../../../../../lib/shares/manage/manage';

export const POST = endpoint((ctx) => resetAllStats(requireUser(ctx).id));
