// The chat_file rows: the images an import kept (each row points at an object written before it, files.ts).
import { db } from '../db';

export interface ChatFileRow { id: string; chat_id: string; user_id: string; name: string; mime: string; size: number; sha256: string; created_at: number }

/** Inside the import batch's transaction, once the chats are in (each file's object is written already). */
export function insertChatFiles(rows: ChatFileRow[]): void {
  if (!rows.length) return;
  const stmt = db().prepare('INSERT INTO chat_file (id, chat_id, user_id, name, mime, size, sha256, created_at) VALUES (@id, @chat_id, @user_id, @name, @mime, @size, @sha256, @created_at)');
  for (const r of rows) stmt.run(r);
}

let byId: ReturnType<ReturnType<typeof db>['prepare']> | null = null;
export function getChatFile(id: string): ChatFileRow | null {
  byId ??= db().prepare('SELECT id, chat_id, user_id, name, mime, size, sha256, created_at FROM chat_file WHERE id = ?');
  return (byId.get(id) as ChatFileRow | undefined) ?? null;
}

/** The chats of an account that have files (their objects go after the account's rows do). */
export const chatIdsWithFiles = (userId: string): string[] =>
  db().prepare('SELECT DISTINCT chat_id FROM chat_file WHERE user_id = ?').pluck().all(userId) as string[];

/** Every chat that still has a file row (the start-up sweep keeps their folders). */
export const chatIdsOfFiles = (): string[] => db().prepare('SELECT DISTINCT chat_id FROM chat_file').pluck().all() as string[];

/** A chat's file rows (by the chat_id index). */
export const chatFilesOf = (chatId: string): ChatFileRow[] =>
  db().prepare('SELECT id, chat_id, user_id, name, mime, size, sha256, created_at FROM chat_file WHERE chat_id = ?').all(chatId) as ChatFileRow[];
