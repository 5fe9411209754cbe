// Share a part (issue 17.4): which messages of a chat a share publishes, checked against the chat, and the chat cut to
// them. Every reader of a share's chat (scan/redact.ts) takes the cut chat, so nothing outside the part leaves.
import { HttpError, msg } from '../../http';
import { childIds, isObject, leafFrom, siblingIds, visiblePath } from '../../chats/tree';
import type { ChatJson, History, Message } from '../../chats/types';

/**
 * Both null: the whole visible branch. `last` only: everything up to that message. Both: the range from `first` down to
 * `last`. `first` only: from that message to the end of its branch (a part that follows new messages). `allBranches`:
 * the regenerations inside the part come too (viewers switch between them); without it the share is one path.
 */
export interface SharePart { first: string | null; last: string | null; allBranches?: boolean }
export const WHOLE: SharePart = { first: null, last: null };

/** A share row's part. */
export const partOf = (s: { part_first?: string | null; part_last?: string | null; all_branches?: boolean }): SharePart =>
  ({ first: s.part_first ?? null, last: s.part_last ?? null, allBranches: !!s.all_branches });
export const isWhole = (p: SharePart): boolean => p.first === null && p.last === null;
/** A live share follows new messages only when its part runs to the end of the chat (no last message). */
export const runsToEnd = (p: SharePart): boolean => p.last === null;
export const samePart = (a: SharePart, b: SharePart): boolean => a.first === b.first && a.last === b.last && !!a.allBranches === !!b.allBranches;

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
 * The chat as a share of this part publishes it. Without all branches: only the part's messages, as one branch (the
 * first has no parent), `messages` the same list; no other regeneration, even of a whole chat. With all branches: the
 * tree inside the part (partTree), its visible path the part's. The same object when nothing is cut.
 */
export function cutToPart(chat: ChatJson, p: SharePart): ChatJson {
  if (p.allBranches) return isWhole(p) ? chat : partTree(chat, p);
  const path = partPath(chat.history, p);
  const all = messagesOf(chat.history);
  if (isWhole(p) && all && path.length === Object.keys(all).length) return chat; // one branch already
  const messages: Record<string, Message> = Object.create(null); // an id "__proto__" stays a message
  path.forEach((m, i) => {
    messages[m.id] = { ...m, parentId: i ? path[i - 1]!.id : null, childrenIds: i + 1 < path.length ? [path[i + 1]!.id] : [] };
  });
  return { ...chat, history: { currentId: path.at(-1)?.id ?? null, messages }, messages: path.map((m) => messages[m.id]!) };
}

/**
 * The part with its regenerations: every message below the part's first (below the roots for a part from the start),
 * no deeper than its last, the first with no parent. A message outside (above the first, below the last) never comes.
 */
function partTree(chat: ChatJson, p: SharePart): ChatJson {
  const h = chat.history as History;
  const path = partPath(h, p);
  if (!path.length) return { ...chat, history: { currentId: null, messages: {} }, messages: [] };
  const maxDepth = p.last === null ? Infinity : path.length - 1;
  const starts = p.first === null ? siblingIds(h, path[0]!) : [path[0]!.id];
  const all = messagesOf(h)!;
  const messages: Record<string, Message> = Object.create(null);
  let level: Array<{ id: string; parent: string | null }> = starts.map((id) => ({ id, parent: null }));
  for (let depth = 0; level.length; depth++) {
    const next: typeof level = [];
    for (const { id, parent } of level) {
      const kids = depth < maxDepth ? childIds(h, id) : [];
      messages[id] = { ...(all[id] as Message), id, parentId: parent, childrenIds: [...kids] };
      for (const k of kids) next.push({ id: k, parent: id });
    }
    level = next;
  }
  const shown = path.map((m) => messages[m.id]!);
  return { ...chat, history: { currentId: path.at(-1)!.id, messages }, messages: shown };
}

/**
 * The catalog key of what is wrong with a part the owner asked for (unknown ids, a first after its last, a first on
 * another branch), or null. Pure, so a pool thread checks a long chat (render/tasks.ts); checkPart throws it.
 */
export function partProblem(history: History | null | undefined, p: SharePart): string | null {
  // The catalog's sentences start with the field's API name ("last_message_id: ..."): the dialog puts each beside its field.
  if (p.first !== null && !has(history, p.first)) return 'api.partUnknownFirst';
  if (p.last !== null && !has(history, p.last)) return 'api.partUnknownLast';
  if (p.first === null || p.last === null || p.first === p.last) return null;
  if (visiblePath(history, p.last).some((m) => m.id === p.first)) return null;
  if (visiblePath(history, p.first).some((m) => m.id === p.last)) return 'api.partFirstAfterLast';
  return 'api.partOtherBranch';
}

/** partProblem as the API's field error. */
export function checkPart(history: History | null | undefined, p: SharePart): void {
  const key = partProblem(history, p);
  if (key) throw new HttpError('VALIDATION_ERROR', msg(key));
}
