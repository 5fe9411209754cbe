// POST /api/v1/auths/update/profile {name, profile_image_url}: the caller's name (the picture is uploaded, not linked:
// profile_image_url is accepted and ignored); answers the user as GET /auths/ does.
import { z } from 'zod';
import { endpoint } from '../../../../../lib/api';
import { readJson } from '../../../../../lib/http';
import { requireUser } from '../../../../../lib/auth/request';
import { userJson } from '../../../../../lib/auth/forms';
import { getUser, parseInput, updateName } from '../../../../../lib/auth/users';

const profileBody = z.object({
  name: z.string({ message: 'must be text' }).trim().min(1, 'cannot be empty').max(100, 'is too long (100 characters at most)'),
  profile_image_url: z.string().max(2_000_000).optional(),
});

export const POST = endpoint(async (ctx) => {
  const user = requireUser(ctx);
  const { name } = parseInput(profileBody, await readJson(ctx.request));
  updateName(user.id, name);
  return userJson(getUser(user.id) ?? user);
});
