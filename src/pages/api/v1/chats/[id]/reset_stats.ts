// POST /api/v1/chats/{id}/reset_stats: the share with its views and clones back to 0.
import { endpoint } from '../../../../../lib/api';
import { requireUser } from '../../../../../lib/auth/request';
import { resetStats } from '../../../../../lib/shares/manage/manage';

export const POST = endpoint((ctx) => resetStats(requireUser(ctx).id, ctx.params.id!, ctx.url));
