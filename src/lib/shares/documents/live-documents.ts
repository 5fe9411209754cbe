// Live documents: a live chat's page built from per-message fragments, cached by the chat's version (store.ts). A new version
// renders only the messages whose content changed (and, of a long chat, only those the page shows: the opening and the
// latest; parts render when asked). Polls get what changed since the version the page has.
import { buildViewerDocument, compileViewer, type ViewerTemplate } from '../serve/html';
import { chatVersion } from '../../chats/store';
import { sharedChatBytes } from '../scan/redact';
import { renderFragments } from '../../render/fragments';
import { liveMessagesOf, liveOutlineOf, renderCard } from '../../render/pool';
import { layoutOf, pageConversation, pageIndexes, partRange, type Layout } from '../serve/conversation-parts';
import { saveLiveOutline, storedLiveOutline } from './live-outline-store';
import type { LiveOutline } from '../../render/live-outline';
import type { OgInput } from '../og';
import type { Message } from '../../chats/types';
import type { Locale } from '../../i18n/locales';
import { localizeMarkers } from '../../i18n/localize';
import { tm } from '../../i18n/markers';

export interface LiveEntry {
  chatId: string; updatedAt: number; title: string; messageCount: number; summary: string; owner: string;
  recipe: string; og: OgInput; png?: Promise<Buffer>;
  /**
   * The visible path: its ids and hashes; its messages and fragments, filled as pages and parts need them (the chat's
   * stored bytes are kept to read more on a pool thread); and how the page cuts it in parts.
   */
  ids: string[]; hashes: string[]; messages: Array<Message | undefined>; bytes: Buffer;
  /**
   * Made from the stored outline (live-outline-store.ts) without reading the chat: no ids, hashes or bytes, so it serves
   * the main page, its card and polls only; parts and the next version's diff need the full entry.
   */
  light?: boolean;
  fragments: Array<string | undefined>; layout: Layout; system: string;
  /** By message: the version it last changed in, and the one it appeared in (versions this process rendered). */
  changedAt: number[]; addedAt: number[]; index: Map<string, number>;
  /** The last version whose path was not the previous one with messages added at its end; the versions this chain saw. */
  structureAt: number; known: number[];
  /** The main page's conversation and document (language markers). */
  conversationHtml: string; viewerHtml: string;
  templates: Partial<Record<Locale, ViewerTemplate>>;
  localized: Partial<Record<Locale, string>>;
  weight: number;
}

export const liveTemplate = (entry: LiveEntry, locale: Locale): ViewerTemplate => (entry.templates[locale] ??= compileViewer(entry.viewerHtml, locale));
export const liveConversation = (entry: LiveEntry, locale: Locale): string => (entry.localized[locale] ??= localizeMarkers(entry.conversationHtml, locale));

const liveCache = new Map<string, LiveEntry>();
const MAX_LIVE = 200;
// Counted as the chat's text, its fragments and pages, plus compiled copies per language (UTF-16: 2 bytes a character).
const MAX_LIVE_BYTES = (Number(process.env.ARTIFACT_CACHE_MB) || 256) * 1024 * 1024;
let liveBytes = 0;
const liveRenders = new Map<string, { version: number; entry: Promise<LiveEntry | null> }>();
const KNOWN_VERSIONS = 32;

/** Renders the fragments at these indexes that are missing (for the chat's owner, batch after batch). */
async function fill(entry: LiveEntry, indexes: number[]): Promise<void> {
  const missing = indexes.filter((i) => entry.fragments[i] === undefined);
  if (!missing.length) return;
  const unread = missing.filter((i) => entry.messages[i] === undefined);
  if (unread.length && entry.light) throw new Error('a light live entry has only the messages its page shows');
  if (unread.length) (await liveMessagesOf(entry.bytes, unread, entry.owner, `${entry.chatId}\u0000${entry.updatedAt}`)).forEach((m, j) => { entry.messages[unread[j]!] = m; });
  const out = await renderFragments(missing.map((i) => entry.messages[i]!), entry.owner);
  missing.forEach((i, j) => { entry.fragments[i] = out.html[j]; entry.weight += out.html[j]!.length * 2; });
}

