// A share page's <head> metadata (Open Graph, Twitter card, article times, oEmbed discovery), the same for every agent
// that may see the share: browsers, known crawlers and unknown fetchers all get these exact tags.
import { escapeHtml } from '../../render/escape';
import type { Locale } from '../../i18n/locales';

/**
 * Caps from the platforms' own documentation. X documents the card's title as 70 characters, the description as 200
 * and the image's alt text as 420 (developer.x.com, "Cards markup"). Facebook documents no cap and shows about 300
 * characters of a description; LinkedIn and Slack show less than X's title. So titles everywhere stop at 70, X's
 * description at 200, Open Graph's at 300, alt texts at 420.
 */
export const META_LIMITS = { title: 70, twitterDescription: 200, description: 300, imageAlt: 420 } as const;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const TRAILING = /[\s\p{P}\p{Cf}]+$/u;

/**
 * `text` in at most `max` code points (a grapheme is never split, so an emoji or an accented letter stays whole).
 * A longer text ends at the last word that fits (when one ends in the last third) with "…" after it.
 */
export function capText(text: string, max: number): string {
  const clean = text.replace(/\s+/gu, ' ').trim();
  if ([...clean].length <= max) return clean;
  let cut = '';
  let used = 0;
  for (const { segment } of graphemes.segment(clean)) {
    const n = [...segment].length;
    if (used + n > max - 1) break;
    cut += segment;
    used += n;
  }
  const space = cut.lastIndexOf(' ');
  if (space >= 0 && [...cut.slice(0, space)].length >= Math.floor((max * 2) / 3)) cut = cut.slice(0, space);
  return `${cut.replace(TRAILING, '')}…`;
}

/** og:locale wants language_TERRITORY. */
const OG_LOCALE: Record<Locale, string> = { en: 'en_US', fr: 'fr_FR', es: 'es_ES' };

/** `@handle` from TWITTER_SITE (`@name`, `name` or an x.com / twitter.com profile address); null when not a handle. */
export function twitterHandle(raw: string | undefined): string | null {
  const v = (raw ?? '').trim().replace(/^https?:\/\/(?:www\.)?(?:x|twitter)\.com\//i, '').replace(/^@/, '').replace(/\/+$/, '');
  return /^[A-Za-z0-9_]{1,15}$/.test(v) ? `@${v}` : null;
}

export interface HeadInput {
  title: string; description: string; url: string; imageUrl: string; imageAlt: string; siteName: string; noindex: boolean;
  locale: Locale;
  /** Unix seconds; only for shares anyone may read. */
  publishedTime?: number; modifiedTime?: number;
  /** The owner's name, only where the page itself shows it. */
  author?: string;
  /** The instance's X account (TWITTER_SITE). */
  twitterSite?: string | null;
  /** The oEmbed endpoint for this page (public, unlimited shares only). */
  oembedUrl?: string;
}

const iso = (s: number) => new Date(s * 1000).toISOString();

/** Open Graph and Twitter card tags; every value capped and escaped. */
export function buildHeadTags(h: HeadInput): string {
  const e = escapeHtml;
  const title = capText(h.title, META_LIMITS.title);
  const description = capText(h.description, META_LIMITS.description);
  const alt = capText(h.imageAlt, META_LIMITS.imageAlt);
  const alternates = (Object.keys(OG_LOCALE) as Locale[]).filter((l) => l !== h.locale);
  return [
    `<title>${e(title)} · ${e(h.siteName)}</title>`,
    `<meta name="description" content="${e(description)}">`,
    h.noindex ? '<meta name="robots" content="noindex,nofollow">' : '',
    // Canonical only where search engines are welcome: a noindex page has nothing to consolidate.
    h.noindex ? '' : `<link rel="canonical" href="${e(h.url)}">`,
    h.oembedUrl ? `<link rel="alternate" type="application/json+oembed" href="${e(h.oembedUrl)}" title="${e(title)}">` : '',
    `<meta property="og:type" content="article">`,
    `<meta property="og:site_name" content="${e(h.siteName)}">`,
    `<meta property="og:locale" content="${OG_LOCALE[h.locale]}">`,
    ...alternates.map((l) => `<meta property="og:locale:alternate" content="${OG_LOCALE[l]}">`),
    `<meta property="og:title" content="${e(title)}">`,
    `<meta property="og:description" content="${e(description)}">`,
    `<meta property="og:url" content="${e(h.url)}">`,
    `<meta property="og:image" content="${e(h.imageUrl)}">`,
    `<meta property="og:image:type" content="image/png">`,
    `<meta property="og:image:width" content="1200">`,
    `<meta property="og:image:height" content="630">`,
    `<meta property="og:image:alt" content="${e(alt)}">`,
    h.publishedTime ? `<meta property="article:published_time" content="${iso(h.publishedTime)}">` : '',
    h.modifiedTime ? `<meta property="article:modified_time" content="${iso(h.modifiedTime)}">` : '',
    h.author ? `<meta property="article:author" content="${e(capText(h.author, META_LIMITS.title))}">` : '',
    `<meta name="twitter:card" content="summary_large_image">`,
    h.twitterSite ? `<meta name="twitter:site" content="${e(h.twitterSite)}">` : '',
    `<meta name="twitter:title" content="${e(title)}">`,
    `<meta name="twitter:description" content="${e(capText(h.description, META_LIMITS.twitterDescription))}">`,
    `<meta name="twitter:image" content="${e(h.imageUrl)}">`,
    `<meta name="twitter:image:alt" content="${e(alt)}">`,
  ].filter(Boolean).join('\n');
}

/** A share an oEmbed consumer may embed: anyone may read it, and reading it spends nothing (no view limit). */
export const isEmbeddable = (s: { is_public: boolean; password_hash: string | null; max_views: number }): boolean =>
  s.is_public && !s.password_hash && s.max_views === 0;

/** The oEmbed address of a share page (discovery link). */
export const oembedUrlFor = (origin: string, pageUrl: string): string => `${origin}/api/oembed?url=${encodeURIComponent(pageUrl)}&format=json`;

/** A dead or unknown link's page: what an unfurler shows instead of nothing ("Link revoked: …"), never indexed. */
export function errorHeadTags(title: string, message: string, locale: Locale): string {
  const e = escapeHtml;
  return [
    `<title>${e(title)} · chatshare</title>`,
    '<meta name="robots" content="noindex,nofollow">',
    `<meta name="description" content="${e(capText(message, META_LIMITS.description))}">`,
    '<meta property="og:type" content="website">',
    '<meta property="og:site_name" content="chatshare">',
    `<meta property="og:locale" content="${OG_LOCALE[locale]}">`,
    `<meta property="og:title" content="${e(capText(title, META_LIMITS.title))}">`,
    `<meta property="og:description" content="${e(capText(message, META_LIMITS.description))}">`,
    '<meta name="twitter:card" content="summary">',
  ].join('\n');
}
