// Stored outlines of long live chats (one row per chat: its latest outlined version), read by a process that has not
// outlined the chat itself yet.
import type { Statement } from 'better-sqlite3';
import { db, retryBusy } from '../../db';

let saveStmt: Statement | null = null;
let readStmt: Statement | null = null;

/** Keeps the outline of this version unless a newer version's is stored already (another worker may have outlined it). */
export function saveLiveOutline(chatId: string, updatedAt: number, outline: string): Promise<void> {
  saveStmt ??= db().prepare(`INSERT INTO live_outline (chat_id, updated_at, outline) VALUES (?, ?, ?)
    ON CONFLICT (chat_id) DO UPDATE SET updated_at = excluded.updated_at, outline = excluded.outline
    WHERE excluded.updated_at >= live_outline.updated_at`);
  return retryBusy(() => { saveStmt!.run(chatId, updatedAt, outline); });
}

/** The stored outline of a chat (JSON) and the chat version it is of, or null. */
export function storedLiveOutline(chatId: string): { updated_at: number; outline: string } | null {
  readStmt ??= db().prepare('SELECT updated_at, outline FROM live_outline WHERE chat_id = ?');
  return (readStmt.get(chatId) as { updated_at: number; outline: string } | undefined) ?? null;
}
