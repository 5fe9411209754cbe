// Chat library operations that span modules: validation of chat JSON, imports, updates, deletion with shares.
import { z } from 'zod';
import { HttpError } from '../http';
import { chatJsonProblem, deriveColumns, parseImport } from './format';
import { normalizeChatJson } from './tree';
import { createChat, deleteChatRow, insertChats, listChats, requireChat, updateChat, getChat } from './store';
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

const PAGE = 60;
// Far past any real library, and small enough that the OFFSET stays an exact integer.
const MAX_PAGE = 1_000_000_000;

/** Open WebUI's chat list: `?page=N` (1-based, 60 a page; past the end is an empty page), and our `?q=` title search. */
export function listChatsPage(userId: string, params: URLSearchParams) {
  const asked = Number.parseInt(params.get('page') ?? '1', 10);
  const page = Math.min(Number.isFinite(asked) && asked >= 1 ? asked : 1, MAX_PAGE);
  return listChats(userId, { q: params.get('q') ?? undefined, limit: PAGE, offset: (page - 1) * PAGE })
    .map(({ id, title, updated_at, created_at }) => ({ id, title, updated_at, created_at }));
}

/** Deleting a chat deletes its share (by cascade) and the share's files. */
export function deleteChat(userId: string, id: string): void {
  const chat = getChat(userId, id);
  if (!chat || !deleteChatRow(userId, id)) throw new HttpError('CHAT_NOT_FOUND', 'Chat not found.');
  removeArtifacts(id);
}
