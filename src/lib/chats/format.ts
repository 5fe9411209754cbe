// Open WebUI and ChatGPT export formats: parsing imports (with per-item rejection reasons) and exporting chats.
import { allMessages, isObject, normalizeChatJson, visiblePath } from './tree';
import { itemHash, sourceIdOf } from './fingerprint';
import type { ChatJson, ChatRow, Message } from './types';
import type { NewChat } from './store';

/** Why an item cannot be imported or stored: a catalog message (api.reason_*), translated for whoever reads it. */
export interface Problem { key: string; values?: Record<string, string | number> }
const problem = (name: string, values?: Record<string, string | number>): Problem => ({ key: `api.reason_${name}`, values });
export interface Rejected { index: number; title?: string; reason: Problem }
/** A chat read from an import file: what to store, and where in the file it was. */
export interface ImportItem extends NewChat { index: number }

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const MAX_CHATS = 20_000;

/** Exports carry seconds, milliseconds or nanoseconds depending on the version: always store seconds. */
export function toSeconds(v: unknown): number | undefined {
  let n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() && !Number.isNaN(Number(v)) ? Number(v) : NaN;
  if (!Number.isFinite(n) || n <= 0) return undefined;
  while (n > 1e11) n /= 1000;
  return Math.floor(n);
}

export function deriveColumns(chat: ChatJson, fallbackTitle: string): { title: string; models: string[] } {
  const title = (str(chat.title)?.trim() || fallbackTitle).slice(0, 500);
  let models = Array.isArray(chat.models) ? chat.models.filter((m): m is string => typeof m === 'string' && !!m) : [];
  if (!models.length) {
    models = [...new Set([...allMessages(chat.history)].map((m) => str(m.modelName) ?? str(m.model)).filter((m): m is string => !!m))];
  }
  return { title, models: models.slice(0, 20) };
}

function firstUserLine(chat: ChatJson): string | undefined {
  const first = visiblePath(chat.history).find((m) => m.role === 'user' && typeof m.content === 'string' && m.content.trim());
  return first?.content.trim().split('\n')[0]!.slice(0, 80);
}

/** Why a chat JSON cannot be stored, or null when it can: the shape every reader of `history` relies on. */
export function chatJsonProblem(raw: Record<string, unknown>): Problem | null {
  const h = raw.history;
  if (h !== undefined && !(isObject(h) && isObject(h.messages))) return problem('messagesNotObject');
  if (h === undefined && !Array.isArray(raw.messages)) return problem('noMessages');
  if (isObject(h)) {
    if (h.currentId !== undefined && h.currentId !== null && typeof h.currentId !== 'string') return problem('currentIdNotString');
    for (const m of Object.values(h.messages as Record<string, unknown>)) {
      if (!isObject(m) || typeof m.id !== 'string') return problem('messageNoId');
      if (m.childrenIds !== undefined && !Array.isArray(m.childrenIds)) return problem('childrenNotList', { id: m.id as string });
      if (m.parentId !== undefined && m.parentId !== null && typeof m.parentId !== 'string') return problem('parentNotString', { id: m.id as string });
    }
  } else if ((raw.messages as unknown[]).some((m) => !isObject(m))) return problem('messageNotObject');
  return null;
}

function fromOpenWebUI(item: Record<string, unknown>): NewChat | Problem {
  const raw = isObject(item.chat) ? item.chat : 'history' in item || 'messages' in item ? item : null;
  if (!raw) return problem('noChatObject');
  const issue = chatJsonProblem(raw);
  if (issue) return issue;
  const chat = normalizeChatJson(raw as unknown as ChatJson);
  const title = str(item.title)?.trim() || str(chat.title)?.trim() || firstUserLine(chat) || 'Imported chat';
  const meta = isObject(item.meta) ? item.meta : {};
  return {
    title, chat, models: [],
    created_at: toSeconds(item.created_at) ?? toSeconds(chat.timestamp),
    updated_at: toSeconds(item.updated_at) ?? toSeconds(item.created_at) ?? toSeconds(chat.timestamp),
    archived: item.archived === true, pinned: item.pinned === true, meta, folder_id: null,
  };
}

