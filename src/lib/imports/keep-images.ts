// A ZIP import's images, kept on the import thread before a batch is stored: each image a chat names is read from the
// archive (zip-images.ts), written to the object store under the chat's id (chosen here, before its row exists), and
// the message gets it as Open WebUI's file ({type: 'image', url: '/api/v1/files/<id>/content', name}) in place of the
// note it carried. An image the archive lacks keeps its note; one that is not kept (not an image, too large) gets a
// note saying so. The rows that point at the objects are inserted with the chats, in the batch's transaction.
import { randomBytes, randomUUID } from 'node:crypto';
import { nowSeconds } from '../db';
import { alreadyInLibrary, type DuplicateMode } from '../chats/service';
import { isObject } from '../chats/tree';
import { labels, note } from '../chats/import/blocks';
import { objectStore } from '../storage/objects';
import { fileKey } from '../files/objects';
import { fileContentUrl } from '../files/sniff';
import type { ChatFileRow } from '../files/store';
import type { Locale } from '../i18n/index';
import type { ImportRow } from './batches';
import type { ArchiveImages } from './zip-images';

/**
 * The message's content with the note at or after `from` replaced by `by` ('' takes it out with the blank line that
 * joined it to its neighbour), and where to look for the next note: notes are found in the order the images came.
 */
function replaceNote(content: string, text: string, from: number, by: string): { content: string; next: number } {
  const at = content.indexOf(text, from);
  if (at < 0) return { content, next: from };
  if (by) return { content: content.slice(0, at) + by + content.slice(at + text.length), next: at + by.length };
  const end = at + text.length;
  if (content.startsWith('\n\n', end)) return { content: content.slice(0, at) + content.slice(end + 2), next: at };
  if (at >= 2 && content.startsWith('\n\n', at - 2)) return { content: content.slice(0, at - 2) + content.slice(end), next: at - 2 };
  return { content: content.slice(0, at) + content.slice(end), next: at };
}

type Outcome = { kind: 'kept'; id: string; name: string } | { kind: 'refused'; name: string };

/**
 * Keeps the images of the batch's chats that name some (their `images`), giving each such chat its id. Returns the file
 * rows to insert with the batch, by chat id. A chat already in the library keeps nothing (it will be skipped).
 */
export async function keepBatchImages(userId: string, rows: ImportRow[], archive: ArchiveImages, duplicates: DuplicateMode, locale?: Locale): Promise<Map<string, ChatFileRow[]>> {
  const files = new Map<string, ChatFileRow[]>();
  const label = labels(locale ?? 'en');
  for (const row of rows) {
    const pending = row.images;
    delete row.images;
    if (!pending?.length || (duplicates !== 'copy' && alreadyInLibrary(userId, row))) continue;
    const chatId = randomUUID();
    const kept: ChatFileRow[] = [];
    const outcomes = new Map<string, Outcome | null>();
    for (const p of pending) {
      if (outcomes.has(p.fileId)) continue; // one image named twice is kept once
      const read = await archive.read(p.fileId);
      if (!read.ok) {
        outcomes.set(p.fileId, read.why === 'refused' ? { kind: 'refused', name: read.name ?? p.fileId } : null);
        continue;
      }
      const id = randomBytes(16).toString('base64url');
      // The object first: a row never points at nothing (a crash in between leaves an object the start-up sweep removes).
      await (await objectStore()).put(fileKey(chatId, id), read.bytes, read.mime);
      kept.push({ id, chat_id: chatId, user_id: userId, name: read.name, mime: read.mime, size: read.bytes.length, sha256: read.sha256, created_at: nowSeconds() });
      outcomes.set(p.fileId, { kind: 'kept', id, name: read.name });
    }
    if (![...outcomes.values()].some(Boolean)) continue;
    const chat = JSON.parse(row.chat) as { history?: { messages?: Record<string, unknown> }; messages?: unknown[] };
    const messages = chat.history?.messages ?? {};
    const cursor = new Map<string, number>();
    for (const p of pending) {
      const m = messages[p.messageId];
      if (!isObject(m) || typeof m.content !== 'string') continue;
      const o = outcomes.get(p.fileId) ?? null;
      const by = !o ? p.note : o.kind === 'refused' ? note(label('imageNotKept', { name: o.name })) : '';
      const r = replaceNote(m.content, p.note, cursor.get(p.messageId) ?? 0, by);
      m.content = r.content;
      cursor.set(p.messageId, r.next);
      if (o?.kind !== 'kept') continue;
      const list = Array.isArray(m.files) ? m.files : (m.files = []);
      list.push({ type: 'image', url: fileContentUrl(o.id), name: o.name });
    }
    // `messages` (the visible path) holds copies of the same messages: rebuilt from the history.
    if (Array.isArray(chat.messages)) chat.messages = chat.messages.map((m) => (isObject(m) && typeof m.id === 'string' && isObject(messages[m.id]) ? messages[m.id] : m));
    row.chat = JSON.stringify(chat);
    row.id = chatId;
    if (kept.length) files.set(chatId, kept);
  }
  return files;
}
