// The render jobs as functions of plain data (what crosses to a pool thread): share documents, library pages, OG cards.
import { renderConversation, renderMessageFragments, summarize, systemPromptHtml } from './conversation';
import { plainNoteHtml } from './plain';
import { toSeconds } from '../chats/format';
import { visiblePath, withUsableCurrentId } from '../chats/tree';
import { buildViewerDocument } from '../shares/serve/html';
import type { OgInput } from '../shares/og';
import type { ChatJson, Message } from '../chats/types';
import { liveMessages, liveOutline, type LiveOutline } from './live-outline';
import type { Locale } from '../i18n/locales';
import { runChatUpdate, type ChatUpdateJob, type ChatUpdateResult } from '../chats/update-job';
import { runChatCreate } from '../chats/create-job';
import { snapshotOutline, type SnapshotFileFacts, type SnapshotOutline } from './snapshot-outline';
import { cutToPart, partProblem, type SharePart } from '../shares/manage/part';
import { withFileUrls } from '../files/refs';
import { pathAnchors, pathMessagePreview, type MessagePreview } from './message-lookup';
import { fileIdsOfChat } from '../files/refs';
import { isObject } from '../chats/tree';
import { runCloneJob, type CloneJob, type CloneResult } from '../shares/serve/clone-job';
import { runDownloadJob, type DownloadJob } from '../shares/serve/download-job';

// The card renderer (satori, its fonts, resvg: a third of a CPU-second to load) is loaded on first use, so a request
// thread that only runs the small data tasks in process (chat create, outlines, part cuts) never loads it.
const cards = () => import('../shares/og');

/** The parts of a chat row a share document is made of. */
export interface ShareSource { title: string; chat: ChatJson; created_at: number }

export type RenderTask =
  /** A share's viewer document; a snapshot's also gets its OG card. */
  | { kind: 'share'; doc: 'snapshot' | 'live'; source: ShareSource; plain?: boolean }
  /** A library page's conversation; its branch switchers post to `branchAction`. */
  | { kind: 'conversation'; chat: ChatJson; leafId?: string; branchAction?: string; branchLinks?: boolean; messageLinks?: boolean; plain?: boolean; ownerFiles?: boolean }
  /**
   * Messages of a share as separate fragments (and its system prompt when given): a batch of a longer render. The
   * messages, or their JSON text as snapshot-outline.ts cut them.
   */
  | { kind: 'messages'; messages: Message[] | string; system?: string; plain?: boolean }
  /** A live chat's outline from its stored bytes (live-outline.ts), or some of its messages. */
  | { kind: 'live-outline'; bytes: Uint8Array }
  | { kind: 'live-messages'; bytes: Uint8Array; indexes: number[]; key?: string }
  /** A chat update's parse, merge, checks and serialization (chats/update-job.ts). */
  | ({ kind: 'chat-update' } & ChatUpdateJob)
  /** A new chat's parse, checks and serialization (chats/create-job.ts). */
  | { kind: 'chat-create'; body: Uint8Array }
  /** A snapshot's outline and its messages in batches, from the chat's stored bytes (snapshot-outline.ts). */
  | { kind: 'snapshot-outline'; bytes: Uint8Array; file: SnapshotFileFacts; part?: SharePart }
  /** The chat's JSON cut to a share's part (shares/manage/part.ts), as `file` (a live share of a part: its new versions). */
  | { kind: 'part-cut'; bytes: Uint8Array; part: SharePart }
  /**
   * The API's answer for a shared chat (shares/serve/api.ts), as JSON bytes in `file`: from a snapshot's {rev}.json, or from a
   * live chat's stored bytes (redacted already) cut to the share's part. `head`: the share's fields the answer opens with.
   */
  | { kind: 'share-api'; bytes: Uint8Array; from: 'snapshot' | 'live'; part: SharePart; head: ShareApiHead; row?: { title: string; created_at: number; updated_at: number }; filesAt: string }
  /** A clone of a shared chat, serialized (shares/serve/clone-job.ts); a download of one, as bytes (shares/serve/download-job.ts). */
  | ({ kind: 'share-clone' } & CloneJob)
  | ({ kind: 'share-download' } & DownloadJob)
  /**
   * The images a chat names, as file ids (files/refs.ts): of the chat cut to `part` when given; `wrapped`: the bytes are
   * a snapshot's {rev}.json (`{title, chat, ...}`). For a share of a part's image URL (files/serve.ts).
   */
  | { kind: 'file-ids'; bytes: Uint8Array; part?: SharePart; wrapped?: boolean }
  /** What is wrong with a part the owner asked for (a catalog key), or null (shares/manage/part.ts). */
  | { kind: 'part-problem'; bytes: Uint8Array; part: SharePart }
  /** A shared chat's anchors along its visible path, or one message's preview (message-lookup.ts); `key`: the chat's version. */
  | { kind: 'message-anchors'; bytes: Uint8Array; wrapped: boolean; key: string }
  | { kind: 'message-preview'; bytes: Uint8Array; wrapped: boolean; key: string; index: number }
  | { kind: 'card'; input: OgInput }
  | { kind: 'generic-card'; locale?: Locale };

