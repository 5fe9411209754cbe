// A copy of a chat gets copies of its images (Clone Chat, of a share or of one's own chat): the copy's owner must see
// them in their library, and each chat's files go with that chat alone (deleting the original leaves the copy whole,
// deleting the copy removes only its own). The objects are copied in the store (no bytes pass through this process), a
// few at a time, before the rows that point at them.
import { randomBytes } from 'node:crypto';
import { nowSeconds } from '../db';
import { objectStore } from '../storage/objects';
import type { ChatJson } from '../chats/types';
import { fileKey, removeChatFiles } from './objects';
import { fileIdsOfChat, withFileUrls } from './refs';
import { fileContentUrl } from './sniff';
import { chatFilesOf, insertChatFiles, type ChatFileRow } from './store';

// Copies in flight at once per clone: a chat may name thousands of images (an import keeps up to 10,000).
const PARALLEL = 8;

export interface ChatFileCopies {
  /** The chat with its image URLs pointing at the copies. */
  chat: ChatJson;
  /** The copies' rows, to insert with the new chat (insertCopies) once it exists. */
  rows: ChatFileRow[];
}

/**
 * Copies the images `chat` names that are files of chat `fromChat` (a URL naming any other file is left as it is and
 * copies nothing: a chat cannot take someone else's image with it) to chat `toChat` of `userId`, under new random ids.
 * The objects are written here; on any failure those written are removed and the error is thrown.
 */
export async function copyChatFiles(chat: ChatJson, fromChat: string, toChat: string, userId: string): Promise<ChatFileCopies> {
  const named = new Set(fileIdsOfChat(chat));
  if (!named.size) return { chat, rows: [] };
  const sources = chatFilesOf(fromChat).filter((r) => named.has(r.id));
  if (!sources.length) return { chat, rows: [] };
  const store = await objectStore();
  const newId = new Map<string, string>();
  const rows: ChatFileRow[] = [];
  const now = nowSeconds();
  try {
    for (let i = 0; i < sources.length; i += PARALLEL) {
      // Settled before a failure is thrown, so the removal below never races a copy still in flight.
      const done = await Promise.allSettled(sources.slice(i, i + PARALLEL).map(async (r) => {
        const id = randomBytes(16).toString('base64url');
        // An object already gone (the original was just deleted) is not copied; its URL stays as it was.
        if (!(await store.copy(fileKey(fromChat, r.id), fileKey(toChat, id)))) return;
        newId.set(r.id, id);
        rows.push({ ...r, id, chat_id: toChat, user_id: userId, created_at: now });
      }));
      const failed = done.find((d): d is PromiseRejectedResult => d.status === 'rejected');
      if (failed) throw failed.reason;
    }
  } catch (err) {
    await removeChatFiles(toChat);
    throw err;
  }
  return { chat: withFileUrls(chat, (id) => { const to = newId.get(id); return to ? fileContentUrl(to) : null; }), rows };
}

/** Inside the transaction that creates the copy, after its row. */
export const insertCopies = (copies: ChatFileCopies): void => insertChatFiles(copies.rows);

/** When the copy was not made after all (its transaction threw): its objects go. */
export const dropCopies = async (toChat: string, copies: ChatFileCopies): Promise<void> => {
  if (copies.rows.length) await removeChatFiles(toChat);
};
