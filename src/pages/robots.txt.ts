// /robots.txt. Share pages and their preview images stay open to crawlers: link-preview bots (X's, Slack's, ...) honour
// this file, and a page a search engine must not index says so itself (X-Robots-Tag and <meta name="robots">), which a
// crawler can only read if it may fetch the page. Share pages are noindex unless their owner allowed search engines;
// the sitemap lists those (shares/preview/indexing.ts).
import type { APIRoute } from 'astro';
import { shareRobotsLines } from '../lib/shares/preview/indexing';
import { shareOriginFor } from '../lib/shares/serve/pages';

const RULES = ['User-agent: *', 'Allow: /s/', 'Allow: /api/oembed', 'Allow: /apple-touch-icon.png', 'Allow: /favicon.svg', 'Disallow: /api/',
  'Disallow: /admin/', 'Disallow: /auth/', 'Disallow: /c/', 'Disallow: /shared', 'Disallow: /settings', 'Disallow: /pending'];

export const GET: APIRoute = (ctx) => new Response(`${[...RULES, ...shareRobotsLines(shareOriginFor(ctx.request.headers))].join('\n')}\n`, {
  headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'max-age=3600' },
});
