// The viewer, /s/{share_id}: the middleware has applied the gate; this turns its decision into a response.
import type { APIRoute } from 'astro';
import { sharePage, sharePasswordSubmit } from '../../../lib/shares/serve/pages';

export const GET: APIRoute = (ctx) => sharePage(ctx);
export const HEAD: APIRoute = (ctx) => sharePage(ctx);
export const POST: APIRoute = (ctx) => sharePasswordSubmit(ctx);
