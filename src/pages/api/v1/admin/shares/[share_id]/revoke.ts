// POST /api/v1/admin/shares/{share_id}/revoke: moderation; the owner sees the link revoked and cannot restore it.
import { endpoint } from '../../../../../../lib/api';
import { requireAdmin } from '../../../../../../lib/auth/permissions';
import { moderateRevoke } from '../../../../../../lib/shares/moderation';

export const POST = endpoint((ctx) => moderateRevoke(requireAdmin(ctx), ctx.params.share_id!, ctx.url));
