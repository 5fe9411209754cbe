// POST /api/v1/admin/shares/{share_id}/revoke {reason?}: moderation; the owner sees the link revoked (with the reason,
// when one is given) and cannot restore it.
import { endpoint } from '../../../../../../lib/api';
import { readJson } from '../../../../../../lib/http';
import { requireAdmin } from '../../../../../../lib/auth/permissions';
import { moderateRevoke } from '../../../../../../lib/shares/manage/moderation';
import { optionalModerationReason } from '../../../../../../lib/reports/service';

export const POST = endpoint(async (ctx) => {
  const admin = requireAdmin(ctx);
  const reason = optionalModerationReason(await readJson(ctx.request));
  return moderateRevoke(admin, ctx.params.share_id!, ctx.url, reason);
});
