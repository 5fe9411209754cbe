// A snapshot's outline, made on a pool thread from the chat's stored bytes: parsing a 120,000-message chat, repairing
// its currentId, walking its visible path and summarizing it held the request thread for seconds at every publish.
// The request thread gets the facts the page needs and the path's messages cut in render batches, as JSON text (one
// string a batch, handed on to the threads that render them), so it never holds the chat as objects.
import { branchLinksHtml, summarize } from './conversation';
import { batchEnd } from './batches';
import { siblingIds, visiblePath, withUsableCurrentId } from '../chats/tree';
import { cutToPart, isWhole, WHOLE, type SharePart } from '../shares/manage/part';
import { fileIdsOfChat } from '../files/refs';
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
  /**
   * With all branches: each path message's switcher between its alternatives (undefined where it has none), in path
   * order (shares/documents/branches.ts serves the other branches' pages).
   */
  navs?: Array<string | undefined>;
  /**
   * A part's images (every message of the cut chat: with all branches, the regenerations inside the part too), as file
   * ids: its image URL serves these only (files/serve.ts), read from {rev}.files.json, never by parsing the chat.
   */
  fileIds?: string[];
}

/** The row's facts {rev}.json carries besides the chat. */
export interface SnapshotFileFacts { title: string; created_at: number; updated_at: number }

/**
 * `part`: what the share publishes (shares/manage/part.ts). The chat is cut to it here, on the pool thread: cutting a whole
 * chat's other regenerations on the request thread cost a parse and a stringify of every published chat.
 */
export function snapshotOutline(bytes: Uint8Array, facts: SnapshotFileFacts, part: SharePart = WHOLE): SnapshotOutline {
  const stored = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as ChatJson;
  const chat = withUsableCurrentId(cutToPart(stored, part));
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
    navs: part.allBranches ? path.map((m) => {
      const ids = siblingIds(chat.history, m);
      return ids.length > 1 ? branchLinksHtml(ids, ids.indexOf(m.id)) : undefined;
    }) : undefined,
    fileIds: isWhole(part) ? undefined : fileIdsOfChat(chat),
  };
}

function snapshotFile(facts: SnapshotFileFacts, chat: Uint8Array): Uint8Array {
  const head = `${JSON.stringify({ title: facts.title }).slice(0, -1)},"chat":`;
  const tail = `,"created_at":${JSON.stringify(facts.created_at)},"updated_at":${JSON.stringify(facts.updated_at)}}`;
  return Buffer.concat([Buffer.from(head), chat, Buffer.from(tail)]);
}
