// What a share says of itself to previews: its card (title, summary, version, times) and the head tags built from it,
// the same for every agent allowed the share (the page, crawlers, the view-limited page, oEmbed).
import { config } from '../../config';
import { t, type Locale } from '../../i18n/index';
import { buildHeadTags, isEmbeddable, oembedUrlFor, twitterHandle } from './head';
import { liveDocumentFor, type LiveEntry } from '../documents/documents';
import { isIndexable, jsonLd } from './indexing';
import type { StoredShare } from '../store';

const SITE = 'chatshare';
/** May show its title and text to anyone. */
export const isOpen = (s: StoredShare) => s.is_public && !s.password_hash;

export function imageUrl(origin: string, s: StoredShare, version: string | number): string {
  return `${origin}/s/${encodeURIComponent(s.share_id)}/og.png?v=${isOpen(s) ? version : 'locked'}`;
}

const TWITTER_SITE = twitterHandle(config.twitterSite);

/**
 * Head tags: the real title and summary only for shares anyone may read; a generic card otherwise. Every agent allowed
 * the same share gets the same tags (browsers, crawlers, unknown fetchers); `author` only where the page shows the name.
 */
export function headFor(origin: string, s: StoredShare, open: Card | null, locale: Locale, author?: string): string {
  const pageUrl = `${origin}/s/${encodeURIComponent(s.share_id)}`;
  if (!open || !isOpen(s)) {
    return buildHeadTags({ title: t(locale, 'viewer.previewTitle'), description: t(locale, 'viewer.protectedDescription'), url: pageUrl, imageUrl: imageUrl(origin, s, 0), imageAlt: t(locale, 'viewer.protectedImageAlt'), siteName: SITE, noindex: true, locale, twitterSite: TWITTER_SITE });
  }
  // Only a link its owner opened to search engines (indexing.ts) drops noindex and gets a canonical URL and JSON-LD.
  const indexable = isIndexable(s);
  const description = open.summary || t(locale, 'viewer.openDescription');
  const image = imageUrl(origin, s, open.version);
  const tags = buildHeadTags({
    title: open.title, description, url: pageUrl, imageUrl: image,
    imageAlt: t(locale, 'viewer.openImageAlt', { title: open.title }), siteName: SITE, noindex: !indexable, locale,
    publishedTime: s.created_at, modifiedTime: open.modified, author, twitterSite: TWITTER_SITE,
    oembedUrl: isEmbeddable(s) ? oembedUrlFor(origin, pageUrl) : undefined,
  });
  if (!indexable) return tags;
  return `${tags}\n${jsonLd({ url: pageUrl, title: open.title, description, imageUrl: image, published: s.created_at, modified: open.modified })}`;
}

export type Card = { title: string; summary: string; version: string | number; /** unix seconds */ modified: number };
/** What the head tags and preview say of a snapshot: its title and summary as published. */
export const snapshotCard = (s: StoredShare): Card => ({ title: s.snapshot_title ?? 'Shared chat', summary: s.snapshot_summary ?? '', version: s.snapshot_rev, modified: s.updated_at });

/** The card of a share anyone may read, as its page shows it now. */
export async function openCard(s: StoredShare): Promise<Card | null> {
  if (!isOpen(s)) return null;
  if (s.kind === 'snapshot') return snapshotCard(s);
  const live = await liveDocumentFor(s.chat_id, { stale: true, light: true });
  return live && liveCard(live);
}
export const liveCard = (live: LiveEntry): Card => ({ title: live.title, summary: live.summary, version: live.updatedAt, modified: live.updatedAt });
