// Open WebUI's library routes (sidebar lists, search, pin, archive, tags, clone, export and delete of everything), as its
// routers answer them: lists of ChatTitleIdResponse, chats as ChatResponse, tags as TagModel.
import { randomUUID } from 'node:crypto';
import { removeChatFiles } from '../files/objects';
import { copyChatFiles, dropCopies, insertCopies } from '../files/copy';
import { z } from 'zod';
import { transaction } from '../db';
import { HttpError, msg } from '../http';
import { parseInput } from '../auth/users';
import { removeArtifacts } from '../shares/documents/artifacts';
import { purgeShares } from '../shares/serve/cdn';
import { createChat, requireChat } from './store';
import { deriveColumns, toOpenWebUIExport } from './format';
import {
  addChatTag, allChatIds, chatTagIds, deleteChatRows, dropUnusedTag, exportBatch, removeChatTag, setAllArchived, tagsInUse, titleList, toggleFlag,
  type TitleQuery, type TitleRow,
} from './library-store';
import { withUsableCurrentId } from './tree';
import type { ChatJson } from './types';

const PAGE = 60;
const MAX_PAGE = 1_000_000_000;

/** `?page=N`, 1-based, 60 a page as Open WebUI pages; without one, Open WebUI's search and lists start at page 1. */
export function pageOf(params: URLSearchParams): { limit: number; offset: number } {
  const asked = Number.parseInt(params.get('page') ?? '1', 10);
  const page = Math.min(Number.isFinite(asked) && asked >= 1 ? asked : 1, MAX_PAGE);
  return { limit: PAGE, offset: (page - 1) * PAGE };
}

/** Open WebUI's tag id for a name: spaces become underscores, lower case. */
export const tagIdOf = (name: string) => name.trim().replaceAll(' ', '_').toLowerCase();

/** The words of a search, with Open WebUI's filters (`tag:`, `pinned:`, `archived:`, `shared:`) taken out. */
export function parseSearch(text: string): Omit<TitleQuery, 'limit' | 'offset'> {
  const q: Omit<TitleQuery, 'limit' | 'offset'> = { archived: false, words: [] };
  for (const word of text.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 20)) {
    const [key, ...rest] = word.split(':');
    const value = rest.join(':');
    if (rest.length && key === 'tag' && value) q.tag = value;
    else if (rest.length && (key === 'pinned' || key === 'archived' || key === 'shared') && (value === 'true' || value === 'false')) q[key] = value === 'true';
    else q.words!.push(word.slice(0, 200));
  }
  return q;
}

/** GET /chats/search?text=&page=: the owner's unarchived chats whose title or messages hold every word. */
export function searchChats(userId: string, params: URLSearchParams): TitleRow[] {
  return titleList(userId, { ...parseSearch(params.get('text') ?? ''), ...pageOf(params) });
}

/** GET /chats/pinned: every pinned chat not archived, newest first. */
export const pinnedChats = (userId: string): TitleRow[] => titleList(userId, { pinned: true, archived: false, limit: 10_000, offset: 0 });

/** GET /chats/archived?page=&query=: archived chats, 60 a page. */
export function archivedChats(userId: string, params: URLSearchParams): TitleRow[] {
  const query = params.get('query')?.trim();
  return titleList(userId, { archived: true, words: query ? [query.slice(0, 200)] : [], ...pageOf(params) });
}

/** GET /chats/all/archived: every archived chat, whole. */
export function allArchivedChats(userId: string) {
  return titleList(userId, { archived: true, limit: 10_000, offset: 0 }).map((c) => toOpenWebUIExport(requireChat(userId, c.id)));
}

/** POST /chats/{id}/pin and /archive: flips the flag and answers the chat (Open WebUI's ChatResponse). */
export function toggleChat(userId: string, chatId: string, flag: 'pinned' | 'archived') {
  if (!toggleFlag(userId, chatId, flag)) throw new HttpError('CHAT_NOT_FOUND', msg('api.chatNotFound'));
  return toOpenWebUIExport(requireChat(userId, chatId));
}

/** POST /chats/archive/all and /unarchive/all: true, as Open WebUI answers. */
export function archiveAll(userId: string, archived: boolean): boolean {
  setAllArchived(userId, archived);
  return true;
}

/** DELETE /chats/: every chat of the owner, their shares and kept images with them (by cascade), then their files. */
export async function deleteAllChats(userId: string): Promise<boolean> {
  const ids = allChatIds(userId);
  for (let i = 0; i < ids.length; i += 500) {
    const gone = deleteChatRows(userId, ids.slice(i, i + 500));
    purgeShares(gone);
    await Promise.all(gone.flatMap((id) => [removeArtifacts(id), removeChatFiles(id)]));
  }
  return true;
}

const cloneBody = z.object({ title: z.string().max(500).nullish() });

