// GET /s/{id}/files/{file}: an image of a shared chat, for whoever may read the share (the gate in the middleware: revoked,
// expired, audience, sign-in, password). Never counts a view: a view-limited share's image needs the proof its page's
// counted view left (a cookie), like a part of the page does. Only a file the share shows is served; others are 404.
import type { APIRoute } from 'astro';
import { errorResponse, HttpError } from '../../../../lib/http';
import { fileNotFound, fileOf, fileResponse, shareShowsFile } from '../../../../lib/files/serve';

export const GET: APIRoute = async ({ params, locals, request }) => {
  const g = locals.share!;
  if (!g.access.allow) return errorResponse(new HttpError(g.access.code, g.access.detail), locals.locale);
  const s = g.share!;
  try {
    const row = fileOf(params.file);
    if (!row || !(await shareShowsFile(s, row)) || !(g.access.isOwner || s.max_views === 0 || g.viewCounted)) return fileNotFound(locals.locale);
    // no-cache: a browser may keep it but asks again (a 304 by its ETag) each time, so a revoked link shows no image.
    return await fileResponse(row, request, 'private, no-cache', locals.locale);
  } catch (err) {
    return errorResponse(err, locals.locale);
  }
};
