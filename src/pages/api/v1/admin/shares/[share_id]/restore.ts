// POST /api/v1/admin/shares/{share_id}/restore: lifts a moderation or an owner's revocation (admins only).
import { endpoint } from '../../../../../../lib/api';
import { requireAdmin } from '../../../../../../lib/auth/permissions';
import { moderateRestore } from '../../../../../../lib/shares/manage/moderation';

export const POST = endpoint((ctx) => {
  requireAdmin(ctx);
  return moderateRestore(ctx.params.share_id!, ctx.url);
});
