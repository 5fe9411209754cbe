// A live chat's outline, made on a pool thread from the chat's stored bytes: parsing a long chat, walking its visible
// path and hashing every message cost seconds on a 120,000-message chat, so the request thread only reads the bytes.
import { createHash } from 'node:crypto';
import { modelOf, summarize } from './conversation';
import { visiblePath, withUsableCurrentId } from '../chats/tree';
import { toSeconds } from '../chats/format';
import { layoutOf, pageIndexes } from '../shares/serve/conversation-parts';
import { recipeHtml } from '../shares/documents/recipe';
import type { ChatJson, Message } from '../chats/types';

/** What a message's fragment depends on, hashed: a fragment is reused while its message keeps this hash. */
export function messageHash(m: Message): string {
  const content = typeof m.content === 'string' ? m.content : '';
  return createHash('sha1').update(`${m.id}\0${m.role}\0${modelOf(m) ?? ''}\0${String(m.timestamp ?? '')}\0${content}`).digest('base64url').slice(0, 16);
}

export interface LiveOutline {
  /** By position on the visible path: the message ids and their hashes. */
  ids: string[]; hashes: string[];
  firstQuestion: string; models: string[]; firstTimestamp: number | null; recipe: string; system: string;
  /** The messages the main page shows (the opening and the latest of a long chat), by position. */
  shown: Array<[number, Message]>;
}

const parse = (bytes: Uint8Array): ChatJson =>
  withUsableCurrentId(JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as ChatJson);

export function liveOutline(bytes: Uint8Array): LiveOutline {
  const chat = parse(bytes);
  const path = visiblePath(chat.history);
  const summary = summarize(chat);
  return {
    ids: path.map((m) => m.id), hashes: path.map(messageHash),
    firstQuestion: summary.firstQuestion, models: summary.models, firstTimestamp: toSeconds(path[0]?.timestamp) ?? null,
    recipe: recipeHtml(chat), system: typeof chat.system === 'string' ? chat.system : '',
    shown: pageIndexes(layoutOf(path.length), null).map((i) => [i, path[i]!]),
  };
}

// The last path this thread read, by chat version: a reader asking for part after part of a long chat costs one parse.
let lastPath: { key: string; path: Message[] } | null = null;

/** The messages at these positions of the visible path (for parts and changes the main page did not need). */
export function liveMessages(bytes: Uint8Array, indexes: number[], key?: string): Message[] {
  const path = key !== undefined && lastPath?.key === key ? lastPath.path : visiblePath(parse(bytes).history);
  lastPath = key === undefined ? null : { key, path };
  return indexes.map((i) => path[i]!);
}
