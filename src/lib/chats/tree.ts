// The branch tree of a chat: the visible path to a leaf, sibling regenerations, and histories built from flat lists.
// Message ids come from uploads, so they only ever index Maps (never an object, whose prototype answers "constructor"),
// and every walk is a loop over a forest whose cycles were cut once: no hostile tree can hang, recurse or crash a request.
import type { ChatJson, History, Message } from './types';

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A chat's messages as a forest: every message has at most one parent, no cycles, children consistent with parents. */
interface Tree {
  messages: Map<string, Message>;
  parent: Map<string, string>;
  children: Map<string, string[]>;
  roots: string[];
  newestLeaf: string | null;
}

const EMPTY: Tree = { messages: new Map(), parent: new Map(), children: new Map(), roots: [], newestLeaf: null };
const time = (m: Message): number => (typeof m.timestamp === 'number' && Number.isFinite(m.timestamp) ? m.timestamp : 0);

/**
 * Builds the forest. Walks up from `start` first (the chat's currentId) so that a parent cycle is cut above it and
 * its whole chain stays visible; then from every other message in export order.
 */
function buildTree(raw: Record<string, unknown>, start: string | null): Tree {
  const messages = new Map<string, Message>();
  // The key is the id: a message whose own `id` disagrees gets its key, so links and lookups agree.
  for (const [key, m] of Object.entries(raw)) if (isObject(m)) messages.set(key, (m.id === key ? m : { ...m, id: key }) as Message);

  const claimedParent = (id: string): string | null => {
    const p = messages.get(id)!.parentId;
    return typeof p === 'string' && p !== id && messages.has(p) ? p : null;
  };
  const parent = new Map<string, string>();
  const state = new Map<string, 'walking' | 'done'>();
  const starts = start !== null && messages.has(start) ? [start, ...messages.keys()] : messages.keys();
  for (const first of starts) {
    const walk: string[] = [];
    for (let id: string | null = first; id !== null && !state.has(id);) {
      state.set(id, 'walking');
      walk.push(id);
      const p = claimedParent(id);
      if (p !== null && state.get(p) === 'walking') break; // id -> p would close a cycle: id becomes a root
      if (p !== null) parent.set(id, p);
      id = p;
    }
    for (const id of walk) state.set(id, 'done');
  }

  // Children in their parent's childrenIds order, then any the list forgot; entries that exist but are not this
  // message's children (back up, self, elsewhere) are ignored.
  const children = new Map<string, string[]>();
  const placed = new Set<string>();
  for (const [id, m] of messages) {
    if (!Array.isArray(m.childrenIds)) continue;
    for (const c of m.childrenIds as unknown[]) {
      if (typeof c !== 'string' || placed.has(c) || parent.get(c) !== id) continue;
      placed.add(c);
      const list = children.get(id);
      if (list) list.push(c); else children.set(id, [c]);
    }
  }
  const roots: string[] = [];
  for (const id of messages.keys()) {
    const p = parent.get(id);
    if (p === undefined) roots.push(id);
    else if (!placed.has(id)) {
      const list = children.get(p);
      if (list) list.push(id); else children.set(p, [id]);
    }
  }
  roots.sort((a, b) => time(messages.get(a)!) - time(messages.get(b)!)); // stable: export order breaks ties

  let newestLeaf: string | null = null;
  for (const [id, m] of messages) {
    if (!children.has(id) && (newestLeaf === null || time(m) >= time(messages.get(newestLeaf)!))) newestLeaf = id;
  }
  return { messages, parent, children, roots, newestLeaf };
}

// One forest per message map and start: a request asks for the path, the leaf and each message's siblings of the same
// chat, and building is linear. Message maps are read from JSON and treated as immutable from then on.
const trees = new WeakMap<object, { start: string | null; tree: Tree }>();

function treeOf(history: History | null | undefined): Tree {
  if (!isObject(history) || !isObject(history.messages)) return EMPTY;
  // A currentId that names no message walks like none, so repairing it does not rebuild the tree.
  const id = history.currentId;
  const start = typeof id === 'string' && Object.hasOwn(history.messages, id) && isObject(history.messages[id]) ? id : null;
  const hit = trees.get(history.messages);
  if (hit && hit.start === start) return hit.tree;
  const tree = buildTree(history.messages, start);
  trees.set(history.messages, { start, tree });
  return tree;
}

