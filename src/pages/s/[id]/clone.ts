// Clone Chat from the viewer: POST clones (or remembers the wish across sign-in), GET carries out a remembered one once.
import type { APIRoute } from 'astro';
import { clonePageResume, clonePageSubmit } from '../../../lib/shares/serve/clone';

export const POST: APIRoute = (ctx) => clonePageSubmit(ctx);
export const GET: APIRoute = (ctx) => clonePageResume(ctx);