/** A batch of message fragments: one per message, in order, and the system prompt's ('' without one). */
export interface FragmentsRender { html: string[]; system: string }

export interface ShareRender {
  viewerHtml: string;
  conversationHtml: string;
  firstQuestion: string;
  messageCount: number;
  og: OgInput;
  /** The OG card, for snapshots (a Uint8Array once it has crossed from a pool thread). */
  png?: Uint8Array;
}

/** When the conversation began: the first message's time when it predates the row (chats pushed over the API later). */
function originalDate(source: ShareSource): number {
  const first = toSeconds(visiblePath(source.chat.history)[0]?.timestamp);
  return first && first < source.created_at ? first : source.created_at;
}

async function shareDocument(task: Extract<RenderTask, { kind: 'share' }>): Promise<ShareRender> {
  const { source } = task;
  const summary = summarize(source.chat);
  const createdAt = originalDate(source);
  const conversationHtml = renderConversation(source.chat, { plain: task.plain });
  const doc = { title: source.title, createdAt, models: summary.models, conversationHtml, messageCount: summary.messageCount };
  const og: OgInput = { title: source.title, firstQuestion: summary.firstQuestion, models: summary.models, date: createdAt };
  return {
    viewerHtml: buildViewerDocument(doc, task.doc), conversationHtml, firstQuestion: summary.firstQuestion,
    messageCount: summary.messageCount, og, png: task.doc === 'snapshot' ? await (await cards()).renderOgImage(og) : undefined,
  };
}

type TaskResult = { file: Uint8Array } | { file: Uint8Array; title: string } | CloneResult | ShareRender | FragmentsRender | LiveOutline | SnapshotOutline | Message[] | ChatUpdateResult | string | Uint8Array | string[] | MessagePreview | null;

/** The share fields an API answer opens with. */
export interface ShareApiHead { id: string; share_id: string; type: 'snapshot' | 'live'; allow_cloning: boolean }

/** GET /chats/share/{id}'s answer, in Open WebUI's order. A snapshot published before parts existed is cut here too. */
function shareApiAnswer(task: Extract<RenderTask, { kind: 'share-api' }>) {
  const { id, share_id, type, allow_cloning } = task.head;
  // Kept images at the share's own file URL (`filesAt` + id): the owner's /api/v1/files/… URL loads for nobody else.
  const shared = (chat: ChatJson) => withFileUrls(cutToPart(chat, task.part), (file) => `${task.filesAt}${file}`);
  if (task.from === 'snapshot') {
    const snap = JSON.parse(Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength).toString('utf8')) as { title: string; chat: ChatJson; created_at: number; updated_at: number };
    return { id, share_id, type, title: snap.title, chat: shared(snap.chat), created_at: snap.created_at, updated_at: snap.updated_at, allow_cloning };
  }
  const chat = shared(withUsableCurrentId(parseChat(task.bytes)));
  return { id, share_id, type, title: task.row!.title, chat, created_at: task.row!.created_at, updated_at: task.row!.updated_at, allow_cloning };
}