interface GptNode { parent?: unknown; children?: unknown; message?: unknown }

function gptText(message: Record<string, unknown>): string {
  const content = isObject(message.content) ? message.content : {};
  if (content.content_type === 'code' && typeof content.text === 'string') return '```\n' + content.text + '\n```';
  const parts = Array.isArray(content.parts) ? content.parts : [];
  const text = parts.map((p) => (typeof p === 'string' ? p : isObject(p) && typeof p.text === 'string' ? p.text : '')).filter(Boolean).join('\n\n');
  return text || (typeof content.text === 'string' ? content.text : '');
}

/** A ChatGPT conversation (a `mapping` tree) as an Open WebUI chat; hidden system and tool nodes are skipped. */
function fromChatGpt(conv: Record<string, unknown>): NewChat | Problem {
  if (!isObject(conv.mapping)) return problem('mappingNotObject');
  // A Map, so node ids such as "constructor" name nodes and nothing else.
  const mapping = new Map<string, GptNode>(Object.entries(conv.mapping).filter((e): e is [string, GptNode] => isObject(e[1])));
  const keep = (node: GptNode): node is GptNode & { message: Record<string, unknown> } => {
    const m = node.message;
    if (!isObject(m)) return false;
    const role = isObject(m.author) ? str(m.author.role) : undefined;
    if (role !== 'user' && role !== 'assistant') return false;
    if (isObject(m.metadata) && m.metadata.is_visually_hidden_from_conversation) return false;
    return gptText(m).trim().length > 0;
  };
  // Depth first from the roots along `children`, each node once (a seen-set, no recursion); a skipped node's place is
  // taken by its nearest kept ancestor on the way down, so the tree stays connected.
  const kept = new Map<string, Message>();
  const anchorOf = new Map<string, string | null>();
  const stack: Array<[string, string | null]> = [];
  for (const [id, node] of mapping) {
    const p = typeof node.parent === 'string' ? node.parent : null;
    if (p === null || !mapping.has(p)) stack.push([id, null]);
  }
  stack.reverse();
  while (stack.length) {
    const [id, parentId] = stack.pop()!;
    if (anchorOf.has(id)) continue;
    const node = mapping.get(id)!;
    let anchor = parentId;
    if (keep(node)) {
      const m = node.message;
      const meta = isObject(m.metadata) ? m.metadata : {};
      const role = (m.author as { role: string }).role;
      const model = str(meta.model_slug) ?? str(conv.default_model_slug);
      kept.set(id, {
        id, parentId, childrenIds: [], role, content: gptText(m),
        timestamp: toSeconds(m.create_time) ?? toSeconds(conv.create_time),
        ...(role === 'assistant' ? { model: model ?? 'chatgpt', modelName: model ?? 'ChatGPT' } : {}),
      });
      if (parentId !== null) kept.get(parentId)!.childrenIds.push(id);
      anchor = id;
    }
    anchorOf.set(id, anchor);
    const children = Array.isArray(node.children) ? node.children : [];
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i];
      if (typeof c === 'string' && mapping.has(c) && !anchorOf.has(c)) stack.push([c, anchor]);
    }
  }
  if (!kept.size) return problem('noUsableMessages');
  const messages = Object.fromEntries(kept);
  const current = str(conv.current_node);
  const currentId = (current !== undefined ? anchorOf.get(current) : undefined) ?? [...kept.keys()].pop()!;
  const history = { currentId, messages };
  const model = str(conv.default_model_slug);
  const title = str(conv.title)?.trim() || 'ChatGPT conversation';
  const created = toSeconds(conv.create_time);
  const chat: ChatJson = {
    id: '', title, models: model ? [model] : [], params: {}, history, messages: visiblePath(history), tags: [], files: [],
    timestamp: created ? created * 1000 : Date.now(),
  };
  return { title, chat, models: [], created_at: created, updated_at: toSeconds(conv.update_time) ?? created };
}

