// Chat library operations that span modules: validation of chat JSON, imports, updates, deletion with shares.
import { removeChatFiles } from '../files/objects';
import { HttpError, msg } from '../http';
import { deriveColumns, parseImport, toOpenWebUIExport, type ImportItem } from './format';
import { itemHash } from './fingerprint';
import { isObject, leafFrom, visiblePath } from './tree';
import { chatBytesForUpdate, createChatFrom, deleteChatRow, findImported, insertImport, listChats, requireChat, saveBranchJson, updateChatFrom, getChat } from './store';
import { chatCreateOf, chatUpdateOf } from '../render/pool';
import { immediateTransaction, retryBusy } from '../db';
import { removeArtifacts } from '../shares/documents/artifacts';
import { purgeShares } from '../shares/serve/cdn';
import { warmLiveDocument } from '../shares/documents/live-documents';
import type { ChatJson } from './types';
import { t, type Locale } from '../i18n/index';
import { chatRowResponse } from './answer';

/**
 * POST /chats/new: the request's body (unparsed) is parsed, checked, normalized and serialized on a pool thread in the
 * account's turn (create-job.ts); the request thread only inserts the row and splices the serialized chat into the answer.
 */
export async function newChat(userId: string, body: Buffer): Promise<Response> {
  const out = await chatCreateOf(body, userId);
  if (!out.ok) throw new HttpError(out.code, out.detail);
  const row = await retryBusy(() => createChatFrom(userId, out));
  return chatRowResponse(row, out.shown);
}

/**
 * Open WebUI's update: the new chat JSON (the request's body, unparsed) is merged over the stored one, and updated_at
 * moves. Parsing, checks, the branch tree and serializing run on a pool thread in the account's turn (update-job.ts), so
 * a long chat's update never holds the request thread; the route runs one update of an account at a time
 * (render/admission.ts). The write is guarded by the version read: an update that raced another is made again from it.
 */
export async function updateChatJson(userId: string, id: string, body: Buffer): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const stored = chatBytesForUpdate(userId, id);
    const out = await chatUpdateOf({ stored: stored.bytes, storedTitle: stored.title, body }, userId);
    if (!out.ok) throw new HttpError(out.code, out.detail);
    const row = await retryBusy(() => updateChatFrom(userId, id, stored.version, out));
    if (row) {
      warmLiveDocument(id); // a live share of it renders its new version now, not on the next view
      return chatRowResponse(row, out.shown);
    }
    if (attempt >= 3) throw new HttpError('BUSY', msg('errors.BUSY'));
  }
}

export type DuplicateMode = 'skip' | 'copy';

/** `?duplicates=`: skip chats already in the library (the default) or import copies of them anyway. */
export function duplicateMode(value: string | null): DuplicateMode {
  if (value === null || value === '' || value === 'skip') return 'skip';
  if (value === 'copy') return 'copy';
  throw new HttpError('VALIDATION_ERROR', msg('api.duplicatesInvalid'));
}

export interface Skipped { index: number; title: string; reason: string; existing_id: string }

/** The chat an export item already is in this library: an earlier import of the same item, or (for a chat exported from here and brought back unchanged) the chat itself. */
export function alreadyInLibrary(userId: string, c: Pick<ImportItem, 'source_id' | 'content_hash'>): string | null {
  if (!c.content_hash) return null;
  const imported = findImported(userId, c.source_id ?? null, c.content_hash);
  if (imported) return imported;
  const self = c.source_id ? getChat(userId, c.source_id) : null;
  return self && itemHash(toOpenWebUIExport(self)) === c.content_hash ? self.id : null;
}

