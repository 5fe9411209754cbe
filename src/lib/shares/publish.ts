// Rendering a share: snapshots once into files at publish time; live shares on demand, cached by updated_at.
import { renderConversation, summarize } from '../render/conversation';
import { visiblePath } from '../chats/tree';
import { toSeconds } from '../chats/format';
import { buildRecipeHtml, buildViewerDocument, compileViewer, type ViewerTemplate } from './viewer-html';
import { chatUpdatedAt, getChatForShare } from '../chats/store';
import { renderOgImage, type OgInput } from './og';
import { artifactPath, readFileArtifact, writeAtomic } from './artifacts';
import type { ChatJson, ChatRow } from '../chats/types';

export interface Published { rev: number; title: string; summary: string }

let lastRev = 0;
/** Revisions are millisecond timestamps, strictly increasing within the process, so file names never collide. */
const nextRev = () => (lastRev = Math.max(Date.now(), lastRev + 1));

/** When the conversation began: the first message's time when it predates the row (chats pushed over the API later). */
export function originalDate(chat: ChatRow): number {
  const first = toSeconds(visiblePath(chat.chat.history)[0]?.timestamp);
  return first && first < chat.created_at ? first : chat.created_at;
}

function documentInput(chat: ChatRow) {
  const summary = summarize(chat.chat);
  return {
    summary,
    doc: { title: chat.title, createdAt: originalDate(chat), models: summary.models, conversationHtml: renderConversation(chat.chat), messageCount: summary.messageCount },
  };
}

/** Renders the chat into {rev}.html, {rev}.png and {rev}.json. Call before the DB write that points at rev. */
export async function publishSnapshot(chat: ChatRow): Promise<Published> {
  const rev = nextRev();
  const { summary, doc } = documentInput(chat);
  const png = await renderOgImage({ title: chat.title, firstQuestion: summary.firstQuestion, models: summary.models, date: originalDate(chat) });
  writeAtomic(artifactPath(chat.id, rev, 'json'), JSON.stringify({ title: chat.title, chat: chat.chat, created_at: chat.created_at, updated_at: chat.updated_at }));
  writeAtomic(artifactPath(chat.id, rev, 'png'), png);
  writeAtomic(artifactPath(chat.id, rev, 'html'), buildViewerDocument(doc, 'snapshot'));
  return { rev, title: chat.title, summary: summary.firstQuestion };
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
  updatedAt: number; title: string; template: ViewerTemplate; conversationHtml: string; messageCount: number; summary: string;
  recipe: string; og: OgInput; png?: Promise<Buffer>;
}
const liveCache = new Map<string, LiveEntry>();
const MAX_LIVE = 200;

function liveDocument(chat: ChatRow): LiveEntry {
  const { summary, doc } = documentInput(chat);
  const entry: LiveEntry = {
    updatedAt: chat.updated_at, title: chat.title, conversationHtml: doc.conversationHtml, messageCount: doc.messageCount,
    summary: summary.firstQuestion, recipe: recipeHtml(chat.chat), template: compileViewer(buildViewerDocument(doc, 'live')),
    og: { title: chat.title, firstQuestion: summary.firstQuestion, models: summary.models, date: doc.createdAt },
  };
  liveCache.delete(chat.id);
  if (liveCache.size >= MAX_LIVE) liveCache.delete(liveCache.keys().next().value!);
  liveCache.set(chat.id, entry);
  return entry;
}

/**
 * The live document of a chat. A view or poll costs one indexed read of updated_at; the chat's JSON is read and
 * rendered only when that version moved. Null when the chat is gone.
 */
export function liveDocumentFor(chatId: string): LiveEntry | null {
  const version = chatUpdatedAt(chatId);
  if (version === null) return null;
  const hit = liveCache.get(chatId);
  if (hit && hit.updatedAt === version) return hit;
  const chat = getChatForShare(chatId);
  return chat ? liveDocument(chat) : null;
}

export function liveOgImage(entry: LiveEntry): Promise<Buffer> {
  return (entry.png ??= renderOgImage(entry.og));
}