/** The items of an export: an Open WebUI export (rows, or `{chats: [...]}`), a single chat, or a ChatGPT `conversations.json`. */
export function importItems(data: unknown): unknown[] {
  return Array.isArray(data) ? data
    : isObject(data) && Array.isArray(data.chats) ? data.chats
    : isObject(data) && (isObject(data.chat) || isObject(data.mapping) || isObject(data.history)) ? [data]
    : [];
}

/** One export item as a chat to store, or why it cannot be. */
export function parseItem(item: unknown, index: number): ImportItem | Rejected {
  if (!isObject(item)) return { index, reason: problem('notAChat') };
  const result = isObject(item.mapping) ? fromChatGpt(item) : isObject(item.chat) || 'history' in item || 'messages' in item ? fromOpenWebUI(item) : problem('unknownFormat');
  if ('key' in result) return { index, title: str(item.title), reason: result };
  return { ...result, index, source_id: sourceIdOf(item), content_hash: itemHash(item) };
}

export const isRejected = (r: ImportItem | Rejected): r is Rejected => 'reason' in r;

/** Past the import's chat limit: the one line that says the rest of the file was left out. */
export const tooManyRejection = (): Rejected => ({ index: MAX_CHATS, reason: problem('tooMany', { max: MAX_CHATS }) });
export { MAX_CHATS as MAX_IMPORT_CHATS };

/** Accepts an Open WebUI export (rows, or `{chats: [...]}`), a single chat, or a ChatGPT `conversations.json`. */
export function parseImport(data: unknown): { chats: ImportItem[]; rejected: Rejected[] } {
  const items = importItems(data);
  const chats: ImportItem[] = [];
  const rejected: Rejected[] = [];
  items.slice(0, MAX_CHATS).forEach((item, index) => {
    const r = parseItem(item, index);
    if (isRejected(r)) rejected.push(r);
    else chats.push(r);
  });
  if (items.length > MAX_CHATS) rejected.push(tooManyRejection());
  return { chats, rejected };
}

/** One chat row in Open WebUI's export shape (importable back into Open WebUI or chatshare). */
export function toOpenWebUIExport(row: ChatRow) {
  return {
    id: row.id, user_id: row.user_id, title: row.title, chat: row.chat, updated_at: row.updated_at, created_at: row.created_at,
    share_id: row.share_id, archived: row.archived, pinned: row.pinned, meta: row.meta, folder_id: row.folder_id,
  };
}

/** The visible conversation as Markdown: a heading per turn, message text as written. */
/** `link`: the share link a reader downloaded it from (issue 18), written under the title with the date. */
export function toMarkdown(row: Pick<ChatRow, 'title' | 'chat' | 'created_at'>, link?: string): string {
  const lines = [`# ${row.title}`, ''];
  const models = deriveColumns(row.chat, row.title).models;
  lines.push(`_${new Date(row.created_at * 1000).toISOString().slice(0, 10)}${models.length ? ` · ${models.join(', ')}` : ''}_`, '');
  if (link) lines.push(`<${link}>`, '');
  for (const m of visiblePath(row.chat.history)) {
    // Imported messages may carry any JSON in role, model and content: only strings are shown.
    const role = str(m.role) || 'message';
    const model = str(m.modelName) || str(m.model);
    const who = role === 'user' ? 'User' : role === 'assistant' ? `Assistant${model ? ` (${model})` : ''}` : role.charAt(0).toUpperCase() + role.slice(1);
    lines.push(`## ${who}`, '', (str(m.content) ?? '').trim(), '');
  }
  return lines.join('\n');
}
