// Message markdown to safe HTML: marked (GFM), code through the shiki highlighter, then an allowlist sanitizer.
import { Marked, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { highlightCode, resolveLanguage } from './highlight';

const escapeText = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function makeMarked(breaks: boolean): Marked {
  return new Marked({
    gfm: true,
    breaks,
    async: false,
    renderer: {
      code({ text, lang }: Tokens.Code) {
        const language = resolveLanguage(lang);
        const label = (lang ?? '').trim().split(/\s+/)[0] || (language === 'text' ? 'text' : language);
        return `<div class="codeblock"><div class="codeblock-head"><span class="lang">${escapeText(label.slice(0, 30))}</span><button type="button" class="copy" data-copy>Copy</button></div>${highlightCode(text.replace(/\n$/, ''), lang)}</div>`;
      },
      // The page owns h1 and h2; message headings start at h3 so the outline stays right.
      heading({ tokens, depth }: Tokens.Heading) {
        const level = Math.min(depth + 2, 6);
        return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
      },
      // Remote images would track viewers and break the share pages' CSP: they become plain links.
      image({ href, text }: Tokens.Image) {
        return `<a href="${escapeText(href ?? '')}" class="image-link">${escapeText(text || 'image')}</a>`;
      },
    },
  });
}

const prose = makeMarked(false);
const userProse = makeMarked(true);

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'h3', 'h4', 'h5', 'h6', 'strong', 'b', 'em', 'i', 'u', 's', 'del', 'ins', 'mark', 'small', 'sub', 'sup', 'kbd', 'abbr',
  'blockquote', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'a', 'code', 'pre', 'span', 'div', 'button', 'details', 'summary',
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
    pre: ['class'],
    span: ['class'],
    div: ['class'],
    button: ['type', 'class', 'data-copy'],
    input: ['type', 'checked', 'disabled'],
    details: ['open'],
    abbr: ['title'],
  },
  allowedClasses: {
    pre: ['shiki', 'shiki-plain', 'shiki-themes', 'github-light', 'github-dark'],
    span: ['line', 'lang', 'sl-*', 'sd-*'],
    div: ['codeblock', 'codeblock-head'],
    button: ['copy'],
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
    // A button from chat content can do nothing, but only ours may look like a copy button.
    button: (tagName, attribs) => (attribs['data-copy'] !== undefined
      ? { tagName, attribs: { type: 'button', class: 'copy', 'data-copy': '' } as Record<string, string> }
      : { tagName: 'span', attribs: {} as Record<string, string> }),
  },
};

export function sanitize(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

/** Markdown from a message to sanitized HTML. User messages keep their line breaks. */
export function renderMarkdown(text: string, opts: { breaks?: boolean } = {}): string {
  const raw = (opts.breaks ? userProse : prose).parse(text ?? '') as string;
  return sanitize(raw);
}
