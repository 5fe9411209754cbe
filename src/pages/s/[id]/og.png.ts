import type { APIRoute } from 'astro';
import { shareImage } from '../../../lib/shares/serve/pages';

export const GET: APIRoute = (ctx) => shareImage(ctx);
export const HEAD: APIRoute = (ctx) => shareImage(ctx);
