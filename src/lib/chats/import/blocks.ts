// Pieces of imported message content: what another app showed apart (reasoning, tool calls, attachments, images)
// written into the Markdown of an Open WebUI message, collapsed where Open WebUI collapses it (<details>, with
// type="reasoning" as Open WebUI writes reasoning; tool calls as plain <details>, since Open WebUI draws its own
// type="tool_calls" blocks from attributes we do not have) and visible where something could not come along.
import { t, type Locale, type Values } from '../../i18n/index';
import { escapeHtml } from '../../render/escape';
import { deriveColumns, toSeconds } from '../format';
import type { ChatJson, Message } from '../types';
import type { NewChat } from '../store';

/** Labels in the importing person's language: the notes become part of the stored chat. */
export type Label = (key: string, values?: Values) => string;
export const labels = (locale: Locale): Label => (key, values) => t(locale, `imported.${key}`, values);

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A fenced code block that no backtick run inside `text` can close. */
export function fence(text: string, lang = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${lang.replace(/[^\w+#.-]/g, '').slice(0, 30)}\n${text.replace(/\n$/, '')}\n${ticks}`;
}

/** A closing tag inside the text would end the block early: it is written as text. */
const inner = (md: string) => md.replace(/<\/details/gi, '&lt;/details');

/** A collapsed block; `body` is Markdown (blank lines around it so it renders as Markdown inside). */
export function collapsed(summary: string, body: string, type?: 'reasoning'): string {
  const attrs = type ? ` type="${type}" done="true"` : '';
  return `<details${attrs}>\n<summary>${escapeHtml(summary.replace(/\s+/g, ' ').trim().slice(0, 200))}</summary>\n\n${inner(body.trim())}\n\n</details>`;
}

/** A visible note (something that did not come along). */
export const note = (text: string): string => `> _${escapeHtml(text.replace(/\s+/g, ' ').trim())}_`;

/** Any value as readable text: strings as they are, the rest as indented JSON. */
export function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v, null, 2) ?? '';
  } catch {
    return String(v);
  }
}

/** A message of a linear (or parent-linked) conversation, before it becomes an Open WebUI message. */
export interface Turn {
  id: string;
  parentId?: string | null;
  role: 'user' | 'assistant';
  content: string;
  timestamp?: number;
  model?: string;
  modelName?: string;
}

/**
 * Turns in order as an Open WebUI chat. A turn whose `parentId` names an earlier turn hangs there (a branch); otherwise
 * it follows the turn before it. The last turn is the one shown. Untitled, the chat is named by its first question.
 */
export function chatFromTurns(turns: Turn[], title: string, fallbackTitle: string, created?: number, updated?: number, models: string[] = []): NewChat {
  const messages: Record<string, Message> = Object.create(null);
  let previous: string | null = null;
  let currentId: string | null = null;
  for (const turn of turns) {
    let id = turn.id;
    for (let n = 2; id in messages; n++) id = `${turn.id}-${n}`;
    const parentId = turn.parentId && turn.parentId in messages ? turn.parentId : previous;
    messages[id] = {
      id, parentId, childrenIds: [], role: turn.role, content: turn.content,
      ...(turn.timestamp ? { timestamp: turn.timestamp } : {}),
      ...(turn.role === 'assistant' ? { model: turn.model ?? 'assistant', modelName: turn.modelName ?? turn.model ?? 'Assistant' } : {}),
    };
    if (parentId) messages[parentId]!.childrenIds.push(id);
    previous = currentId = id;
  }
  const history = { currentId, messages: { ...messages } };
  const path: Message[] = [];
  for (let id: string | null = currentId; id; id = messages[id]!.parentId) path.unshift(messages[id]!);
  const firstLine = path.find((m) => m.role === 'user')?.content.trim().split('\n')[0]!.slice(0, 80);
  title = title.trim() || firstLine || fallbackTitle;
  const chat: ChatJson = {
    id: '', title, models, params: {}, history, messages: path, tags: [], files: [],
    timestamp: (created ?? Math.floor(Date.now() / 1000)) * 1000,
  };
  return { title: deriveColumns(chat, title).title, chat, models: [], created_at: created, updated_at: updated ?? created };
}

/** An ISO date, seconds, milliseconds, or Mongo's {$date: {$numberLong}} (Grok) as seconds. */
export function anyTime(v: unknown): number | undefined {
  if (v && typeof v === 'object') {
    const d = (v as Record<string, unknown>).$date;
    if (d && typeof d === 'object') return anyTime((d as Record<string, unknown>).$numberLong);
    return anyTime(d);
  }
  if (typeof v === 'string' && v.trim() && Number.isNaN(Number(v))) {
    const ms = Date.parse(v);
    return Number.isFinite(ms) && ms > 0 ? Math.floor(ms / 1000) : undefined;
  }
  return toSeconds(v);
}