/** POST /chats/{id}/clone: a copy of the owner's own chat, as Open WebUI makes it (title "Clone of …", meta and pin kept). */
export async function cloneOwnChat(userId: string, chatId: string, body: unknown) {
  const { title: asked } = parseInput(cloneBody, body);
  const source = requireChat(userId, chatId);
  const title = asked?.trim() || `Clone of ${source.title}`;
  const chat: ChatJson = withUsableCurrentId({ ...source.chat, originalChatId: source.id, branchPointMessageId: source.chat.history?.currentId ?? null, title });
  // Its images are copied too (files/copy.ts): deleting the original must not break the copy's.
  const id = randomUUID();
  const copies = await copyChatFiles(chat, source.id, id, userId);
  try {
    const row = transaction(() => {
      const made = createChat(userId, { id, title, chat: copies.chat, models: deriveColumns(chat, title).models, meta: source.meta, pinned: source.pinned, folder_id: source.folder_id });
      insertCopies(copies);
      return made;
    });
    return toOpenWebUIExport(row);
  } catch (err) {
    await dropCopies(id, copies);
    throw err;
  }
}

// ---- tags ----

const tagBody = z.object({ name: z.string().trim().min(1).max(200) });
const tagFilterBody = tagBody.extend({ skip: z.number().int().min(0).max(1e9).nullish(), limit: z.number().int().min(1).max(10_000).nullish() });

/** GET /chats/all/tags: the tags in use, as Open WebUI's TagModel list. */
export const allTags = (userId: string) => tagsInUse(userId);

function requireTagIds(userId: string, chatId: string): string[] {
  const ids = chatTagIds(userId, chatId);
  if (!ids) throw new HttpError('CHAT_NOT_FOUND', msg('api.chatNotFound'));
  return ids;
}

/** A chat's tags as TagModels, in its own order. */
function tagsOf(userId: string, chatId: string) {
  const ids = requireTagIds(userId, chatId);
  const byId = new Map(tagsInUse(userId, ids).map((t) => [t.id, t]));
  return ids.map((id) => byId.get(id) ?? { id, name: id, user_id: userId, meta: null });
}

/** GET /chats/{id}/tags. */
export const chatTags = tagsOf;

/** POST /chats/{id}/tags {name}: adds the tag (once); "none" is refused as Open WebUI refuses it. */
export function addTag(userId: string, chatId: string, body: unknown) {
  const { name } = parseInput(tagBody, body);
  const id = tagIdOf(name);
  if (id === 'none') throw new HttpError('BAD_REQUEST', msg('api.tagNone'));
  requireTagIds(userId, chatId);
  addChatTag(userId, chatId, id, name);
  return tagsOf(userId, chatId);
}

/** DELETE /chats/{id}/tags {name}: removes it; a tag no chat uses any more is forgotten. */
export function removeTag(userId: string, chatId: string, body: unknown) {
  const { name } = parseInput(tagBody, body);
  const id = tagIdOf(name);
  requireTagIds(userId, chatId);
  removeChatTag(userId, chatId, id);
  dropUnusedTag(userId, id);
  return tagsOf(userId, chatId);
}

/** POST /chats/tags {name, skip, limit}: the chats with that tag. */
export function chatsByTag(userId: string, body: unknown): TitleRow[] {
  const { name, skip, limit } = parseInput(tagFilterBody, body);
  return titleList(userId, { tag: tagIdOf(name), archived: false, limit: limit ?? 50, offset: skip ?? 0 });
}

// ---- export of everything ----

/**
 * GET /chats/all: every chat of the owner as NDJSON, one ChatResponse a line (current Open WebUI's "Export All Chats"),
 * read in batches as the client takes them, so a big library never sits whole in memory.
 */
export function exportAllChats(userId: string): Response {
  let after: { created_at: number; id: string } | null = null;
  let done = false;
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (done) return controller.close();
      const rows = exportBatch(userId, after, 100);
      if (rows.length < 100) done = true;
      const last = rows.at(-1);
      if (last) after = { created_at: last.created_at, id: last.id };
      // Each line spliced from the stored JSON: no parse and stringify of every chat.
      const text = rows.map((r) => `{"id":${JSON.stringify(r.id)},"user_id":${JSON.stringify(r.user_id)},"title":${JSON.stringify(r.title)},"chat":${r.chat},`
        + `"updated_at":${r.updated_at},"created_at":${r.created_at},"share_id":${JSON.stringify(r.share_id)},"archived":${!!r.archived},`
        + `"pinned":${!!r.pinned},"meta":${r.meta},"folder_id":${JSON.stringify(r.folder_id)}}\n`).join('');
      if (text) controller.enqueue(encoder.encode(text));
      if (done) controller.close();
    },
  });
  return new Response(stream, { headers: { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' } });
}
