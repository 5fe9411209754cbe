// Rendering a share: snapshots once into files at publish time; live shares on demand, cached by updated_at.
import { renderConversation, summarize } from '../render/conversation';
import { visiblePath } from '../chats/tree';
import { buildSnapshotArtifact, buildLiveDocument, compileViewer, type ViewerTemplate } from './viewer-html';
import { renderOgImage } from './og';
import { artifactPath, writeAtomic } from './artifacts';
import type { ChatRow } from '../chats/types';

export interface Published { rev: number; title: string; summary: string }

let lastRev = 0;
/** Revisions are millisecond timestamps, strictly increasing within the process, so file names never collide. */
const nextRev = () => (lastRev = Math.max(Date.now(), lastRev + 1));

/** When the conversation began: the first message's time when it predates the row (chats pushed over the API later). */
export function originalDate(chat: ChatRow): number {
  const first = visiblePath(chat.chat.history)[0]?.timestamp;
  const t = typeof first === 'number' && Number.isFinite(first) ? (first > 1e11 ? Math.floor(first / 1000) : first) : NaN;
  return t > 0 && t < chat.created_at ? t : chat.created_at;
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
  writeAtomic(artifactPath(chat.id, rev, 'html'), buildSnapshotArtifact(doc));
  return { rev, title: chat.title, summary: summary.firstQuestion };
}

interface LiveEntry { updatedAt: number; template: ViewerTemplate; conversationHtml: string; messageCount: number; summary: string; png?: Promise<Buffer> }
const liveCache = new Map<string, LiveEntry>();
const MAX_LIVE = 200;

/** The live document for a chat, re-rendered only when the chat's updated_at moves. */
export function liveDocument(chat: ChatRow): LiveEntry {
  const hit = liveCache.get(chat.id);
  if (hit && hit.updatedAt === chat.updated_at) return hit;
  const { summary, doc } = documentInput(chat);
  const entry: LiveEntry = {
    updatedAt: chat.updated_at, conversationHtml: doc.conversationHtml, messageCount: doc.messageCount, summary: summary.firstQuestion,
    template: compileViewer(buildLiveDocument({ ...doc, version: String(chat.updated_at) })),
  };
  liveCache.delete(chat.id);
  if (liveCache.size >= MAX_LIVE) liveCache.delete(liveCache.keys().next().value!);
  liveCache.set(chat.id, entry);
  return entry;
}

export function liveOgImage(chat: ChatRow): Promise<Buffer> {
  const entry = liveDocument(chat);
  return (entry.png ??= (() => {
    const s = summarize(chat.chat);
    return renderOgImage({ title: chat.title, firstQuestion: s.firstQuestion, models: s.models, date: originalDate(chat) });
  })());
}
