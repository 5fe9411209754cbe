// A chat (and the branch to show) to HTML: used by the library now and by share artifacts; a pure function of its input.
import { renderMarkdown } from './markdown';
import { escapeHtml } from './escape';
import { plainNoteHtml } from './plain';
import { PATH_MARKER, tm } from '../i18n/markers';
import { fileContentUrl, fileIdOfUrl } from '../files/sniff';
import { isObject } from '../chats/tree';
import { withHighlightBudget } from './highlight';
import { toSeconds } from '../chats/format';
import { siblingIds, visiblePath } from '../chats/tree';
import { messageAnchor } from './anchor';
import type { ChatJson, Message } from '../chats/types';

export interface RenderOptions {
  /** The leaf of the branch to show; default history.currentId. */
  leafId?: string;
  /**
   * Where the < n/m > switcher posts `message_id` to pick another branch; without it no switcher is rendered (share
   * pages). A form, not a link: the choice is saved as history.currentId, and a GET must not write.
   */
  branchAction?: string;
  /** Every message as escaped text, with one note on top: the linear fallback when formatting ran out of time. */
  plain?: boolean;
  /** A link to the message in its header (share pages): `#m-<anchor>`, which viewer.js turns into "Copy link to this message". */
  messageLinks?: boolean;
  /**
   * A share with all branches (issue 17.4): the < n/m > switcher as plain links to `?b=<anchor>` (relative, so they follow
   * the link's id), which serve the path through that message. Read-only: nothing is saved.
   */
  branchLinks?: boolean;
  /**
   * The owner's library page: kept images at their owner URL (/api/v1/files/{id}/content). Otherwise (share pages) at
   * the share's own URL, `<!--cs:path-->/files/{id}`, the path filled at view time, behind the share's gate.
   */
  ownerFiles?: boolean;
}

export { escapeHtml };

const ICON_PREV = '<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true"><path d="M15 18l-6-6 6-6" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/></svg>';
const ICON_LINK = '<svg viewBox="0 0 24 24" width="15" height="15" aria-hidden="true"><path d="M10 14a4.5 4.5 0 0 0 6.4 0l3-3a4.5 4.5 0 0 0-6.4-6.4l-1.2 1.2M14 10a4.5 4.5 0 0 0-6.4 0l-3 3a4.5 4.5 0 0 0 6.4 6.4l1.2-1.2" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/></svg>';
const ICON_NEXT = '<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true"><path d="M9 18l6-6-6-6" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/></svg>';

function timeHtml(ts: unknown): string {
  const n = toSeconds(ts);
  if (!n) return '';
  const d = new Date(n * 1000);
  if (Number.isNaN(d.getTime())) return '';
  return `<time datetime="${d.toISOString()}">${escapeHtml(d.toISOString().slice(0, 16).replace('T', ' '))} UTC</time>`;
}

export const modelOf = (m: Message): string | null => {
  const name = typeof m.modelName === 'string' && m.modelName ? m.modelName : typeof m.model === 'string' && m.model ? m.model : null;
  return name ? name.slice(0, 80) : null;
};

const ICON_SHARE = '<svg viewBox="0 0 24 24" width="15" height="15" aria-hidden="true"><path d="M4 12v7a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-7M16 6l-4-4-4 4M12 2v13" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/></svg>';

function branchNav(chat: ChatJson, m: Message, action: string): string {
  const ids = siblingIds(chat.history, m);
  if (ids.length < 2) return '';
  const i = ids.indexOf(m.id);
  const button = (id: string | undefined, label: string, icon: string) => (id
    ? `<button type="submit" name="message_id" value="${escapeHtml(id)}" aria-label="${label}">${icon}</button>`
    : `<button type="button" disabled aria-label="${label}">${icon}</button>`);
  return `<form class="branch" method="post" action="${escapeHtml(action)}" aria-label="${tm('viewer.responseOf', { n: i + 1, total: ids.length })}">`
    + `${button(ids[i - 1], tm('viewer.previousResponse'), ICON_PREV)}<span>${i + 1}/${ids.length}</span>${button(ids[i + 1], tm('viewer.nextResponse'), ICON_NEXT)}</form>`;
}

/**
 * A share page's switcher between a message and its alternatives (`ids`, the message at `index`): links, no form, so it
 * works without script; each opens the alternative's path scrolled to it.
 */
