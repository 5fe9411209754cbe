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
  /**
   * {rev}.json: `{title, chat, created_at, updated_at}`, the chat spliced in as stored (it was written by JSON.stringify,
   * so it is what stringifying it again gives) or, when its currentId was repaired, as every read shows it.
   */
  file: Uint8Array;
}

/** The row's facts {rev}.json carries besides the chat. */
export interface SnapshotFileFacts { title: string; created_at: number; updated_at: number }

export function snapshotOutline(bytes: Uint8Array, facts: SnapshotFileFacts): SnapshotOutline {
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
    batches, file: snapshotFile(facts, chat === stored ? bytes : Buffer.from(JSON.stringify(chat))),
  };
}

function snapshotFile(facts: SnapshotFileFacts, chat: Uint8Array): Uint8Array {
  const head = `${JSON.stringify({ title: facts.title }).slice(0, -1)},"chat":`;
  const tail = `,"created_at":${JSON.stringify(facts.created_at)},"updated_at":${JSON.stringify(facts.updated_at)}}`;
  return Buffer.concat([Buffer.from(head), chat, Buffer.from(tail)]);
}
