// POST /api/v1/chats/{share_id}/report {reason, note?}: reports a share link to the administrators (no account needed;
// throttled per client) → 201 {id}. The id in the path is the share's public id, as in /s/{share_id}.
import { endpoint } from '../../../../../lib/api';
import { json, readJson } from '../../../../../lib/http';
import { clientOf } from '../../../../../lib/auth/throttle';
import { gateShare } from '../../../../../lib/shares/access';
import { reportFromApi } from '../../../../../lib/reports/service';

export const POST = endpoint(async (ctx) => {
  const body = await readJson(ctx.request);
  // The gate's share lookup (ids no share can have are simply not found); nothing is counted.
  const { share } = gateShare(ctx, ctx.params.id ?? '', false, () => undefined);
  return json(reportFromApi(share, body, clientOf(ctx)), 201);
});