async function liveDocument(chatId: string): Promise<LiveEntry | null> {
  // The request thread reads the row's bytes and compares ids and hashes with the previous version: a few cheap steps.
  // Parsing, the path walk and hashing run on a pool thread (render/live-outline.ts).
  const chat = await sharedChatBytes(chatId); // pages read the visible path only
  if (!chat) return null;
  const version = chat.version;
  const outline = await liveOutlineOf(chat.bytes, chat.user_id);
  const { ids, hashes } = outline;
  const count = ids.length;
  const cached = liveCache.get(chatId);
  // An entry made from the stored outline has no ids to compare with: the new version starts a chain of its own.
  const prev = cached && cached.updatedAt < version && !cached.light ? cached : undefined;
  const index = new Map<string, number>();
  const messages: Array<Message | undefined> = new Array(count);
  const fragments: Array<string | undefined> = new Array(count);
  const changedAt: number[] = new Array(count);
  const addedAt: number[] = new Array(count);
  let appendOnly = !!prev && count >= prev.ids.length;
  let weight = chat.bytes.length;
  for (let i = 0; i < count; i++) {
    const id = ids[i]!;
    index.set(id, i);
    const j = prev?.index.get(id);
    if (appendOnly && i < prev!.ids.length && j !== i) appendOnly = false;
    if (j === undefined) { changedAt[i] = addedAt[i] = version; continue; }
    addedAt[i] = prev!.addedAt[j]!;
    if (prev!.hashes[j] === hashes[i]) {
      changedAt[i] = prev!.changedAt[j]!;
      fragments[i] = prev!.fragments[j]; // the fragment cache: same chat, message id and content hash
      if (fragments[i]) weight += fragments[i]!.length * 2;
    } else changedAt[i] = version;
  }
  for (const [i, m] of outline.shown) messages[i] = m;
  const first = outline.firstTimestamp;
  const createdAt = first && first < chat.created_at ? first : chat.created_at;
  const stored: StoredOutline = {
    title: chat.title, createdAt, owner: chat.user_id, count, firstQuestion: outline.firstQuestion, models: outline.models,
    recipe: outline.recipe, system: outline.system, shown: outline.shown,
  };
  const entry = baseEntry(chatId, version, stored, chat.bytes);
  Object.assign(entry, {
    ids, hashes, messages, fragments, changedAt, addedAt, index, weight,
    structureAt: prev && appendOnly ? prev.structureAt : version,
    known: prev ? [...prev.known, version].slice(-KNOWN_VERSIONS) : [version],
  });
  // A long chat's outline is kept with the chat, so a process started later serves its page without outlining it again.
  if (entry.layout.parts) saveLiveOutline(chatId, version, JSON.stringify(stored)).catch((err) => console.warn(`chatshare: could not store a live outline (${String(err)})`));
  return finish(entry, stored);
}

/** What a long live chat's page needs, stored per chat version (live-outline-store.ts). */
interface StoredOutline extends Pick<LiveOutline, 'firstQuestion' | 'models' | 'recipe' | 'system' | 'shown'> {
  title: string; createdAt: number; owner: string; count: number;
}

/** An entry with its page not built yet; without bytes (made from a stored outline), a light one. */
function baseEntry(chatId: string, version: number, o: StoredOutline, bytes: Buffer | null): LiveEntry {
  const messages: Array<Message | undefined> = new Array(o.count);
  for (const [i, m] of o.shown) messages[i] = m;
  return {
    chatId, updatedAt: version, title: o.title, messageCount: o.count, summary: o.firstQuestion, owner: o.owner,
    recipe: o.recipe, og: { title: o.title, firstQuestion: o.firstQuestion, models: o.models, date: o.createdAt },
    ids: [], hashes: [], messages, bytes: bytes ?? Buffer.alloc(0), light: !bytes, fragments: new Array(o.count),
    layout: layoutOf(o.count), system: '', changedAt: [], addedAt: [], index: new Map(), structureAt: version, known: [version],
    conversationHtml: '', viewerHtml: '', templates: {}, localized: {}, weight: bytes?.length ?? 0,
  };
}

