// Rendering a share: snapshots once into files at publish time; live shares on demand, cached by updated_at. The
// rendering itself runs on the render pool (render/pool.ts), off the request thread.
import { buildRecipeHtml, compileViewer, type ViewerTemplate } from './html';
import { chatUpdatedAt, getChatForShare } from '../chats/store';
import type { OgInput } from './og';
import { artifactPath, readFileArtifact, writeAtomic } from './artifacts';
import { renderCard, renderGenericCard, renderShare } from '../render/pool';
import type { ChatJson, ChatRow } from '../chats/types';
import type { Locale } from '../i18n/locales';
import { localizeMarkers } from '../i18n/localize';

export interface Published { rev: number; title: string; summary: string }

let lastRev = 0;
/** Revisions are millisecond timestamps, strictly increasing within the process, so file names never collide. */
const nextRev = () => (lastRev = Math.max(Date.now(), lastRev + 1));

/** Renders the chat into {rev}.html, {rev}.png and {rev}.json. Call before the DB write that points at rev. */
export async function publishSnapshot(chat: ChatRow): Promise<Published> {
  const rev = nextRev();
  const out = await renderShare(chat, 'snapshot');
  writeAtomic(artifactPath(chat.id, rev, 'json'), JSON.stringify({ title: chat.title, chat: chat.chat, created_at: chat.created_at, updated_at: chat.updated_at }));
  writeAtomic(artifactPath(chat.id, rev, 'png'), out.png ?? await renderGenericCard());
  writeAtomic(artifactPath(chat.id, rev, 'html'), out.viewerHtml);
  return { rev, title: chat.title, summary: out.firstQuestion };
}

/** "Chat Recipe": the models, parameters and system prompt of a chat, as signed-in viewers see them. */
export function recipeHtml(chat: ChatJson): string {
  return buildRecipeHtml({
    models: (chat.models ?? []).filter((m): m is string => typeof m === 'string'),
    params: (chat.params ?? {}) as Record<string, unknown>,
    system: typeof chat.system === 'string' ? chat.system : undefined,
  });
}

// Recipes of snapshots, built on the first signed-in view from the revision's JSON and kept, like the artifact.
const recipeCache = new Map<string, string>();

export async function snapshotRecipe(chatId: string, rev: number): Promise<string> {
  const key = `${chatId}:${rev}`;
  const hit = recipeCache.get(key);
  if (hit !== undefined) return hit;
  const buf = await readFileArtifact(chatId, rev, 'json');
  let html = '';
  try { if (buf) html = recipeHtml((JSON.parse(buf.toString('utf8')) as { chat: ChatJson }).chat); } catch { /* unreadable: no recipe */ }
  if (recipeCache.size >= 256) recipeCache.delete(recipeCache.keys().next().value!);
  recipeCache.set(key, html);
  return html;
}

export interface LiveEntry {
  updatedAt: number; title: string; viewerHtml: string; conversationHtml: string; messageCount: number; summary: string;
  recipe: string; og: OgInput; png?: Promise<Buffer>;
  /** The viewer document compiled per language, on the first view in that language. */
  templates: Partial<Record<Locale, ViewerTemplate>>;
  /** The conversation for polls, per language. */
  localized: Partial<Record<Locale, string>>;
}

export const liveTemplate = (entry: LiveEntry, locale: Locale): ViewerTemplate => (entry.templates[locale] ??= compileViewer(entry.viewerHtml, locale));
export const liveConversation = (entry: LiveEntry, locale: Locale): string => (entry.localized[locale] ??= localizeMarkers(entry.conversationHtml, locale));
const liveCache = new Map<string, LiveEntry>();
const MAX_LIVE = 200;
// Renders under way, by chat: viewers and polls arriving meanwhile share one render instead of each queueing their own.
const liveRenders = new Map<string, { version: number; entry: Promise<LiveEntry | null> }>();

async function liveDocument(chatId: string): Promise<LiveEntry | null> {
  const chat = getChatForShare(chatId);
  if (!chat) return null;
  const out = await renderShare(chat, 'live');
  const entry: LiveEntry = {
    updatedAt: chat.updated_at, title: chat.title, conversationHtml: out.conversationHtml, messageCount: out.messageCount,
    summary: out.firstQuestion, recipe: recipeHtml(chat.chat), viewerHtml: out.viewerHtml, templates: {}, localized: {}, og: out.og,
  };
  const cached = liveCache.get(chatId);
  if (cached && cached.updatedAt > entry.updatedAt) return entry; // a newer version landed while this one rendered
  liveCache.delete(chatId);
  if (liveCache.size >= MAX_LIVE) liveCache.delete(liveCache.keys().next().value!);
  liveCache.set(chatId, entry);
  return entry;
}

/**
 * The live document of a chat. A view or poll costs one indexed read of updated_at; the chat's JSON is read and
 * rendered (on the pool) only when that version moved. Null when the chat is gone.
 */
export function liveDocumentFor(chatId: string): Promise<LiveEntry | null> {
  const version = chatUpdatedAt(chatId);
  if (version === null) return Promise.resolve(null);
  const hit = liveCache.get(chatId);
  if (hit && hit.updatedAt === version) return Promise.resolve(hit);
  const pending = liveRenders.get(chatId);
  if (pending && pending.version === version) return pending.entry;
  const entry = liveDocument(chatId).finally(() => {
    if (liveRenders.get(chatId)?.entry === entry) liveRenders.delete(chatId);
  });
  liveRenders.set(chatId, { version, entry });
  return entry;
}

export function liveOgImage(entry: LiveEntry): Promise<Buffer> {
  return (entry.png ??= renderCard(entry.og));
}