const parseChat = (b: Uint8Array): ChatJson => JSON.parse(Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8')) as ChatJson;

/** Runs one render job; everything it needs is in the task, so a pool thread and the request thread agree. */
export function runTask(task: Extract<RenderTask, { kind: 'share' }>): Promise<ShareRender>;
export function runTask(task: Extract<RenderTask, { kind: 'conversation' }>): Promise<string>;
export function runTask(task: Extract<RenderTask, { kind: 'messages' }>): Promise<FragmentsRender>;
export function runTask(task: Extract<RenderTask, { kind: 'card' | 'generic-card' }>): Promise<Uint8Array>;
export function runTask(task: Extract<RenderTask, { kind: 'live-outline' }>): Promise<LiveOutline>;
export function runTask(task: Extract<RenderTask, { kind: 'live-messages' }>): Promise<Message[]>;
export function runTask(task: Extract<RenderTask, { kind: 'chat-update' | 'chat-create' }>): Promise<ChatUpdateResult>;
export function runTask(task: Extract<RenderTask, { kind: 'snapshot-outline' }>): Promise<SnapshotOutline>;
export function runTask(task: Extract<RenderTask, { kind: 'part-problem' }>): Promise<string | null>;
export function runTask(task: Extract<RenderTask, { kind: 'part-cut' | 'share-api' }>): Promise<{ file: Uint8Array }>;
export function runTask(task: Extract<RenderTask, { kind: 'message-anchors' | 'file-ids' }>): Promise<string[]>;
export function runTask(task: Extract<RenderTask, { kind: 'message-preview' }>): Promise<MessagePreview | null>;
export function runTask(task: Extract<RenderTask, { kind: 'share-clone' }>): Promise<CloneResult | null>;
export function runTask(task: Extract<RenderTask, { kind: 'share-download' }>): Promise<{ file: Uint8Array; title: string } | null>;
export function runTask(task: RenderTask): Promise<TaskResult>;
export async function runTask(task: RenderTask): Promise<TaskResult> {
  switch (task.kind) {
    case 'share':
      return shareDocument(task);
    case 'conversation':
      return renderConversation(task.chat, { leafId: task.leafId, plain: task.plain, branchAction: task.branchAction, branchLinks: task.branchLinks, messageLinks: task.messageLinks, ownerFiles: task.ownerFiles });
    case 'messages': {
      const messages = typeof task.messages === 'string' ? (JSON.parse(task.messages) as Message[]) : task.messages;
      const html = renderMessageFragments(messages, { plain: task.plain });
      // A batch shown as plain text says so once, on its first message.
      if (task.plain && html.length) html[0] = plainNoteHtml('timeout') + html[0];
      return { html, system: task.system === undefined ? '' : systemPromptHtml(task.system, task.plain) };
    }
    case 'live-outline':
      return liveOutline(task.bytes);
    case 'live-messages':
      return liveMessages(task.bytes, task.indexes, task.key);
    case 'chat-update':
      return runChatUpdate(task);
    case 'chat-create':
      return runChatCreate(task.body);
    case 'snapshot-outline':
      return snapshotOutline(task.bytes, task.file, task.part);
    case 'part-problem':
      return partProblem(parseChat(task.bytes).history, task.part);
    case 'share-api':
      return { file: Buffer.from(JSON.stringify(shareApiAnswer(task)), 'utf8') };
    case 'share-clone':
      return runCloneJob(task);
    case 'share-download':
      return runDownloadJob(task);
    case 'part-cut': {
      const chat = parseChat(task.bytes);
      const cut = cutToPart(chat, task.part);
      return { file: cut === chat ? task.bytes : Buffer.from(JSON.stringify(cut), 'utf8') };
    }
    case 'file-ids': {
      const parsed = parseChat(task.bytes) as unknown;
      const chat = task.wrapped ? (isObject(parsed) ? parsed.chat : null) : parsed;
      if (!isObject(chat)) return [];
      return fileIdsOfChat(task.part ? cutToPart(chat as ChatJson, task.part) : (chat as ChatJson));
    }
    case 'message-anchors':
      return pathAnchors(task.bytes, task.wrapped, task.key);
    case 'message-preview':
      return pathMessagePreview(task.bytes, task.wrapped, task.key, task.index);
    case 'card':
      return (await cards()).renderOgImage(task.input);
    case 'generic-card':
      return (await cards()).renderGenericOgImage(task.locale);
  }
}
