// Search engines, by the owner's choice (issue 18 item 4): which links may be indexed, and what they are told (robots
// header and meta, canonical URL, JSON-LD, the sitemap, robots.txt lines). Every other share page stays noindex.
import { shareIndexingAllowed } from '../../settings/instance';
import { indexingProblem } from '../manage/share-rules';
import type { StoredShare } from '../store';
import { indexedLinks } from './indexing-store';

/**
 * Whether search engines may index this link now: the owner asked, the administrator allows it, and the link is active,
 * not moderated, public, with no password, expiry or limits. Read at every view, so revoking or closing the link (or
 * the admin turning indexing off) makes its page noindex at once. The same rule as indexing-store.ts's SQL.
 */
export function isIndexable(s: StoredShare): boolean {
  if (!s.allow_indexing || s.status !== 'active' || s.moderated_by) return false;
  if (indexingProblem({ is_public: s.is_public, has_password: !!s.password_hash, expires_at: s.expires_at, max_views: s.max_views, max_clones: s.max_clones })) return false;
  return shareIndexingAllowed();
}

/** The X-Robots-Tag of a share page (and the robots meta of its head): indexable links only get `all`. */
export const robotsHeader = (indexable: boolean): string => (indexable ? 'all' : 'noindex, nofollow');

/**
 * JSON-LD for an indexable page. Article, not DiscussionForumPosting: a share is one owner's published document (a
 * conversation with an AI model), not a thread of first-hand posts by several people, which is what Google asks that
 * type for; no author is named (signed-out readers are never shown the owner's name).
 */
export function jsonLd(p: { url: string; title: string; description: string; imageUrl: string; published: number; modified: number }): string {
  const data = {
    '@context': 'https://schema.org', '@type': 'Article', headline: p.title.slice(0, 110), description: p.description,
    url: p.url, mainEntityOfPage: p.url, image: p.imageUrl,
    datePublished: new Date(p.published * 1000).toISOString(), dateModified: new Date(p.modified * 1000).toISOString(),
  };
  // A data block, never run (the CSP allows no inline script anyway); `<` escaped so no text can close the element.
  return `<script type="application/ld+json">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`;
}

const SITEMAP_MAX = 50_000;
const xml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** /sitemap.xml: the indexable links (none while the administrator has indexing off), each with its last change. */
export function sitemapXml(origin: string): string {
  const links = shareIndexingAllowed() ? indexedLinks(SITEMAP_MAX) : [];
  const urls = links.map((l) => `<url><loc>${xml(`${origin}/s/${encodeURIComponent(l.share_id)}`)}</loc><lastmod>${new Date(l.updated_at * 1000).toISOString()}</lastmod></url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}${urls.length ? '\n' : ''}</urlset>\n`;
}

/**
 * The lines robots.txt carries for shares: where the sitemap is, and that a share's downloads, live updates and parts
 * are not for crawling (a download counts a view). Share pages themselves say noindex unless their owner opted in.
 */
export function shareRobotsLines(origin: string): string[] {
  return [
    // Share pages are noindex unless their owner allowed search engines; those are listed in the sitemap.
    'Disallow: /s/*/download',
    'Disallow: /s/*/live',
    'Disallow: /s/*/part',
    `Sitemap: ${origin}/sitemap.xml`,
  ];
}
