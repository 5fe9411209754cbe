// The one place a share takes its chat from: the owner's chat with the values they chose to redact replaced by
// "[redacted]". The snapshot's files, a live share's documents, its card and description, the API's answer, downloads,
// clones and the compressed pages all derive from these two reads, so none of them can carry a redacted value.
import { chatBytesForShare, getChatForShare } from '../../chats/store';
import type { ChatJson, ChatRow } from '../../chats/types';
import { instanceSecret } from '../secret';
import { redactChat } from './scan';
import { redactedHashes } from './store';

/** The chat JSON as a share publishes it. */
export function redactForShare(chatId: string, chat: ChatJson): ChatJson {
  const hashes = redactedHashes(chatId);
  return hashes.size ? redactChat(chat, instanceSecret(), hashes) : chat;
}

/** chatBytesForShare, redacted: the bytes as stored when nothing is redacted (nearly always; no parse then). */
export function sharedChatBytes(chatId: string): ReturnType<typeof chatBytesForShare> {
  const row = chatBytesForShare(chatId);
  if (!row) return null;
  const hashes = redactedHashes(chatId);
  if (!hashes.size) return row;
  const chat = JSON.parse(row.bytes.toString('utf8')) as ChatJson;
  const redacted = redactChat(chat, instanceSecret(), hashes);
  return redacted === chat ? row : { ...row, bytes: Buffer.from(JSON.stringify(redacted), 'utf8') };
}

/** getChatForShare, redacted. */
export function sharedChatRow(chatId: string): ChatRow | null {
  const row = getChatForShare(chatId);
  return row && { ...row, chat: redactForShare(chatId, row.chat) };
}
