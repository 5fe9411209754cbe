import { endpoint } from '../../../../../../lib/api';
import { readJson } from '../../../../../../lib/http';
import { requireUser } from '../../../../../../lib/auth/request';
import { decideForOwner, scanForOwner, scanScopeOf } from '../../../../../../lib/shares/scan/owner';

// The pre-share scan (issue 18.1): the owner's only; another user's chat is a 404 like the other share routes.
// `?all_branches=1|0`: the dialog's choice before it is saved (scan/owner.ts).
export const GET = endpoint((ctx) => scanForOwner(requireUser(ctx).id, ctx.params.id!, scanScopeOf(ctx.url)));
export const POST = endpoint(async (ctx) => decideForOwner(requireUser(ctx).id, ctx.params.id!, await readJson(ctx.request), scanScopeOf(ctx.url)));