/** Imports an export file. Chats already in the library are skipped, with the chat they match, unless copies are asked for. */
export function importChats(userId: string, data: unknown, duplicates: DuplicateMode = 'skip', locale: Locale = 'en') {
  const parsed = parseImport(data);
  const chats = parsed.chats;
  // Reasons are read by people (the library's Import finished dialog): in the caller's language.
  const rejected = parsed.rejected.map((r) => ({ ...r, reason: t(locale, r.reason.key, r.reason.values) }));
  if (chats.length === 0) {
    throw new HttpError('VALIDATION_ERROR', rejected.length
      ? msg('api.importNothing', { reason: parsed.rejected[0]!.reason })
      : msg('api.importEmpty'));
  }
  const items = chats.map((c) => ({ ...c, models: deriveColumns(c.chat, c.title).models }));
  const results = insertImport(userId, items, (c) => (duplicates === 'copy' ? null : alreadyInLibrary(userId, c)));
  const fresh = new Set(results.filter((r) => !r.skipped).map((r) => r.id));
  const imported: Array<{ id: string; title: string }> = [];
  const skipped: Skipped[] = [];
  results.forEach((r, i) => {
    const c = items[i]!;
    if (!r.skipped) imported.push({ id: r.id, title: c.title });
    else skipped.push({ index: c.index, title: c.title, existing_id: r.id, reason: t(locale, fresh.has(r.id) ? 'api.reason_duplicateInFile' : 'api.reason_alreadyInLibrary') });
  });
  return { imported, rejected, skipped };
}

const PAGE = 60;
// Far past any real library, and small enough that the OFFSET stays an exact integer.
const MAX_PAGE = 1_000_000_000;

/** Open WebUI's chat list: `?page=N` (1-based, 60 a page; past the end is an empty page), and our `?q=` title search. */
export function listChatsPage(userId: string, params: URLSearchParams) {
  const asked = Number.parseInt(params.get('page') ?? '1', 10);
  const page = Math.min(Number.isFinite(asked) && asked >= 1 ? asked : 1, MAX_PAGE);
  return listChats(userId, { q: params.get('q') ?? undefined, limit: PAGE, offset: (page - 1) * PAGE })
    .map(({ id, title, updated_at, created_at }) => ({ id, title, updated_at, created_at }));
}

/**
 * Deleting a chat deletes its share and its kept images' rows (by cascade) and then, the row gone, the share's files,
 * any CDN copy, and the images' objects.
 */
export async function deleteChat(userId: string, id: string): Promise<void> {
  const chat = getChat(userId, id);
  if (!chat || !deleteChatRow(userId, id)) throw new HttpError('CHAT_NOT_FOUND', msg('api.chatNotFound'));
  purgeShares([id]);
  await Promise.all([removeArtifacts(id), removeChatFiles(id)]);
}

/**
 * The branch switcher: makes the branch through `messageId` the chat's current one, as Open WebUI saves it
 * (history.currentId at that branch's leaf, `messages` the path to it), so a share publishes what the owner sees.
 * Returns the new currentId. One immediate transaction: a concurrent edit of the chat is never overwritten with a stale copy.
 */
export function setCurrentBranch(userId: string, chatId: string, messageId: unknown): string {
  return immediateTransaction(() => {
    const row = requireChat(userId, chatId);
    const history = row.chat.history;
    // An own property only: "__proto__" or "constructor" must not pass for a message.
    const known = typeof messageId === 'string' && isObject(history?.messages) && Object.hasOwn(history.messages, messageId)
      && isObject(history.messages[messageId]);
    if (!known) throw new HttpError('VALIDATION_ERROR', msg('api.noSuchMessage'));
    const leaf = leafFrom(history, messageId);
    if (!leaf) throw new HttpError('VALIDATION_ERROR', msg('api.noSuchMessage'));
    if (history.currentId === leaf) return leaf;
    const chat: ChatJson = { ...row.chat, history: { ...history, currentId: leaf } };
    if (Array.isArray(row.chat.messages)) chat.messages = visiblePath(chat.history, leaf);
    saveBranchJson(userId, chatId, chat);
    return leaf;
  });
}
