import { endpoint } from '../../../../../../lib/api';
import { requireUser } from '../../../../../../lib/auth/request';
import { restoreShare } from '../../../../../../lib/shares/manage/manage';

export const POST = endpoint((ctx) => restoreShare(requireUser(ctx).id, ctx.params.id!, ctx.url));
