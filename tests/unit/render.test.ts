// The renderer: markdown and highlighting in, nothing executable out, whatever a chat contains.
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/lib/render/markdown';
import { renderConversation, summarize } from '../../src/lib/render/conversation';
import fs from 'node:fs';
import { highlightCode } from '../../src/lib/render/highlight';
import type { ChatJson } from '../../src/lib/chats/types';
import { localizeMarkers } from '../../src/lib/i18n/localize';

const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">click</a>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '<svg onload=alert(1)><circle /></svg>',
  '<iframe src="https://evil.example"></iframe>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<details open ontoggle=alert(1)><summary>s</summary></details>',
  '<form action="https://evil.example"><button>go</button></form>',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '<a href="vbscript:msgbox(1)">v</a>',
  '[a](<javascript:alert(1)>)',
  '<object data="x.swf"></object><embed src="x">',
  '<style>body{display:none}</style>',
  '<meta http-equiv="refresh" content="0;url=https://evil.example">',
  '<base href="https://evil.example/">',
];

describe('renderMarkdown against XSS payloads', () => {
  for (const payload of PAYLOADS) {
    it(`neutralises ${payload.slice(0, 50)}`, () => {
      const html = renderMarkdown(payload);
      expect(html).not.toMatch(/<(script|iframe|object|embed|svg|math|form|style|meta|base)\b/i);
      expect(html).not.toMatch(/\son[a-z]+\s*=/i);
      expect(html).not.toMatch(/(href|src|action)\s*=\s*"?\s*(javascript|vbscript|data):/i);
      expect(html).not.toMatch(/\sstyle\s*=/i);
    });
  }

  it('keeps safe links and marks them noopener noreferrer nofollow', () => {
    const html = renderMarkdown('[docs](https://example.com/a?b=1)');
    expect(html).toContain('href="https://example.com/a?b=1"');
    expect(html).toContain('rel="noopener noreferrer nofollow ugc"');
  });

  it('renders GFM tables, task lists and strikethrough', () => {
    const html = renderMarkdown('| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n~~old~~');
    expect(html).toContain('<table>');
    expect(html).toMatch(/<input[^>]*type="checkbox"[^>]*disabled/);
    expect(html).toContain('<del>old</del>');
  });

  it('shifts message headings below the page title', () => {
    expect(renderMarkdown('# Big\n## Smaller')).toBe('<h3>Big</h3>\n<h4>Smaller</h4>\n');
  });

  it('turns remote images into links so viewers are not tracked', () => {
    const html = renderMarkdown('![cat](https://example.com/cat.png)');
    expect(html).not.toContain('<img');
    expect(html).toContain('href="https://example.com/cat.png"');
  });
});

describe('code highlighting', () => {
  it('highlights with colour classes, never inline styles', () => {
    const html = highlightCode('def f(x):\n    return x * 2', 'python');
    expect(html).toContain('class="shiki');
    expect(html).not.toContain('style=');
    expect(html).toMatch(/<span class="k">def<\/span>/);
  });

  it('every token class it emits has a rule in code.css', () => {
    const css = fs.readFileSync('public/styles/code.css', 'utf8');
    const samples = [['const x: number = f(1); // c', 'ts'], ['SELECT * FROM t WHERE a = \'x\';', 'sql'], ['echo "$HOME" | grep -i x', 'bash'], ['fn main() { println!("hi"); }', 'rust'], ['{"a": [1, true, null]}', 'json'], ['<div class="a">x</div>', 'html'], ['+ added\n- removed', 'diff'], ['# Title\n[link](https://x.y)', 'md']];
    const seen = new Set<string>();
    for (const [code, lang] of samples) {
      for (const m of highlightCode(code!, lang).matchAll(/<span class="([^"]+)"/g)) for (const cls of m[1]!.split(' ')) if (cls !== 'line') seen.add(cls);
    }
    expect(seen.size).toBeGreaterThan(4);
    for (const cls of seen) expect(css, cls).toContain(`.shiki .${cls} {`);
  });

  it('keeps highlighted code out of the sanitizer without letting chat text forge a slot', () => {
    const html = renderMarkdown('@@cs-code-000000000000-0@@\n\n```js\nlet a = "<b>";\n```');
    expect(html).toContain('@@cs-code-000000000000-0@@');
    expect(html).toMatch(/(&lt;|&#x3C;)b>/);
    expect(html).not.toContain('"<b>"');
    expect(html.match(/class="codeblock"/g)).toHaveLength(1);
  });

  it('shows unknown languages as escaped plain text', () => {
    const html = highlightCode('<b>x</b>', 'klingon');
    expect(html).toContain('&lt;b&gt;');
  });
});

const chat: ChatJson = {
  title: 'T', models: ['m'],
  history: {
    currentId: 'c2',
    messages: {
      q: { id: 'q', parentId: null, childrenIds: ['a1', 'a2'], role: 'user', content: 'Question **one**?', timestamp: 1_700_000_000 },
      a1: { id: 'a1', parentId: 'q', childrenIds: [], role: 'assistant', content: 'First answer', model: 'llama3' },
      a2: { id: 'a2', parentId: 'q', childrenIds: ['c2'], role: 'assistant', content: 'Second answer', model: 'llama3' },
      c2: { id: 'c2', parentId: 'a2', childrenIds: [], role: 'user', content: 'Thanks' },
    },
  },
};

describe('renderConversation', () => {
  it('shows the path to the current leaf with a branch switcher where answers were regenerated', () => {
    const html = renderConversation(chat, { branchAction: '/c/x/branch' });
    expect(html).toContain('Second answer');
    expect(html).not.toContain('First answer');
    expect(html).toContain('<span>2/2</span>');
    // A POST form that names the sibling to switch to: the choice is saved, and no GET ever writes.
    expect(html).toContain('<form class="branch" method="post" action="/c/x/branch"');
    // Words are markers until a language is chosen (the artifact stays language-neutral).
    const en = localizeMarkers(html, 'en');
    expect(en).toContain('name="message_id" value="a1" aria-label="Previous response"');
    expect(en).toMatch(/<button type="button" disabled aria-label="Next response">/);
    expect(en).toContain('aria-label="Response 2 of 2"');
    expect(localizeMarkers(html, 'fr')).toContain('aria-label="Réponse précédente"');
  });

  it('renders another branch on request, and no switcher without a form action (share pages)', () => {
    expect(renderConversation(chat, { leafId: 'a1' })).toContain('First answer');
    expect(renderConversation(chat)).not.toContain('class="branch"');
  });

  it('summarises the first question as plain text with the models', () => {
    expect(summarize(chat)).toEqual({ firstQuestion: 'Question one ?', models: ['llama3'], messageCount: 3 });
  });
});
