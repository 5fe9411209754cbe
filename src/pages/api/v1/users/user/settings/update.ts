// POST /api/v1/users/user/settings/update {ui, ...}: merges the keys into the caller's settings and answers them all.
import { endpoint } from '../../../../../../lib/api';
import { readJson } from '../../../../../../lib/http';
import { requireUser } from '../../../../../../lib/auth/request';
import { updateUserSettings } from '../../../../../../lib/auth/user-settings';

export const POST = endpoint(async (ctx) => updateUserSettings(requireUser(ctx).id, await readJson(ctx.request)));
