// Links to one message of a share (`/s/{id}?m=<anchor>#m-<anchor>`): which message an anchor names on the shared path,
// which part of a long chat holds it, and what its link preview says (head tags, card). Crawlers and the part route
// ask; a browser's page never does (its bytes are the same with or without ?m=).
import { config } from '../../config';
import { t, type Locale } from '../../i18n/index';
import { buildHeadTags, capText, twitterHandle } from '../preview/head';
import { readFileArtifact } from '../documents/artifacts';
import { liveDocumentFor } from '../documents/documents';
import { layoutOf, PARTS, type Layout } from './conversation-parts';
import { messageAnchorsOf, messagePreviewOf, renderCard } from '../../render/pool';
import type { MessagePreview } from '../../render/message-lookup';
import type { Card } from '../preview/cards';
import type { StoredShare } from '../store';

export { anchorParam, messageAnchor } from '../../render/anchor';

/** A message the share shows: its position on the path, the layout of the share's pages, and the part holding it (null: the main page). */
export interface SharedMessage { anchor: string; index: number; layout: Layout; part: number | null }

interface AnchorSet { index: Map<string, number>; layout: Layout; key: string }

// Per share version: the anchors of its path as a Map (a few MB for the longest chats), a handful kept, oldest out first.
const anchorSets = new Map<string, Promise<AnchorSet | null>>();
const MAX_ANCHOR_SETS = 16;
const previews = new Map<string, Promise<MessagePreview | null>>();
const MAX_PREVIEWS = 512;

function remember<V>(map: Map<string, V>, max: number, key: string, value: V): V {
  if (map.size >= max) map.delete(map.keys().next().value!);
  map.set(key, value);
  return value;
}

/** The chat's bytes the share's pages were made from: a snapshot's {rev}.json, a live chat as stored now. */
async function sourceOf(s: StoredShare): Promise<{ bytes: Uint8Array; wrapped: boolean; key: string; layout?: Layout } | null> {
  if (s.kind === 'live') {
    const live = await liveDocumentFor(s.chat_id);
    return live ? { bytes: live.bytes, wrapped: false, key: `${s.chat_id}\u0000live\u0000${live.updatedAt}`, layout: live.layout } : null;
  }
  const bytes = await readFileArtifact(s.chat_id, s.snapshot_rev, 'json');
  return bytes ? { bytes, wrapped: true, key: `${s.chat_id}\u0000${s.snapshot_rev}` } : null;
}

async function anchorSetOf(s: StoredShare): Promise<AnchorSet | null> {
  // The version is known without reading the chat for a snapshot; a live share's is the entry's.
  const early = s.kind === 'snapshot' ? `${s.chat_id}\u0000${s.snapshot_rev}` : null;
  const hit = early ? anchorSets.get(early) : undefined;
  if (hit) return hit;
  const src = await sourceOf(s);
  if (!src) return null;
  const cached = anchorSets.get(src.key);
  if (cached) return cached;
  const made = (async () => {
    const anchors = await messageAnchorsOf(src.bytes, src.wrapped, src.key, s.user_id);
    const index = new Map<string, number>();
    anchors.forEach((a, i) => { if (!index.has(a)) index.set(a, i); }); // two messages with one id: the first
    return { index, layout: src.layout ?? layoutOf(anchors.length), key: src.key };
  })();
  made.catch(() => { if (anchorSets.get(src.key) === made) anchorSets.delete(src.key); });
  return remember(anchorSets, MAX_ANCHOR_SETS, src.key, made);
}

/** The part of a long chat's pages that holds message i; null when the main page shows it (the opening or the latest). */
export function partOf(l: Layout, i: number): number | null {
  if (i < l.headEnd || i >= l.tailStart) return null;
  return Math.floor((i - l.headEnd) / PARTS.part) + 1;
}

/**
 * The message an anchor names on what the share shows (its visible path), or null: an unknown anchor, a message on
 * another branch, or a chat that cannot be read now. Never throws: a link preview falls back to the share's own.
 */
export async function findSharedMessage(s: StoredShare, anchor: string): Promise<SharedMessage | null> {
  try {
    const set = await anchorSetOf(s);
    const index = set?.index.get(anchor);
    if (!set || index === undefined) return null;
    return { anchor, index, layout: set.layout, part: partOf(set.layout, index) };
  } catch {
    return null;
  }
}

/** What a preview says of the message: who wrote it and its text. Null when it cannot be read (the share's own preview then). */
export async function messagePreview(s: StoredShare, m: SharedMessage): Promise<MessagePreview | null> {
  try {
    const set = await anchorSetOf(s);
    if (!set) return null;
    const key = `${set.key}\u0000${m.index}`;
    const hit = previews.get(key);
    if (hit) return await hit;
    const made = (async () => {
      const src = await sourceOf(s);
      return src ? messagePreviewOf(src.bytes, src.wrapped, src.key, m.index, s.user_id) : null;
    })();
    made.catch(() => { if (previews.get(key) === made) previews.delete(key); });
    return await remember(previews, MAX_PREVIEWS, key, made);
  } catch {
    return null;
  }
}

const TWITTER_SITE = twitterHandle(config.twitterSite);

/** The message's link address (no fragment: crawlers drop it). */
export const messageUrl = (origin: string, s: StoredShare, anchor: string) => `${origin}/s/${encodeURIComponent(s.share_id)}?m=${anchor}`;

/**
 * The head tags of a message link for a share anyone may read: the page's, with the message's text as the description,
 * a title naming who wrote it, and the message's own card. Never indexed on its own (the page is the canonical one).
 */
export function messageHeadFor(origin: string, s: StoredShare, card: Card, locale: Locale, m: SharedMessage, p: MessagePreview): string {
  const title = t(locale, 'viewer.messageTitle', { role: p.role, title: capText(card.title, 40) });
  const description = p.text || t(locale, 'viewer.openDescription');
  const url = messageUrl(origin, s, m.anchor);
  return buildHeadTags({
    title, description, url, imageUrl: `${origin}/s/${encodeURIComponent(s.share_id)}/og.png?m=${m.anchor}&v=${card.version}`,
    imageAlt: t(locale, 'viewer.messageImageAlt', { title: card.title }), siteName: 'chatshare', noindex: true, locale,
    publishedTime: s.created_at, modifiedTime: card.modified, twitterSite: TWITTER_SITE,
  });
}

// Message cards, drawn on the pool on first ask, a small number kept (by share, version and anchor), oldest out first.
const messageCards = new Map<string, Promise<Buffer>>();
const MAX_MESSAGE_CARDS = 64;

/** The 1200x630 card of one message of a share anyone may read (the share's title, who wrote it, the text). */
export function messageCard(s: StoredShare, card: Card, m: SharedMessage, p: MessagePreview): Promise<Buffer> {
  const key = `${s.share_id}\u0000${card.version}\u0000${m.anchor}`;
  const hit = messageCards.get(key);
  if (hit) return hit;
  const made = renderCard({ title: card.title, firstQuestion: p.text, models: p.model ? [p.model] : [], date: p.timestamp ?? card.modified, role: p.role }, s.user_id);
  made.catch(() => { if (messageCards.get(key) === made) messageCards.delete(key); });
  return remember(messageCards, MAX_MESSAGE_CARDS, key, made);
}
