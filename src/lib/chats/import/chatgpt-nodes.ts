// A ChatGPT export node's message as Markdown, by what it is: text (citation markers U+E200…U+E201 made numbered links
// to their sources, or removed), images (a visible note: the archive's image files are not stored), code with its
// language, code output, canvas documents, web searches and tool calls (collapsed), reasoning (collapsed). An image's
// note is also named in `images` with its file id, so a ZIP import that finds the image replaces the note with it.
import { isObject } from '../tree';
import { asText, collapsed, fence, note, str, type Label } from './blocks';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (isObject(v) ? v : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Who wrote a node: the user, or (assistant and tool nodes alike) the assistant's turn; null for hidden/system nodes. */
export function gptRole(m: Obj): 'user' | 'assistant' | null {
  const role = str(obj(m.author).role);
  if (obj(m.metadata).is_visually_hidden_from_conversation) return null;
  return role === 'user' ? 'user' : role === 'assistant' || role === 'tool' ? 'assistant' : null;
}

/** Sources of citation markers in the text, from the message's content_references: each marker's numbered links. */
function citations(meta: Obj): Map<string, Array<{ url: string; title: string }>> {
  const refs = new Map<string, Array<{ url: string; title: string }>>();
  for (const r of list(meta.content_references).filter(isObject)) {
    const matched = str(r.matched_text);
    if (!matched) continue;
    const items = [...list(r.items), ...list(r.sources)].filter(isObject)
      .map((i) => ({ url: str(i.url) ?? '', title: str(i.title) ?? str(i.attribution) ?? '' }))
      .filter((i) => /^https?:\/\//.test(i.url));
    if (!items.length && str(r.url)) items.push({ url: str(r.url)!, title: str(r.title) ?? '' });
    refs.set(matched, items);
  }
  return refs;
}

const GONE = '\u0000';

/** Citation markers as numbered links ([1](url)), numbered by first use in the message; markers with no source go. */
export function resolveCitations(text: string, meta: Obj): string {
  if (!/[\ue200-\ue2ff]|【/.test(text)) return text;
  const refs = citations(meta);
  const numbers = new Map<string, number>();
  const link = (s: { url: string; title: string }) => {
    if (!numbers.has(s.url)) numbers.set(s.url, numbers.size + 1);
    return `[[${numbers.get(s.url)}]](${s.url}${s.title ? ` "${s.title.replace(/["\\]/g, '')}"` : ''})`;
  };
  const replace = (marker: string, body: string, before: string) => {
    const sources = refs.get(marker);
    if (sources?.length) return (/\s$/.test(before) ? '' : ' ') + sources.map(link).join(' ');
    const [kind, ...args] = body.split('\ue202');
    // An entity marker names a thing: its name stays in the text.
    if (kind === 'entity') {
      try {
        const e = JSON.parse(args[0] ?? '');
        if (Array.isArray(e) && typeof e[1] === 'string') return e[1];
      } catch { /* not JSON: dropped with the marker */ }
    }
    return GONE;
  };
  // A marker removed before punctuation takes the space before it along ("agree ." reads "agree.").
  return text
    .replace(/\ue200([^\ue200\ue201]*)\ue201/g, (m, body: string, at: number, all: string) => replace(m, body, all.charAt(at - 1)))
    .replace(/【[^】]{0,80}】/g, (m, at: number, all: string) => (refs.has(m) ? replace(m, '', all.charAt(at - 1)) : GONE))
    .replace(/[\ue200-\ue2ff]/g, '')
    .replace(/ ?\u0000+(?=[.,;:!?])/g, '')
    .replace(/\u0000/g, '');
}

/** An image a node names: the archive's file id (file-XXXX, file_XXXX) and the note written in its place. */
export interface ImageRef { fileId: string; note: string }

// file-service://file-XXXX (uploads, older DALL-E images) and sediment://file_XXXX (newer exports).
const POINTER = /^(?:file-service|sediment):\/\/(file[-_][A-Za-z0-9]{4,100})$/;

function imagePart(p: Obj, label: Label, images?: ImageRef[]): string {
  const dalle = obj(obj(p.metadata).dalle);
  const text = note(str(dalle.prompt) ? label('imageGenerated', { prompt: str(dalle.prompt)! }) : label('imageNotIncluded'));
  const fileId = POINTER.exec(str(p.asset_pointer) ?? '')?.[1];
  if (fileId) images?.push({ fileId, note: text });
  return text;
}

function partText(p: unknown, meta: Obj, label: Label, images?: ImageRef[]): string {
  if (typeof p === 'string') return resolveCitations(p, meta);
  if (!isObject(p)) return '';
  const type = str(p.content_type) ?? '';
  if (type === 'image_asset_pointer' || type.endsWith('image_asset_pointer')) return imagePart(p, label, images);
  if (type === 'audio_transcription' || typeof p.text === 'string') return str(p.text) ?? '';
  if (type === 'audio_asset_pointer' || type === 'real_time_user_audio_video_asset_pointer') return '';
  return collapsed(label('unknownBlock', { type: type || '?' }), fence(asText(p), 'json'));
}

