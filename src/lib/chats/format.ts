// Export formats (Open WebUI, ChatGPT, claude.ai, Grok, Gemini Takeout; converters in ./import): parsing imports (with per-item rejection reasons) and exporting chats.
import { allMessages, isObject, normalizeChatJson, visiblePath } from './tree';
import { itemHash, sourceIdOf } from './fingerprint';
import type { ChatJson, ChatRow, Message } from './types';
import type { NewChat } from './store';
import { DEFAULT_LOCALE, type Locale } from '../i18n/locales';
import { labels } from './import/blocks';
import { fileIdOfUrl } from '../files/sniff';
import { fromChatGpt } from './import/chatgpt';
import { fromClaude, isClaudeConversation } from './import/claude';
import { fromGrok, isGrokConversation } from './import/grok';
import { fromGemini, groupGemini, isGeminiEntry } from './import/gemini';

/** Why an item cannot be imported or stored: a catalog message (api.reason_*), translated for whoever reads it. */
export interface Problem { key: string; values?: Record<string, string | number> }
const problem = (name: string, values?: Record<string, string | number>): Problem => ({ key: `api.reason_${name}`, values });
export interface Rejected { index: number; title?: string; reason: Problem }
/** A chat read from an import file: what to store, and where in the file it was. */
export interface ImportItem extends NewChat { index: number }

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const MAX_CHATS = 20_000;
/** A chat's title as stored (store.ts cuts it there too). */
const MAX_TITLE = 500;

/** Exports carry seconds, milliseconds or nanoseconds depending on the version: always store seconds. */
export function toSeconds(v: unknown): number | undefined {
  let n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() && !Number.isNaN(Number(v)) ? Number(v) : NaN;
  if (!Number.isFinite(n) || n <= 0) return undefined;
  while (n > 1e11) n /= 1000;
  return Math.floor(n);
}

