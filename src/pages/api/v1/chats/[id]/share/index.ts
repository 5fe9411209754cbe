import { endpoint } from '../../../../../../lib/api';
import { readJson } from '../../../../../../lib/http';
import { requireUser } from '../../../../../../lib/auth/request';
import { ownShare, revokeShare, upsertShare } from '../../../../../../lib/shares/manage';
import { shareOriginFor } from '../../../../../../lib/shares/pages';

export const POST = endpoint(async (ctx) => upsertShare(requireUser(ctx), ctx.params.id!, await readJson(ctx.request), ctx.url, shareOriginFor(ctx.request.headers)));
export const DELETE = endpoint((ctx) => revokeShare(requireUser(ctx).id, ctx.params.id!, ctx.url));
export const GET = endpoint((ctx) => ownShare(requireUser(ctx).id, ctx.params.id!, ctx.url));
