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

/** The copies a copy of a chat may make (planCopies). */
export interface CopyPlan {
  /** The copy's URL, by the original's file id. */
  urls: Map<string, string>;
  rows: Map<string, ChatFileRow>;
}

/**
 * The copies a copy of chat `fromChat` may make: each of its files gets its copy's new random id and row now, before the
 * chat is read, so a pool thread can point the copy's URLs at them (shares/serve/clone-job.ts) while the objects are copied
 * after (copyPlanned), only those the copy names. A URL naming any other file is in no plan: a chat cannot take
 * someone else's image with it.
 */
export function planCopies(fromChat: string, toChat: string, userId: string): CopyPlan {
  const plan: CopyPlan = { urls: new Map(), rows: new Map() };
  const now = nowSeconds();
  const files = chatFilesOf(fromChat);
  const random = randomBytes(16 * files.length); // one call: an imported chat may hold 10,000 images
  for (const [i, r] of files.entries()) {
    const id = random.subarray(16 * i, 16 * i + 16).toString('base64url');
    plan.urls.set(r.id, fileContentUrl(id));
    plan.rows.set(r.id, { ...r, id, chat_id: toChat, user_id: userId, created_at: now });
  }
  return plan;
}

/**
 * Copies the objects of the planned files `ids` (the original's ids) to chat `toChat`: their rows, and the ids whose
 * object was gone (the original was just deleted), not copied. On any failure those written are removed and it throws.
 */
export async function copyPlanned(plan: CopyPlan, fromChat: string, toChat: string, ids: string[]): Promise<{ rows: ChatFileRow[]; gone: string[] }> {
  const rows: ChatFileRow[] = [];
  const gone: string[] = [];
  if (!ids.length) return { rows, gone };
  const store = await objectStore();
  try {
    for (let i = 0; i < ids.length; i += PARALLEL) {
      // Settled before a failure is thrown, so the removal below never races a copy still in flight.
      const done = await Promise.allSettled(ids.slice(i, i + PARALLEL).map(async (from) => {
        const row = plan.rows.get(from)!;
        if (await store.copy(fileKey(fromChat, from), fileKey(toChat, row.id))) rows.push(row);
        else gone.push(from);
      }));
      const failed = done.find((d): d is PromiseRejectedResult => d.status === 'rejected');
      if (failed) throw failed.reason;
    }
  } catch (err) {
    await removeChatFiles(toChat);
    throw err;
  }
  return { rows, gone };
}

/**
 * Copies the images `chat` names that are files of chat `fromChat` to chat `toChat` of `userId`, under new random ids
 * (planCopies): the chat with its URLs pointing at the copies, and their rows. An object already gone is not copied;
 * its URL stays as it was. On any failure those written are removed and the error is thrown.
 */
export async function copyChatFiles(chat: ChatJson, fromChat: string, toChat: string, userId: string): Promise<ChatFileCopies> {
  const named = fileIdsOfChat(chat);
  if (!named.length) return { chat, rows: [] };
  const plan = planCopies(fromChat, toChat, userId);
  const { rows, gone } = await copyPlanned(plan, fromChat, toChat, named.filter((id) => plan.rows.has(id)));
  if (!rows.length) return { chat, rows };
  for (const id of gone) plan.urls.delete(id);
  return { chat: withFileUrls(chat, (id) => plan.urls.get(id) ?? null), rows };
}

/** Inside the transaction that creates the copy, after its row. */
export const insertCopies = (copies: ChatFileCopies): void => insertChatFiles(copies.rows);

/** When the copy was not made after all (its transaction threw): its objects go. */
export const dropCopies = async (toChat: string, copies: ChatFileCopies): Promise<void> => {
  if (copies.rows.length) await removeChatFiles(toChat);
};
