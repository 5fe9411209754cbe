import type { APIRoute } from 'astro';
import { getAvatar, getUser } from '../../../../../lib/auth/users';
import { errorResponse, HttpError, msg } from '../../../../../lib/http';
import { initialsAvatar } from '../../../../../lib/auth/avatar';

// Avatars are for signed-in users only: anonymous viewers never see who shared a chat.
export const GET: APIRoute = ({ params, locals }) => {
  if (!locals.user) return errorResponse(new HttpError('UNAUTHORIZED', msg('api.avatarSignIn')), locals.locale);
  const user = getUser(params.id!);
  if (!user) return errorResponse(new HttpError('NOT_FOUND', msg('api.noSuchUser')), locals.locale);
  const headers = { 'cache-control': 'private, max-age=86400', 'x-content-type-options': 'nosniff' };
  const avatar = getAvatar(user.id);
  if (avatar) return new Response(new Uint8Array(avatar.data), { headers: { ...headers, 'content-type': avatar.type } });
  return new Response(initialsAvatar(user.name, user.id), { headers: { ...headers, 'content-type': 'image/svg+xml', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" } });
};
