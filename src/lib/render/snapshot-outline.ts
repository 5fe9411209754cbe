// A snapshot's outline, made on a pool thread from the chat's stored bytes: parsing a 120,000-message chat, repairing
// its currentId, walking its visible path and summarizing it held the request thread for seconds at every publish.
// The request thread gets the facts the page needs and the path's messages cut in render batches, as JSON text (one
// string a batch, handed on to the threads that render them), so it never holds the chat as objects.
import { summarize } from './conversation';
import { batchEnd } from './batches';
import { visiblePath, withUsableCurrentId } from '../chats/tree';
import { toSeconds } from '../chats/format';
import type { ChatJson } from '../chats/types';

export interface SnapshotOutline {
  /** Messages on the visible path. */
  count: number;
  firstQuestion: string; models: string[]; firstTimestamp: number | null; system: string;
  /** The path's messages in render batches (render/batches.ts), each a JSON array's text; one empty batch for no messages. */
  batches: string[];
  /** The chat as every read shows it, serialized, when that is not the stored text (its currentId was repaired). */
  repaired?: string;
}

export function snapshotOutline(bytes: Uint8Array): SnapshotOutline {
  const stored = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as ChatJson;
  const chat = withUsableCurrentId(stored);
  const path = visiblePath(chat.history);
  const summary = summarize(chat);
  const batches: string[] = [];
  let from = 0;
  do {
    const to = batchEnd(path, from);
    batches.push(JSON.stringify(path.slice(from, to)));
    from = to;
  } while (from < path.length);
  return {
    count: path.length, firstQuestion: summary.firstQuestion, models: summary.models,
    firstTimestamp: toSeconds(path[0]?.timestamp) ?? null, system: typeof chat.system === 'string' ? chat.system : '',
    batches, repaired: chat === stored ? undefined : JSON.stringify(chat),
  };
}
