// A chat's kept images in the object store (storage/objects.ts: the data folder, or S3): files/{chat_id}/{file_id}.
import { objectStore } from '../storage/objects';

export const fileKey = (chatId: string, fileId: string): string => `files/${chatId}/${fileId}`;

/** Removes every object of a chat's files; a failure is logged (the start-up sweep finds them again), never thrown. */
export async function removeChatFiles(chatId: string): Promise<void> {
  try {
    const store = await objectStore();
    const keys = (await store.list(`files/${chatId}/`)).map((o) => o.key);
    if (keys.length) await store.delete(keys);
  } catch (err) {
    console.error(`chatshare: could not remove the files of chat ${chatId}; the next start-up sweep will`, err);
  }
}