export function deriveColumns(chat: ChatJson, fallbackTitle: string): { title: string; models: string[] } {
  const title = (str(chat.title)?.trim() || fallbackTitle).slice(0, MAX_TITLE);
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

/**
 * The items of an export: an Open WebUI export (rows, or `{chats: [...]}`), a single chat, a ChatGPT or claude.ai
 * `conversations.json` (an array), Grok's `{conversations: [...]}`, or Gemini's Takeout activity (grouped into chats).
 */
export function importItems(data: unknown): unknown[] {
  if (Array.isArray(data)) return data.some(isGeminiEntry) ? groupGemini(data) : data;
  return isObject(data) && Array.isArray(data.chats) ? data.chats
    : isObject(data) && Array.isArray(data.conversations) ? data.conversations
    : isObject(data) && (isObject(data.chat) || isObject(data.mapping) || isObject(data.history) || isClaudeConversation(data)) ? [data]
    : [];
}

function convert(item: Record<string, unknown>, locale: Locale): NewChat | Problem {
  const label = labels(locale);
  const orNone = (chat: NewChat | null) => chat ?? problem('noUsableMessages');
  if (isObject(item.mapping)) return orNone(fromChatGpt(item, label));
  if (isClaudeConversation(item)) return orNone(fromClaude(item, label));
  if (isGrokConversation(item)) return orNone(fromGrok(item, label));
  if (Array.isArray(item.gemini_activity)) return orNone(fromGemini(item.gemini_activity.filter(isObject), label));
  if (isGeminiEntry(item)) return problem('geminiNotAPrompt');
  if (isObject(item.chat) || 'history' in item || 'messages' in item) return fromOpenWebUI(item);
  return 'mapping' in item ? problem('mappingNotObject') : problem('unknownFormat');
}

/** One export item as a chat to store, or why it cannot be. Notes written into messages are in `locale`. */
export function parseItem(item: unknown, index: number, locale: Locale = DEFAULT_LOCALE): ImportItem | Rejected {
  if (!isObject(item)) return { index, reason: problem('notAChat') };
  // Titles are cut as stored here, where the item is read: the answer lists every title of the file, and a ZIP's files
  // (1 GiB in all) could otherwise send a title of hundreds of MB each to the request thread and into the answer.
  const title = (str(item.title) ?? str(item.name) ?? (isObject(item.conversation) ? str(item.conversation.title) : undefined))?.slice(0, MAX_TITLE);
  let result: NewChat | Problem;
  try {
    result = convert(item, locale);
  } catch {
    // A field a converter turns into text may be an object that cannot be ({"toString": 1}): this item is refused, not
    // the file (its earlier batches are stored already).
    result = problem('unreadable');
  }
  if ('key' in result) return { index, title, reason: result };
  return { ...result, title: result.title.slice(0, MAX_TITLE), index, source_id: sourceIdOf(item), content_hash: itemHash(item) };
}

export const isRejected = (r: ImportItem | Rejected): r is Rejected => 'reason' in r;

/** Past the import's chat limit: the one line that says the rest of the file was left out. */
export const tooManyRejection = (): Rejected => ({ index: MAX_CHATS, reason: problem('tooMany', { max: MAX_CHATS }) });
export { MAX_CHATS as MAX_IMPORT_CHATS };

/** Accepts every export importItems knows. */
export function parseImport(data: unknown, locale: Locale = DEFAULT_LOCALE): { chats: ImportItem[]; rejected: Rejected[] } {
  const items = importItems(data);
  const chats: ImportItem[] = [];
  const rejected: Rejected[] = [];
  items.slice(0, MAX_CHATS).forEach((item, index) => {
    const r = parseItem(item, index, locale);
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

/** A message's kept images as Markdown images (the file name as alt text; our own URLs only, as pages show them). */
function markdownImages(m: Message, imageUrl: (fileId: string) => string): string[] {
  if (!Array.isArray(m.files)) return [];
  const out: string[] = [];
  for (const f of m.files as unknown[]) {
    const id = isObject(f) && f.type === 'image' ? fileIdOfUrl(f.url) : null;
    if (!id) continue;
    const name = isObject(f) && typeof f.name === 'string' ? f.name.slice(0, 200) : '';
    const alt = name.replace(/\s+/g, ' ').replace(/[\\[\]]/g, (c) => `\\${c}`);
    // Parentheses and spaces would end the destination early (encodeURIComponent leaves parentheses alone).
    out.push(`![${alt}](${imageUrl(id).replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})`);
  }
  return out;
}

/** The visible conversation as Markdown: a heading per turn, message text as written. */
/**
 * `link`: the share link a reader downloaded it from (issue 18), written under the title with the date. `imageUrl`: where
 * a reader loads a kept image (by file id), shown as a Markdown image above its message's text; without it, none.
 */
export function toMarkdown(row: Pick<ChatRow, 'title' | 'chat' | 'created_at'>, link?: string, imageUrl?: (fileId: string) => string): string {
  const lines = [`# ${row.title}`, ''];
  const models = deriveColumns(row.chat, row.title).models;
  lines.push(`_${new Date(row.created_at * 1000).toISOString().slice(0, 10)}${models.length ? ` · ${models.join(', ')}` : ''}_`, '');
  if (link) lines.push(`<${link}>`, '');
  for (const m of visiblePath(row.chat.history)) {
    // Imported messages may carry any JSON in role, model and content: only strings are shown.
    const role = str(m.role) || 'message';
    const model = str(m.modelName) || str(m.model);
    const who = role === 'user' ? 'User' : role === 'assistant' ? `Assistant${model ? ` (${model})` : ''}` : role.charAt(0).toUpperCase() + role.slice(1);
    lines.push(`## ${who}`, '');
    const images = imageUrl ? markdownImages(m, imageUrl) : [];
    if (images.length) lines.push(...images, '');
    lines.push((str(m.content) ?? '').trim(), '');
  }
  return lines.join('\n');
}
