// Message markdown to safe HTML: marked (GFM), code through the shiki highlighter, then an allowlist sanitizer.
import { randomBytes } from 'node:crypto';
import { Marked, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { highlightCode, resolveLanguage } from './highlight';
import { escapeHtml } from './escape';
import { overBudget } from './budget';
import { plainMessageHtml } from './plain';
import { tm } from '../i18n/markers';


function makeMarked(breaks: boolean): Marked {
  return new Marked({
    gfm: true,
    breaks,
    async: false,
    renderer: {
      // Code blocks are highlighted apart and put back after sanitizing: shiki escapes the code itself, and keeping
      // thousands of token spans out of the sanitizer halves the render time of code-heavy chats.
      code({ text, lang }: Tokens.Code) {
        const language = resolveLanguage(lang);
        const label = (lang ?? '').trim().split(/\s+/)[0] || (language === 'text' ? 'text' : language);
        const html = `<div class="codeblock"><div class="codeblock-head"><span class="lang">${escapeHtml(label.slice(0, 30))}</span><button type="button" class="copy" data-copy>${tm('viewer.copy')}</button></div>${highlightCode(text.replace(/\n$/, ''), lang)}</div>`;
        return `<p>${codeSlot(html)}</p>`;
      },
      // The page owns h1 and h2; message headings start at h3 so the outline stays right.
      heading({ tokens, depth }: Tokens.Heading) {
        const level = Math.min(depth + 2, 6);
        return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
      },
      // Remote images would track viewers and break the share pages' CSP: they become plain links.
      image({ href, text }: Tokens.Image) {
        return `<a href="${escapeHtml(href ?? '')}" class="image-link">${escapeHtml(text || 'image')}</a>`;
      },
    },
  });
}

// Placeholders for highlighted code while the sanitizer runs; the nonce makes them impossible to forge from chat text.
let pending: string[] = [];
let nonce = '';
const codeSlot = (html: string) => `@@cs-code-${nonce}-${pending.push(html) - 1}@@`;

const prose = makeMarked(false);
const userProse = makeMarked(true);

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'h3', 'h4', 'h5', 'h6', 'strong', 'b', 'em', 'i', 'u', 's', 'del', 'ins', 'mark', 'small', 'sub', 'sup', 'kbd', 'abbr',
  'blockquote', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'a', 'code', 'pre', 'span', 'div', 'details', 'summary',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'input',
];

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: {
    a: ['href', 'title', 'class', 'rel', 'target'],
    ol: ['start'],
    th: ['align', 'colspan', 'rowspan'],
    td: ['align', 'colspan', 'rowspan'],
    code: ['class'],
    input: ['type', 'checked', 'disabled'],
    details: ['open'],
    abbr: ['title'],
  },
  allowedClasses: {
    a: ['image-link'],
    code: ['language-*'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow ugc', target: '_blank' } }),
    // Only GFM task-list checkboxes survive as inputs, and they are read-only.
    input: (tagName, attribs) => (attribs.type === 'checkbox'
      ? { tagName, attribs: { type: 'checkbox', disabled: '', ...(attribs.checked !== undefined ? { checked: '' } : {}) } }
      : { tagName: 'span', attribs: {} }),
  },
};

export function sanitize(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

/**
 * Markdown from a message to sanitized HTML. With `breaks`, single newlines stay line breaks (every message, as Open WebUI and ChatGPT show them). A message over the render budget,
 * or one marked or the sanitizer fails on (a RangeError from a stack overflow, say), is shown as text with a note.
 */
export function renderMarkdown(text: string, opts: { breaks?: boolean; plain?: boolean } = {}): string {
  const md = typeof text === 'string' ? text : '';
  if (opts.plain) return plainMessageHtml(md, null);
  const reason = overBudget(md);
  if (reason) return plainMessageHtml(md, reason);
  try {
    return formatMarkdown(md, !!opts.breaks);
  } catch {
    return plainMessageHtml(md, 'error');
  } finally {
    pending = [];
  }
}

function formatMarkdown(text: string, breaks: boolean): string {
  pending = [];
  nonce = randomBytes(6).toString('hex');
  const raw = (breaks ? userProse : prose).parse(text) as string;
  const blocks = pending;
  pending = [];
  const safe = sanitize(raw);
  if (!blocks.length) return safe;
  return safe.replace(new RegExp(`<p>@@cs-code-${nonce}-(\\d+)@@</p>`, 'g'), (_, i: string) => blocks[Number(i)] ?? '');
}
