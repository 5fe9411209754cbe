import type { APIRoute } from 'astro';
import { shareImage } from '../../../lib/shares/respond';

export const GET: APIRoute = (ctx) => shareImage(ctx);
export const HEAD: APIRoute = (ctx) => shareImage(ctx);
