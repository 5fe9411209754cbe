// The kept images a chat's JSON names (Open WebUI's `files: [{type: 'image', url: '/api/v1/files/<id>/content'}]` on its
// messages), and the same chat with those URLs pointing elsewhere: a clone's copies, a download's share URLs. Pure, so
// a pool thread runs it on a long chat (render/tasks.ts).
import { isObject } from '../chats/tree';
import type { ChatJson, Message } from '../chats/types';
import { fileIdOfUrl } from './sniff';

/** Every message of the chat: its history (all branches it holds) and its `messages` list. */
function* messagesOf(chat: ChatJson): Generator<unknown> {
  const all = isObject(chat.history) && isObject(chat.history.messages) ? chat.history.messages : null;
  if (all) for (const id in all) yield all[id];
  if (Array.isArray(chat.messages)) yield* chat.messages;
}

/** The file ids of a message's images (only our own URLs count). */
function idsOf(m: unknown, into: Set<string>): void {
  if (!isObject(m) || !Array.isArray(m.files)) return;
  for (const f of m.files) {
    const id = isObject(f) && f.type === 'image' ? fileIdOfUrl(f.url) : null;
    if (id) into.add(id);
  }
}

/** The ids of the images every message of the chat names, each once. */
export function fileIdsOfChat(chat: ChatJson): string[] {
  const ids = new Set<string>();
  for (const m of messagesOf(chat)) idsOf(m, ids);
  return [...ids];
}

/**
 * The chat with each image URL of ours replaced by `urlOf(id)` (left as it is where that gives null). New objects for
 * the messages that change and the lists that hold them; the chat given is never changed. The same object when
 * nothing changes.
 */
export function withFileUrls(chat: ChatJson, urlOf: (id: string) => string | null): ChatJson {
  const rewrite = (m: unknown): unknown => {
    if (!isObject(m) || !Array.isArray(m.files)) return m;
    let changed = false;
    const files = m.files.map((f: unknown) => {
      const id = isObject(f) && f.type === 'image' ? fileIdOfUrl(f.url) : null;
      const url = id === null ? null : urlOf(id);
      if (url === null) return f;
      changed = true;
      return { ...(f as object), url };
    });
    return changed ? { ...m, files } : m;
  };
  let changed = false;
  const all = isObject(chat.history) && isObject(chat.history.messages) ? chat.history.messages : null;
  let messages = all;
  if (all) {
    const out: Record<string, Message> = Object.create(null); // an id "__proto__" stays a message
    for (const id in all) {
      const m = rewrite(all[id]);
      if (m !== all[id]) changed = true;
      out[id] = m as Message;
    }
    messages = out;
  }
  const list = Array.isArray(chat.messages) ? chat.messages.map(rewrite) : chat.messages;
  if (Array.isArray(chat.messages) && (list as unknown[]).some((m, i) => m !== chat.messages![i])) changed = true;
  if (!changed) return chat;
  return { ...chat, history: all ? { ...chat.history!, messages: messages! } : chat.history, messages: list as Message[] };
}