export function branchLinksHtml(ids: readonly string[], index: number): string {
  if (ids.length < 2 || index < 0) return '';
  const link = (id: string | undefined, label: string, icon: string) => {
    if (id === undefined) return `<span class="branch-off" aria-hidden="true">${icon}</span>`;
    const a = messageAnchor(id);
    return `<a href="?b=${a}#m-${a}" rel="nofollow" aria-label="${label}" title="${label}">${icon}</a>`;
  };
  return `<nav class="branch" aria-label="${tm('viewer.responseOf', { n: index + 1, total: ids.length })}">`
    + `${link(ids[index - 1], tm('viewer.previousResponse'), ICON_PREV)}<span>${index + 1}/${ids.length}</span>${link(ids[index + 1], tm('viewer.nextResponse'), ICON_NEXT)}</nav>`;
}

/** A message's kept images (Open WebUI's `files`, type image, at one of our file URLs; other URLs are not shown). */
function filesHtml(m: Message, ownerFiles?: boolean): string {
  if (!Array.isArray(m.files)) return '';
  const out: string[] = [];
  for (const f of m.files as unknown[]) {
    const id = isObject(f) && f.type === 'image' ? fileIdOfUrl(f.url) : null;
    if (!id || out.length >= 50) continue;
    const name = isObject(f) && typeof f.name === 'string' ? f.name.slice(0, 200) : '';
    const src = ownerFiles ? fileContentUrl(id) : `${PATH_MARKER}/files/${id}`;
    out.push(`<a class="msg-image" href="${src}" target="_blank"><img src="${src}" alt="${escapeHtml(name)}" loading="lazy" decoding="async"></a>`);
  }
  return out.length ? `<div class="msg-files">${out.join('')}</div>` : '';
}

function messageHtml(chat: ChatJson | null, m: Message, opts: RenderOptions): string {
  const role = m.role === 'user' ? 'user' : m.role === 'assistant' ? 'assistant' : 'system';
  const model = role === 'assistant' ? modelOf(m) : null;
  // Role names are markers (the artifact stays language-neutral); a model's own name is shown as it is.
  const who = role === 'user' ? tm('viewer.roleUser') : role === 'assistant' && model ? escapeHtml(model) : tm(role === 'assistant' ? 'viewer.roleAssistant' : 'viewer.roleSystem');
  const initial = escapeHtml([...(role === 'assistant' && model ? model : role).replace(/^[^\p{L}\p{N}]+/u, '')][0]?.toUpperCase() ?? '?');
  const body = renderMarkdown(typeof m.content === 'string' ? m.content : '', { breaks: true, plain: opts.plain });
  const files = filesHtml(m, opts.ownerFiles);
  const nav = chat && opts.branchAction ? branchNav(chat, m, opts.branchAction)
    : chat && opts.branchLinks ? branchLinksHtml(siblingIds(chat.history, m), siblingIds(chat.history, m).indexOf(m.id)) : '';
  // The anchor is URL- and id-safe whatever the imported id was (anchor.ts); it stays the same across live updates.
  const anchor = messageAnchor(m.id);
  // Without script a plain link to the message (the address bar then has it); viewer.js makes it copy the link.
  const link = opts.messageLinks
    ? `<a class="msg-link" href="#m-${anchor}" data-msg-link="${anchor}" aria-label="${tm('viewer.messageLink')}" title="${tm('viewer.messageLink')}">${ICON_LINK}<span class="msg-link-tip" aria-hidden="true"></span></a>`
    : '';
  // The library page (the one with branch switchers) offers Gemini's "share this prompt and response" on each prompt:
  // chat.ts opens Share Chat with that part chosen (issue 17.4).
  const sharePair = chat && opts.branchAction && role === 'user'
    ? `<button type="button" class="msg-link msg-share" data-share-pair="${escapeHtml(String(m.id))}" aria-label="${tm('viewer.sharePair')}" title="${tm('viewer.sharePair')}">${ICON_SHARE}</button>`
    : '';
  // The library's branch switcher finds the switched message again by its id (it cannot hash one in the browser).
  const idAttr = nav && opts.branchAction ? ` data-message-id="${escapeHtml(String(m.id))}"` : '';
  return `<article class="msg msg-${role}" id="m-${anchor}"${idAttr}>`
    + `<div class="msg-avatar" aria-hidden="true">${initial}</div>`
    + `<div class="msg-main"><header class="msg-head"><span class="msg-who">${who}</span>${timeHtml(m.timestamp)}${link}${sharePair}</header>`
    + `${files}<div class="msg-body prose">${body || (files ? '' : `<p class="muted"><em>${tm('viewer.emptyMessage')}</em></p>`)}</div>${nav}</div></article>`;
}

