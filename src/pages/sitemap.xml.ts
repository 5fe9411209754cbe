// /sitemap.xml: the share links their owners opened to search engines (issue 18), read fresh on every request, so a
// revoked or closed link leaves it at once.
import type { APIRoute } from 'astro';
import { sitemapXml } from '../lib/shares/preview/indexing';
import { shareOriginFor } from '../lib/shares/serve/pages';

export const GET: APIRoute = (ctx) => new Response(sitemapXml(shareOriginFor(ctx.request.headers)), {
  headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' },
});
