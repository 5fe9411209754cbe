// Chat library operations that span modules: validation of chat JSON, imports, updates, deletion with shares.
import { z } from 'zod';
import { HttpError } from '../http';
import { chatJsonProblem, deriveColumns, parseImport } from './format';
import { isObject, leafFrom, normalizeChatJson, visiblePath } from './tree';
import { createChat, deleteChatRow, insertChats, requireChat, saveChatJson, updateChat, getChat } from './store';
import { db } from '../db';
import { removeArtifacts } from '../shares/artifacts';
import { parseInput } from '../auth/users';
import type { ChatJson, ChatRow } from './types';

const chatBody = z.object({ chat: z.record(z.string(), z.unknown()) });

export function newChat(userId: string, body: unknown): ChatRow {
  const { chat } = parseInput(chatBody, body);
  const problem = chatJsonProblem({ history: { currentId: null, messages: {} }, ...chat });
  if (problem) throw new HttpError('VALIDATION_ERROR', `chat: ${problem}`);
  const json = normalizeChatJson(chat as unknown as ChatJson);
  const { title, models } = deriveColumns(json, 'New Chat');
  return createChat(userId, { title, chat: json, models });
}

/** Open WebUI's update: the new chat JSON is merged over the old one, and updated_at moves. */
export function updateChatJson(userId: string, id: string, body: unknown): ChatRow {
  const { chat: patch } = parseInput(chatBody, body);
  const current = requireChat(userId, id);
  const merged = { ...current.chat, ...patch } as ChatJson;
  const problem = chatJsonProblem(merged as unknown as Record<string, unknown>);
  if (problem) throw new HttpError('VALIDATION_ERROR', `chat: ${problem}`);
  if (typeof merged.title === 'string') merged.title = merged.title.trim().slice(0, 500);
  const json = 'history' in patch || 'messages' in patch ? normalizeChatJson(merged) : merged;
  const { title, models } = deriveColumns(json, current.title);
  return updateChat(userId, id, { title: typeof patch.title === 'string' && patch.title.trim() ? patch.title.trim() : title, chat: json, models });
}

export function importChats(userId: string, data: unknown) {
  const { chats, rejected } = parseImport(data);
  if (chats.length === 0) {
    throw new HttpError('VALIDATION_ERROR', rejected.length
      ? `No chat could be imported: ${rejected[0]!.reason}`
      : 'No chats found. Upload an Open WebUI export (.json) or ChatGPT conversations.json.');
  }
  const ids = insertChats(userId, chats.map((c) => ({ ...c, models: deriveColumns(c.chat, c.title).models })));
  return { imported: ids.map((id, i) => ({ id, title: chats[i]!.title })), rejected };
}

/** Deleting a chat deletes its share (by cascade) and the share's files. */
export function deleteChat(userId: string, id: string): void {
  const chat = getChat(userId, id);
  if (!chat || !deleteChatRow(userId, id)) throw new HttpError('CHAT_NOT_FOUND', 'Chat not found.');
  removeArtifacts(id);
}

/**
 * The branch switcher: makes the branch through `messageId` the chat's current one, as Open WebUI saves it
 * (history.currentId at that branch's leaf, `messages` the path to it), so a share publishes what the owner sees.
 * Returns the new currentId. One immediate transaction: a concurrent edit of the chat is never overwritten with a stale copy.
 */
export function setCurrentBranch(userId: string, chatId: string, messageId: unknown): string {
  return db().transaction(() => {
    const row = requireChat(userId, chatId);
    const history = row.chat.history;
    // An own property only: "__proto__" or "constructor" must not pass for a message.
    const known = typeof messageId === 'string' && isObject(history?.messages) && Object.hasOwn(history.messages, messageId)
      && isObject(history.messages[messageId]);
    if (!known) throw new HttpError('VALIDATION_ERROR', 'message_id: no such message in this chat.');
    const leaf = leafFrom(history, messageId);
    if (history.currentId === leaf) return leaf;
    const chat: ChatJson = { ...row.chat, history: { ...history, currentId: leaf } };
    if (Array.isArray(row.chat.messages)) chat.messages = visiblePath(chat.history, leaf);
    saveChatJson(userId, chatId, chat);
    return leaf;
  }).immediate();
}
