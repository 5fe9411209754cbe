// GET /api/v1/files/{id}/content (Open WebUI's path): a kept image, for its owner and admins; 404 for anyone else, as for
// an id that does not exist, so an id's existence is never revealed.
import type { APIRoute } from 'astro';
import { fileNotFound, fileOf, fileResponse } from '../../../../../lib/files/serve';
import { errorResponse } from '../../../../../lib/http';

export const GET: APIRoute = async ({ params, locals, request }) => {
  try {
    const user = locals.user;
    const row = user && user.role !== 'pending' ? fileOf(params.id) : null;
    if (!row || (row.user_id !== user!.id && user!.role !== 'admin')) return fileNotFound(locals.locale);
    return await fileResponse(row, request, 'private, max-age=86400', locals.locale);
  } catch (err) {
    return errorResponse(err, locals.locale);
  }
};