/** Renders the page's messages and builds its document, then caches the entry unless a newer version is cached. */
async function finish(entry: LiveEntry, o: StoredOutline): Promise<LiveEntry> {
  const count = entry.messageCount;
  const systemOut = o.system ? await renderFragments([], o.owner, o.system) : { system: '' };
  entry.system = systemOut.system;
  await fill(entry, pageIndexes(entry.layout, null));
  entry.conversationHtml = count ? pageConversation(entry.layout, null, entry.system, (i) => entry.fragments[i]!) : `<p class="empty-chat muted">${tm('viewer.noMessages')}</p>`;
  entry.viewerHtml = buildViewerDocument({ title: o.title, createdAt: o.createdAt, models: o.models, conversationHtml: entry.conversationHtml, messageCount: count }, 'live');
  entry.weight += (entry.viewerHtml.length + entry.conversationHtml.length) * 2 * 4;

  const chatId = entry.chatId;
  const latest = liveCache.get(chatId);
  // A newer version landed while this one rendered, or a full entry of the same version (a light one never replaces it).
  if (latest && (latest.updatedAt > entry.updatedAt || (latest.updatedAt === entry.updatedAt && entry.light && !latest.light))) return entry;
  if (latest) liveBytes -= latest.weight;
  liveCache.delete(chatId);
  liveCache.set(chatId, entry);
  liveBytes += entry.weight;
  for (const [oldId, old] of liveCache) {
    if ((liveCache.size <= MAX_LIVE && liveBytes <= MAX_LIVE_BYTES) || oldId === chatId) break;
    liveCache.delete(oldId);
    liveBytes -= old.weight;
  }
  return entry;
}

/** A light entry from the chat's stored outline (the version it is of), or null when none is stored or it is unreadable. */
function lightDocument(chatId: string): { version: number; entry: Promise<LiveEntry> } | null {
  const row = storedLiveOutline(chatId);
  if (!row) return null;
  let o: StoredOutline;
  try { o = JSON.parse(row.outline) as StoredOutline; } catch { return null; }
  return { version: row.updated_at, entry: finish(baseEntry(chatId, row.updated_at, o, null), o) };
}

/**
 * The live document of a chat. A view or poll costs one indexed read of the version; the chat's JSON is read and
 * rendered (on the pool) only when that version moved. Null when the chat is gone.
 * - `light`: an entry made from the stored outline will do (the main page, its card, polls), so a process that has not
 *   outlined this chat yet serves it without reading the whole chat; parts need the full entry (the default).
 * - `stale`: a page view of a long chat (one in parts) waits at most STALE_AFTER_MS for a new version while the
 *   previous one is at hand (in this process, or stored): then it gets that one (its first byte comes at once), the new
 *   one renders meanwhile, and the page's poll brings the change.
 */
