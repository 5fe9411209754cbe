// Share a part (issue 17.4): which messages of a chat a share publishes, checked against the chat, and the chat cut to
// them. Every reader of a share's chat (scan/redact.ts) takes the cut chat, so nothing outside the part leaves.
import { HttpError, msg } from '../http';
import { isObject, leafFrom, visiblePath } from '../chats/tree';
import type { ChatJson, History, Message } from '../chats/types';

/**
 * Both null: the whole visible branch. `last` only: everything up to that message. Both: the range from `first` down to
 * `last`. `first` only: from that message to the end of its branch (a part that follows new messages).
 */
export interface SharePart { first: string | null; last: string | null }
export const WHOLE: SharePart = { first: null, last: null };

/** A share row's part. */
export const partOf = (s: { part_first?: string | null; part_last?: string | null }): SharePart => ({ first: s.part_first ?? null, last: s.part_last ?? null });
export const isWhole = (p: SharePart): boolean => p.first === null && p.last === null;
/** A live share follows new messages only when its part runs to the end of the chat (no last message). */
export const runsToEnd = (p: SharePart): boolean => p.last === null;
export const samePart = (a: SharePart, b: SharePart): boolean => a.first === b.first && a.last === b.last;

/** The API's name for a part's shape. */
export function partKind(p: SharePart): 'whole' | 'up_to' | 'range' | 'from' {
  return isWhole(p) ? 'whole' : p.first === null ? 'up_to' : p.last === null ? 'from' : 'range';
}

const messagesOf = (h: History | null | undefined): Record<string, unknown> | null => (isObject(h) && isObject(h.messages) ? h.messages : null);
const has = (h: History | null | undefined, id: string) => {
  const m = messagesOf(h);
  return !!m && Object.hasOwn(m, id) && isObject(m[id]);
};

/** The part's messages, root side first; empty when a message it names is gone from the chat (never the whole chat). */
export function partPath(history: History | null | undefined, p: SharePart): Message[] {
  if (isWhole(p)) return visiblePath(history);
  if ((p.last !== null && !has(history, p.last)) || (p.first !== null && !has(history, p.first))) return [];
  const leaf = p.last ?? leafFrom(history!, p.first!);
  const path = visiblePath(history, leaf);
  if (p.first === null) return path;
  const start = path.findIndex((m) => m.id === p.first);
  return start < 0 ? [] : path.slice(start);
}

/**
 * The chat as a share of this part publishes it: only the part's messages, as one branch (the first has no parent),
 * `messages` the same list. The whole branch keeps the chat as it is (its other regenerations included, as before).
 */
export function cutToPart(chat: ChatJson, p: SharePart): ChatJson {
  if (isWhole(p)) return chat;
  const path = partPath(chat.history, p);
  const messages: Record<string, Message> = {};
  path.forEach((m, i) => {
    messages[m.id] = { ...m, parentId: i ? path[i - 1]!.id : null, childrenIds: i + 1 < path.length ? [path[i + 1]!.id] : [] };
  });
  return { ...chat, history: { currentId: path.at(-1)?.id ?? null, messages }, messages: path.map((m) => messages[m.id]!) };
}

/** Field errors for a part the owner asked for: unknown ids, a first after its last, a first on another branch. */
export function checkPart(history: History | null | undefined, p: SharePart): void {
  // The catalog's sentences start with the field's API name ("last_message_id: ..."): the dialog puts each beside its field.
  const bad = (_field: string, key: string) => { throw new HttpError('VALIDATION_ERROR', msg(key)); };
  if (p.first !== null && !has(history, p.first)) bad('first_message_id', 'api.partUnknownFirst');
  if (p.last !== null && !has(history, p.last)) bad('last_message_id', 'api.partUnknownLast');
  if (p.first === null || p.last === null || p.first === p.last) return;
  const down = visiblePath(history, p.last);
  if (down.some((m) => m.id === p.first)) return;
  const up = visiblePath(history, p.first);
  if (up.some((m) => m.id === p.last)) bad('last_message_id', 'api.partFirstAfterLast');
  bad('first_message_id', 'api.partOtherBranch');
}
