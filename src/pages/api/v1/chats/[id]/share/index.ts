import { endpoint } from '../../../../../../lib/api';
import { readJson } from '../../../../../../lib/http';
import { requireUser } from '../../../../../../lib/auth/request';
import { ownShare, revokeShare, upsertShare } from '../../../../../../lib/shares/manage/manage';
import { shareOriginFor } from '../../../../../../lib/shares/serve/pages';
import { heavyTurn } from '../../../../../../lib/render/admission';

// One chat write or publish of an account at a time (render/admission.ts): a long chat's publish holds the thread in parts.
export const POST = endpoint(async (ctx) => {
  const user = requireUser(ctx);
  return heavyTurn(user.id, async () => upsertShare(user, ctx.params.id!, await readJson(ctx.request), ctx.url, shareOriginFor(ctx.request.headers)));
});
export const DELETE = endpoint((ctx) => revokeShare(requireUser(ctx).id, ctx.params.id!));
export const GET = endpoint((ctx) => ownShare(requireUser(ctx).id, ctx.params.id!, ctx.url));