/** A canvas call (canmore.*): a new document shown as a document (code documents as code); an edit, collapsed. */
function canvas(recipient: string, text: string, label: Label): string {
  let doc: Obj = {};
  try { doc = obj(JSON.parse(text)); } catch { /* shown as a tool call below */ }
  if (recipient.endsWith('create_textdoc') && typeof doc.content === 'string') {
    const name = str(doc.name) ?? 'document';
    const type = str(doc.type) ?? 'document';
    const body = type.startsWith('code/') ? fence(doc.content, type.slice(5)) : doc.content;
    return `**${label('document', { name })}**\n\n---\n\n${body}\n\n---`;
  }
  return collapsed(label(recipient.endsWith('update_textdoc') ? 'canvasEdit' : 'toolCall', { name: recipient }), fence(text, 'json'));
}

function searchQuery(text: string): string {
  try {
    const q = obj(JSON.parse(text));
    const queries = [...list(q.search_query), ...list(q.queries)].map((x) => (isObject(x) ? str(x.q) : str(x))).filter(Boolean);
    if (queries.length) return queries.join('; ');
    if (str(q.query) || str(q.q)) return str(q.query) ?? str(q.q)!;
  } catch { /* search("…") in older exports */ }
  return /search\((["'])(.*)\1/.exec(text)?.[2] ?? text.slice(0, 200);
}

/** Search results a tool node carries (metadata.search_result_groups), as a list of links. */
function searchResults(meta: Obj): string {
  const lines: string[] = [];
  for (const g of list(meta.search_result_groups).filter(isObject)) {
    for (const e of list(g.entries).filter(isObject)) {
      const url = str(e.url);
      if (url) lines.push(`- [${(str(e.title) || url).replace(/[[\]]/g, '')}](${url})`);
    }
  }
  return lines.join('\n');
}

/** The Markdown of a ChatGPT message node (empty when it shows nothing); the images it names are added to `images`. */
export function gptContent(m: Obj, label: Label, images?: ImageRef[]): string {
  const content = obj(m.content);
  const meta = obj(m.metadata);
  const type = str(content.content_type) ?? 'text';
  const text = str(content.text) ?? '';
  const recipient = str(m.recipient) ?? 'all';
  const author = obj(m.author);
  const tool = str(author.name) ?? 'tool';
  switch (type) {
    case 'code': {
      if (recipient.startsWith('canmore.')) return canvas(recipient, text, label);
      if (/^(web|browser)(\.|$)/.test(recipient)) return collapsed(label('search', { query: searchQuery(text) }), fence(text, 'json'));
      if (recipient === 'python' || recipient === 'all') {
        const lang = str(content.language);
        return fence(text, lang && lang !== 'unknown' ? lang : recipient === 'python' ? 'python' : '');
      }
      return collapsed(label('toolCall', { name: recipient }), fence(text, 'json'));
    }
    case 'execution_output': {
      const images = list(obj(meta.aggregate_result).messages).filter((x) => isObject(x) && x.message_type === 'image');
      return [collapsed(label('output'), fence(text)), ...images.map(() => note(label('imageNotIncluded')))].filter((p) => p.trim()).join('\n\n');
    }
    case 'thoughts': {
      const thoughts = list(content.thoughts).filter(isObject)
        .map((th) => [str(th.summary) ? `**${str(th.summary)}**` : '', str(th.content) ?? ''].filter(Boolean).join('\n\n'));
      const body = thoughts.join('\n\n');
      return body.trim() ? collapsed(label('reasoning'), body, 'reasoning') : '';
    }
    case 'reasoning_recap':
      return str(content.content) ? `_${str(content.content)!.replace(/[_*]/g, '')}_` : '';
    case 'tether_browsing_display': {
      const results = searchResults(meta) || str(content.result) || str(content.summary) || '';
      return results.trim() ? collapsed(label('searchResults'), results) : '';
    }
    case 'tether_quote':
      return collapsed(str(content.title) || str(content.domain) || label('searchResults'), `${str(content.url) ? `<${str(content.url)}>\n\n` : ''}${text}`);
    case 'system_error':
      return collapsed(label('toolError', { name: str(content.name) ?? tool }), fence(text));
    case 'text':
    case 'multimodal_text': {
      const parts = list(content.parts).map((p) => partText(p, meta, label, images)).filter((p) => p.trim());
      const body = parts.join('\n\n') || resolveCitations(text, meta);
      if (str(author.role) !== 'tool' || parts.some((p) => p.startsWith('> _'))) return body;
      // A tool's answer (a search's results, a plugin's reply): collapsed under the tool's name.
      const results = searchResults(meta);
      if (results) return collapsed(label('searchResults'), results);
      return body.trim() ? collapsed(label('toolResult', { name: tool }), body) : '';
    }
    default: {
      const body = str(content.text) ?? list(content.parts).map((p) => partText(p, meta, label)).join('\n\n');
      if (!body.trim() && !Object.keys(content).some((k) => k !== 'content_type')) return '';
      return collapsed(label('unknownBlock', { type }), fence(body.trim() ? body : asText(content), body.trim() ? '' : 'json'));
    }
  }
}
