// /robots.txt: share pages are noindex unless their owner allowed search engines; the sitemap lists those (issue 18).
// Minimal on purpose: the lines come from shares/indexing.ts, so another robots.txt route can include them instead.
import type { APIRoute } from 'astro';
import { shareRobotsLines } from '../lib/shares/indexing';
import { shareOriginFor } from '../lib/shares/pages';

export const GET: APIRoute = (ctx) => new Response(`${shareRobotsLines(shareOriginFor(ctx.request.headers)).join('\n')}\n`, {
  headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'max-age=3600' },
});
