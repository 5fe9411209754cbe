import { endpoint } from '../../../../lib/api';
import { requireUser } from '../../../../lib/auth/request';
import { userJson } from '../../../../lib/auth/forms';

export const GET = endpoint((ctx) => userJson(requireUser(ctx)));
