// Gemini's Google Takeout (My Activity/Gemini Apps/MyActivity.json): an array of activity entries, one per prompt,
// with the answer as HTML (safeHtmlItem) and no conversation id. Entries are grouped into chats by time: in time
// order, a new chat starts when more than 30 minutes passed since the previous prompt. Activity that is not a prompt
// (no answer, a title other than "Prompted ...") is left out of the chats and listed as not imported, with its title.
import { isObject } from '../tree';
import { anyTime, chatFromTurns, fence, note, str, type Label, type Turn } from './blocks';
import type { NewChat } from '../store';

export const GEMINI_GAP_SECONDS = 30 * 60;
const HEADERS = new Set(['Gemini Apps', 'Bard']);

export const isGeminiEntry = (e: unknown): boolean =>
  isObject(e) && (HEADERS.has(str(e.header) ?? '') || (Array.isArray(e.products) && e.products.some((p) => HEADERS.has(p))));

const answerHtml = (e: Record<string, unknown>): string =>
  (Array.isArray(e.safeHtmlItem) ? e.safeHtmlItem : []).map((h) => (isObject(h) ? str(h.html) ?? '' : '')).join('\n');

const PROMPTED = /^(Prompted|Asked)\s+/;
const isPrompt = (e: Record<string, unknown>) => PROMPTED.test(str(e.title) ?? '') || !!answerHtml(e).trim();

/** A Takeout array as items: prompts grouped into `{gemini_activity: [...]}` chats, other entries left as they are. */
export function groupGemini(entries: unknown[]): unknown[] {
  const prompts = entries.filter((e): e is Record<string, unknown> => isGeminiEntry(e) && isPrompt(e as Record<string, unknown>))
    .map((e, i) => ({ e, i, at: anyTime(e.time) ?? 0 }))
    .sort((a, b) => a.at - b.at || a.i - b.i);
  const out: unknown[] = [];
  let group: Record<string, unknown>[] = [];
  let last = -Infinity;
  for (const { e, at } of prompts) {
    if (group.length && at - last > GEMINI_GAP_SECONDS) {
      out.push({ gemini_activity: group });
      group = [];
    }
    group.push(e);
    last = at;
  }
  if (group.length) out.push({ gemini_activity: group });
  for (const e of entries) if (!(isGeminiEntry(e) && isPrompt(e as Record<string, unknown>))) out.push(e);
  return out;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };
const decode = (s: string) => s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
  if (e[0] === '#') {
    const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
    return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : m;
  }
  return ENTITIES[e.toLowerCase()] ?? m;
});

/** Takeout's answer HTML as Markdown: paragraphs, headings, lists, emphasis, links, code; other tags leave their text. */
export function htmlToMarkdown(html: string): string {
  const codes: string[] = [];
  const slot = (md: string) => `\u0000${codes.push(md) - 1}\u0000`;
  let s = html.replace(/<pre[^>]*>([\s\S]*?)<\/pre>/gi, (_, body: string) => {
    const lang = /class="[^"]*language-([\w+#-]+)/i.exec(body)?.[1] ?? '';
    return `\n\n${slot(fence(decode(body.replace(/<[^>]+>/g, '')), lang))}\n\n`;
  });
  s = s.replace(/<code[^>]*>([\s\S]*?)<\/code>/gi, (_, body: string) => slot('`' + decode(body.replace(/<[^>]+>/g, '')).replace(/`/g, 'ˋ') + '`'))
    .replace(/<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_, href: string, text: string) => `[${text}](${decode(href)})`)
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<h([1-6])[^>]*>/gi, (_, n: string) => `\n\n${'#'.repeat(Math.min(Number(n) + 2, 6))} `)
    .replace(/<li[^>]*>/gi, '\n- ')
    .replace(/<\/?(strong|b)>/gi, '**')
    .replace(/<\/?(em|i)>/gi, '_')
    .replace(/<\/(p|div|h[1-6]|ul|ol|table|tr|blockquote)>/gi, '\n\n')
    .replace(/<\/t[dh]>/gi, ' | ')
    .replace(/<[^>]+>/g, '');
  s = decode(s).replace(/\n{3,}/g, '\n\n').trim();
  return s.replace(/\u0000(\d+)\u0000/g, (_, i: string) => codes[Number(i)] ?? '');
}

export function fromGemini(entries: Record<string, unknown>[], label: Label): NewChat | null {
  const turns: Turn[] = [];
  entries.forEach((e, i) => {
    const at = anyTime(e.time);
    const prompt = (str(e.title) ?? '').replace(PROMPTED, '');
    const files = (Array.isArray(e.attachedFiles) ? e.attachedFiles : []).map((f) => note(label('fileNotIncluded', { name: String(f) })));
    if (str(e.imageFile)) files.push(note(label('imageNotIncludedNamed', { name: str(e.imageFile)! })));
    turns.push({ id: `gemini-${at ?? 0}-${i}-q`, role: 'user', content: [prompt, ...files].filter(Boolean).join('\n\n'), timestamp: at });
    const answer = htmlToMarkdown(answerHtml(e));
    if (answer) turns.push({ id: `gemini-${at ?? 0}-${i}-a`, role: 'assistant', content: answer, timestamp: at, model: 'gemini', modelName: 'Gemini' });
  });
  if (!turns.length) return null;
  const created = turns[0]!.timestamp;
  return chatFromTurns(turns, '', 'Gemini conversation', created, turns.at(-1)!.timestamp ?? created, ['gemini']);
}
