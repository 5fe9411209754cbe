// The branch tree of a chat: the visible path to a leaf, sibling regenerations, and histories built from flat lists.
import type { ChatJson, History, Message } from './types';

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Root messages in a stable order (by timestamp, then insertion). */
export function rootsOf(history: History): Message[] {
  return Object.values(history.messages ?? {})
    .filter((m) => !m.parentId || !history.messages[m.parentId])
    .sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
}

/** The ids of a message and its alternatives (regenerations share a parent). */
export function siblingIds(history: History, m: Message): string[] {
  const parent = m.parentId ? history.messages[m.parentId] : undefined;
  const ids = parent ? parent.childrenIds ?? [] : rootsOf(history).map((r) => r.id);
  const known = ids.filter((id) => history.messages[id]);
  return known.includes(m.id) ? known : [...known, m.id];
}

/** Follows a branch down from `id` to a leaf: through the current path where it passes, else the newest child. */
export function leafFrom(history: History, id: string): string {
  const onPath = new Set(visiblePath(history).map((m) => m.id));
  const seen = new Set<string>();
  let cur = history.messages[id];
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id);
    const children = (cur.childrenIds ?? []).filter((c) => history.messages[c]);
    if (!children.length) break;
    const next = children.find((c) => onPath.has(c)) ?? children[children.length - 1]!;
    cur = history.messages[next];
  }
  return cur?.id ?? id;
}

/** The conversation as shown: root to `leafId` (default: history.currentId, or the newest leaf). */
export function visiblePath(history: History | undefined, leafId?: string | null): Message[] {
  if (!history || !isObject(history.messages)) return [];
  let leaf = leafId && history.messages[leafId] ? leafId : history.currentId && history.messages[history.currentId] ? history.currentId : null;
  if (!leaf) {
    const roots = rootsOf(history);
    if (!roots.length) return [];
    leaf = leafFrom({ ...history, currentId: null }, roots[roots.length - 1]!.id);
  }
  const path: Message[] = [];
  const seen = new Set<string>();
  for (let m: Message | undefined = history.messages[leaf]; m && !seen.has(m.id); m = m.parentId ? history.messages[m.parentId] : undefined) {
    seen.add(m.id); // a cycle in imported data ends the walk instead of hanging
    path.push(m);
  }
  return path.reverse();
}

/** A history from an older export's flat `messages` list: each message follows the previous one unless it names a parent. */
export function historyFromList(list: Message[]): History {
  const messages: Record<string, Message> = {};
  let prev: string | null = null;
  list.forEach((raw, i) => {
    const id = typeof raw.id === 'string' && raw.id && !messages[raw.id] ? raw.id : `m${i}`;
    const parentId = typeof raw.parentId === 'string' && messages[raw.parentId] ? raw.parentId : raw.parentId === null && i === 0 ? null : prev;
    messages[id] = { ...raw, id, parentId, childrenIds: [] };
    if (parentId) messages[parentId]!.childrenIds.push(id);
    prev = id;
  });
  return { currentId: prev, messages };
}

/**
 * Makes sure a chat has a usable `history`. A chat that already has one is returned untouched (imports keep their
 * JSON byte for byte); one with only a `messages` list gets a history built from it.
 */
export function normalizeChatJson(chat: ChatJson): ChatJson {
  const h = (chat as { history?: unknown }).history;
  if (isObject(h) && isObject(h.messages)) return chat;
  const list = Array.isArray(chat.messages) ? chat.messages.filter(isObject) as Message[] : [];
  const messages = list.map((m) => ({ ...m, role: String(m.role ?? 'user'), content: typeof m.content === 'string' ? m.content : '' }));
  return { ...chat, history: historyFromList(messages) };
}
