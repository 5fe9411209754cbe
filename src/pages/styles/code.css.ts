// /styles/code.css: the colour classes of highlighted code, generated from the shiki themes at build time.
import type { APIRoute } from 'astro';
import { codeThemeCss } from '../../lib/render/highlight';

export const prerender = true;

export const GET: APIRoute = () => new Response(codeThemeCss(), { headers: { 'content-type': 'text/css; charset=utf-8' } });
