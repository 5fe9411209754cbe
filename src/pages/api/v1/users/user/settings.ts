// GET /api/v1/users/user/settings: the caller's Open WebUI settings object, or null before the first save.
import { endpoint } from '../../../../../lib/api';
import { json } from '../../../../../lib/http';
import { requireUser } from '../../../../../lib/auth/request';
import { readUserSettings } from '../../../../../lib/auth/user-settings';

export const GET = endpoint((ctx) => json(readUserSettings(requireUser(ctx).id)));