/** The conversation's HTML: one <article class="msg"> per message on the visible path. */
export function renderConversation(chat: ChatJson, opts: RenderOptions = {}): string {
  return withHighlightBudget(() => conversationHtml(chat, opts));
}

function conversationHtml(chat: ChatJson, opts: RenderOptions): string {
  const path = visiblePath(chat.history, opts.leafId);
  if (!path.length) return `<p class="empty-chat muted">${tm('viewer.noMessages')}</p>`;
  const parts: string[] = opts.plain ? [plainNoteHtml('timeout')] : [];
  const system = systemPromptHtml(chat.system, opts.plain);
  if (system) parts.push(system);
  for (const m of path) parts.push(messageHtml(chat, m, opts));
  return parts.join('\n');
}

/** The system prompt, folded; '' when the chat has none. */
export function systemPromptHtml(system: unknown, plain?: boolean): string {
  if (typeof system !== 'string' || !system.trim()) return '';
  return `<details class="system-prompt"><summary>${tm('viewer.systemPrompt')}</summary><div class="prose">${renderMarkdown(system, { breaks: true, plain })}</div></details>`;
}

/**
 * Messages of a share, each on its own (no branch switchers): the fragments share pages are assembled from, so a new
 * version of a live chat renders only the messages that changed. One highlighting budget for the batch.
 */
export function renderMessageFragments(messages: Message[], opts: { plain?: boolean } = {}): string[] {
  return withHighlightBudget(() => messages.map((m) => messageHtml(null, m, { ...opts, messageLinks: true })));
}

// Enough of a first message for a 200-character summary; bounds the work on a hostile one.
const SUMMARY_SOURCE_CHARS = 20_000;

/** Drops ```-delimited code. indexOf, where a lazy regex would rescan the rest of the text from every unclosed ```. */
function withoutFences(md: string): string {
  let out = '';
  for (let from = 0; ;) {
    const open = md.indexOf('```', from);
    const close = open < 0 ? -1 : md.indexOf('```', open + 3);
    if (close < 0) return out + md.slice(from);
    out += `${md.slice(from, open)} `;
    from = close + 3;
  }
}

// Each pattern stops at the next opener of its kind, so no start rescans another's text: linear, not quadratic.
const plain = (md: string) => withoutFences(md.slice(0, SUMMARY_SOURCE_CHARS))
  .replace(/<[^<>]+>/g, ' ')
  .replace(/!?\[([^[\]]*)\]\([^()]*\)/g, '$1')
  .replace(/[`*_#>~|]+/g, ' ')
  .replace(/\s+/g, ' ')
  .trim();

/** A message's text as plain text for a preview (no markup, no code blocks), in at most `max` characters. */
export function plainExcerpt(md: unknown, max: number): string {
  const text = typeof md === 'string' ? plain(md) : '';
  return text.length > max ? `${text.slice(0, max - 1).replace(/\s+\S*$/, '')}…` : text;
}

export interface ChatSummary { firstQuestion: string; models: string[]; messageCount: number }

/** What previews show: the first question as plain text, the models used, and the message count. */
export function summarize(chat: ChatJson): ChatSummary {
  const path = visiblePath(chat.history);
  const first = path.find((m) => m.role === 'user' && typeof m.content === 'string' && plain(m.content));
  let text = first ? plain(first.content) : '';
  if (text.length > 200) text = `${text.slice(0, 197).replace(/\s+\S*$/, '')}…`;
  const fromPath = path.map(modelOf).filter((x): x is string => !!x);
  const fromChat = Array.isArray(chat.models) ? chat.models.filter((x): x is string => typeof x === 'string') : [];
  return { firstQuestion: text, models: [...new Set(fromPath.length ? fromPath : fromChat)].slice(0, 8), messageCount: path.length };
}