/** The leaf the chat shows: its currentId when that names a message, else the newest leaf. */
function currentLeaf(history: History | null | undefined, tree: Tree): string | null {
  const id = isObject(history) ? history.currentId : null;
  return typeof id === 'string' && tree.messages.has(id) ? id : tree.newestLeaf;
}

/** The ids of a message and its alternatives (regenerations share a parent; roots are each other's alternatives). */
export function siblingIds(history: History, m: Message): readonly string[] {
  const tree = treeOf(history);
  if (!tree.messages.has(m.id)) return [m.id];
  const p = tree.parent.get(m.id);
  return p === undefined ? tree.roots : tree.children.get(p)!;
}

/** The ids of a message's children (its regenerations or follow-ups), in order; empty for a leaf or an unknown id. */
export function childIds(history: History, id: string): readonly string[] {
  return treeOf(history).children.get(id) ?? [];
}

/** Follows a branch down from `id` to a leaf: through the current path where it passes, else the newest child. Null for an unknown id. */
export function leafFrom(history: History, id: string): string | null {
  const tree = treeOf(history);
  if (!tree.messages.has(id)) return null;
  const onPath = new Set(visiblePath(history).map((m) => m.id));
  let cur = id;
  for (let kids = tree.children.get(cur); kids; kids = tree.children.get(cur)) {
    cur = kids.find((c) => onPath.has(c)) ?? kids[kids.length - 1]!;
  }
  return cur;
}

/** The conversation as shown: root to `leafId` (default: history.currentId, or the newest leaf when that is unusable). */
export function visiblePath(history: History | null | undefined, leafId?: string | null): Message[] {
  const tree = treeOf(history);
  const leaf = typeof leafId === 'string' && tree.messages.has(leafId) ? leafId : currentLeaf(history, tree);
  const path: Message[] = [];
  for (let id = leaf ?? undefined; id !== undefined; id = tree.parent.get(id)) path.push(tree.messages.get(id)!);
  return path.reverse();
}

/** A history from an older export's flat `messages` list: each message follows the previous one unless it names a parent. */
export function historyFromList(list: Message[]): History {
  const messages = new Map<string, Message>();
  const freshId = (i: number) => {
    let id = `m${i}`;
    while (messages.has(id)) id += '_';
    return id;
  };
  let prev: string | null = null;
  list.forEach((raw, i) => {
    const id = typeof raw.id === 'string' && raw.id && !messages.has(raw.id) ? raw.id : freshId(i);
    const parentId = typeof raw.parentId === 'string' && messages.has(raw.parentId) ? raw.parentId : raw.parentId === null && i === 0 ? null : prev;
    messages.set(id, { ...raw, id, parentId, childrenIds: [] });
    if (parentId) messages.get(parentId)!.childrenIds.push(id);
    prev = id;
  });
  // fromEntries defines own properties, so an id of "__proto__" stays a message rather than becoming the prototype.
  return { currentId: prev, messages: Object.fromEntries(messages) };
}

/**
 * A chat whose currentId names one of its messages, as Open WebUI expects: a null, missing or dangling one becomes
 * the newest leaf (null when there are no messages). Anything else is returned as is, the same object when nothing changes.
 */
export function withUsableCurrentId(chat: ChatJson): ChatJson {
  const h = chat.history as unknown;
  if (!isObject(h) || !isObject(h.messages)) return chat;
  const tree = treeOf(h as unknown as History);
  const usable = currentLeaf(h as unknown as History, tree);
  return h.currentId === usable ? chat : { ...chat, history: { ...(h as unknown as History), currentId: usable } };
}

/**
 * Makes sure a chat has a usable `history`. A chat that already has one keeps its JSON byte for byte, except a
 * currentId that names no message; one with only a `messages` list gets a history built from it.
 */
export function normalizeChatJson(chat: ChatJson): ChatJson {
  const h = (chat as { history?: unknown }).history;
  if (isObject(h) && isObject(h.messages)) return withUsableCurrentId(chat);
  const list = Array.isArray(chat.messages) ? chat.messages.filter(isObject) as Message[] : [];
  const messages = list.map((m) => ({ ...m, role: String(m.role ?? 'user'), content: typeof m.content === 'string' ? m.content : '' }));
  return { ...chat, history: historyFromList(messages) };
}

/** Every message of a chat, each once, without reaching past the chat's own data. */
export function allMessages(history: History | null | undefined): Iterable<Message> {
  return treeOf(history).messages.values();
}