export function liveDocumentFor(chatId: string, opts: { stale?: boolean; light?: boolean } = {}): Promise<LiveEntry | null> {
  const version = chatVersion(chatId);
  if (version === null) return Promise.resolve(null);
  let hit: LiveEntry | Promise<LiveEntry> | undefined = liveCache.get(chatId);
  if (hit && hit.updatedAt === version && (opts.light || !hit.light)) return Promise.resolve(hit);
  const pending = liveRenders.get(chatId);
  let entry = pending && pending.version === version ? pending.entry : undefined;
  let hitLong = !!hit && hit.updatedAt < version && hit.layout.parts > 0;
  if (!entry && !hit && opts.light) {
    // Nothing of this chat in this process yet: its stored outline, when it is of this version, is the page.
    const light = lightRenders.get(chatId) ?? lightDocument(chatId);
    if (light) {
      if (!lightRenders.has(chatId)) {
        lightRenders.set(chatId, light);
        void light.entry.catch(() => {}).finally(() => { if (lightRenders.get(chatId) === light) lightRenders.delete(chatId); });
      }
      if (light.version === version) return light.entry;
      if (light.version < version) { hit = light.entry; hitLong = true; } // an older version: the stale page, if it comes to that
    }
  }
  if (!entry) {
    const started = liveDocument(chatId).finally(() => {
      if (liveRenders.get(chatId)?.entry === started) liveRenders.delete(chatId);
    });
    started.catch(() => {}); // a render nobody waits for (a stale view's) must not be an unhandled rejection
    liveRenders.set(chatId, { version, entry: started });
    entry = started;
  }
  // Only a long chat's render is slow enough to matter; a short one is always shown as it is now.
  if (!opts.stale || !hit || !hitLong) return entry;
  const previous = hit;
  return Promise.race([entry, new Promise<LiveEntry>((resolve) => setTimeout(() => resolve(previous), STALE_AFTER_MS).unref())]);
}

// How long a view of a long live chat waits for its new version before it gets the previous one.
const STALE_AFTER_MS = 100;
const lightRenders = new Map<string, { version: number; entry: Promise<LiveEntry> }>();

/** After a write to a chat this process serves live: its new version starts rendering now, before anyone asks. */
export function warmLiveDocument(chatId: string): void {
  if (liveCache.has(chatId)) void liveDocumentFor(chatId, { stale: true });
}

export function liveOgImage(entry: LiveEntry): Promise<Buffer> {
  return (entry.png ??= renderCard(entry.og, entry.owner));
}

/** Part k's messages (language markers), rendering those not yet rendered; null when there is no such part. */
export async function livePart(entry: LiveEntry, k: number): Promise<string | null> {
  const range = partRange(entry.layout, k);
  if (!range) return null;
  const indexes = Array.from({ length: range[1] - range[0] }, (_, i) => range[0] + i);
  await fill(entry, indexes);
  return indexes.map((i) => entry.fragments[i]!).join('\n');
}

/** The conversation of the page of part k (the opening, the part with links to its neighbours, the latest). */
export async function livePartPage(entry: LiveEntry, k: number): Promise<string> {
  await fill(entry, pageIndexes(entry.layout, k));
  return pageConversation(entry.layout, k, entry.system, (i) => entry.fragments[i]!);
}

// Past this many changed messages a poll gets the page's conversation whole (the opening and latest) instead.
const MAX_CHANGES = 100;

export type LiveChanges =
  | { kind: 'changes'; changes: Array<{ id: string; html: string }>; appended: string }
  | { kind: 'whole' };

/**
 * What changed since version `since`, which the page has: the messages edited (replaced where the page shows them)
 * and those added at the end. The whole conversation when this process does not know that version, when the path
 * changed otherwise (a branch switch, a deletion), or when too much changed.
 */
export async function liveChangesSince(entry: LiveEntry, since: number): Promise<LiveChanges> {
  if (!entry.known.includes(since) || since < entry.structureAt) return { kind: 'whole' };
  const changed: number[] = [];
  const appended: number[] = [];
  for (let i = 0; i < entry.ids.length; i++) {
    if (entry.addedAt[i]! > since) appended.push(i);
    else if (entry.changedAt[i]! > since) changed.push(i);
    if (changed.length + appended.length > MAX_CHANGES) return { kind: 'whole' };
  }
  await fill(entry, [...changed, ...appended]);
  return {
    kind: 'changes',
    changes: changed.map((i) => ({ id: entry.ids[i]!, html: entry.fragments[i]! })),
    appended: appended.map((i) => entry.fragments[i]!).join('\n'),
  };
}
