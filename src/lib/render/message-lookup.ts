// A shared chat's messages by anchor, worked out on a pool thread from its stored bytes: the anchors of the visible path
// (what the share shows, in order) and one message's preview text. The request thread keeps the anchors in a Map.
import { messageAnchor } from './anchor';
import { modelOf, plainExcerpt } from './conversation';
import { toSeconds } from '../chats/format';
import { visiblePath, withUsableCurrentId } from '../chats/tree';
import type { ChatJson, Message } from '../chats/types';

/** What a link preview says of one message: who wrote it and its text as plain text (at most 300 characters). */
export interface MessagePreview { role: 'user' | 'assistant' | 'system'; model: string | null; text: string; timestamp: number | null }

/**
 * `wrapped`: the bytes are a snapshot's {rev}.json (`{title, chat, ...}`); else a chat as stored (a live share's). Either
 * way the path is the one the share's pages were made from (withUsableCurrentId, then the visible path).
 */
function pathOf(bytes: Uint8Array, wrapped: boolean): Message[] {
  const json = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as { chat?: ChatJson } & ChatJson;
  const chat = wrapped ? json.chat : json;
  if (!chat || typeof chat !== 'object') return [];
  return visiblePath(withUsableCurrentId(chat).history);
}

// The last path this thread read, by chat version: a preview right after its anchors costs no second parse.
let last: { key: string; path: Message[] } | null = null;
const cachedPath = (bytes: Uint8Array, wrapped: boolean, key: string): Message[] => {
  if (last?.key !== key) last = { key, path: pathOf(bytes, wrapped) };
  return last.path;
};

/** The anchors of the visible path, in order. */
export function pathAnchors(bytes: Uint8Array, wrapped: boolean, key: string): string[] {
  return cachedPath(bytes, wrapped, key).map((m) => messageAnchor(m.id));
}

/** The preview of the message at this position of the visible path, or null when there is none. */
export function pathMessagePreview(bytes: Uint8Array, wrapped: boolean, key: string, index: number): MessagePreview | null {
  const m = cachedPath(bytes, wrapped, key)[index];
  if (!m) return null;
  const role = m.role === 'user' ? 'user' : m.role === 'assistant' ? 'assistant' : 'system';
  return { role, model: role === 'assistant' ? modelOf(m) : null, text: plainExcerpt(m.content, 300), timestamp: toSeconds(m.timestamp) ?? null };
}
