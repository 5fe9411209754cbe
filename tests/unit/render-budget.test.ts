// The render budget: hostile markdown is shown as escaped plain text with a note, quickly; real chats render as before.
import { describe, expect, it, vi } from 'vitest';
import { BUDGET, measureMarkdown, overBudget } from '../../src/lib/render/budget';
import { renderMarkdown } from '../../src/lib/render/markdown';
import { renderConversation, summarize } from '../../src/lib/render/conversation';
import type { ChatJson, Message } from '../../src/lib/chats/types';

// A marked that fails like a stack overflow on one marker: the fallback for whatever the budget does not foresee.
vi.mock('marked', async (importOriginal) => {
  const real = await importOriginal<typeof import('marked')>();
  class Marked extends real.Marked {
    constructor(...args: never[]) {
      super(...args);
      const parse = this.parse;
      this.parse = ((src: string, opts?: object) => {
        if (src.includes('@@overflow@@')) throw new RangeError('Maximum call stack size exceeded');
        return parse(src, opts);
      }) as typeof parse;
    }
  }
  return { ...real, Marked };
});

const nestedList = (lines: number) => Array.from({ length: lines }, (_, i) => `${' '.repeat(2 * i)}- x`).join('\n');
const timed = <T>(fn: () => T): { value: T; ms: number } => {
  const t = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t };
};

// Each took seconds to minutes, gigabytes, or overflowed the stack (RangeError: a 500) before the budget.
const HOSTILE: Array<[string, string]> = [
  ['the issue\'s 2,000-line nested list (4 MB)', nestedList(2000)],
  ['a 700-deep nested list under the size limit', nestedList(700)],
  ["'>' x 2000", '>'.repeat(2000)],
  ["'*' x 3000", '*'.repeat(3000)],
  ["'* ' x 3000 (3,000 nested list items on one line)", `${'* '.repeat(3000)}x`],
  ['emphasis nested 1,500 deep', `${'**'.repeat(1500)}a${'**'.repeat(1500)}`],
  ['brackets nested 3,000 deep', `${'['.repeat(3000)}a${']'.repeat(3000)}`],
  ['unclosed emphasis openers in one paragraph', '*a *b* '.repeat(4000)],
  ['underscores inside one long word', 'a_'.repeat(20000)],
  ['code spans inside one long word', '$a`'.repeat(30000)],
  ['bare URLs with parentheses', 'www.a('.repeat(15000)],
  ['links run together', '[a](a)'.repeat(15000)],
  ['setext underlines, line after line', 'a\n-\n'.repeat(40000)],
  ['unclosed HTML tags', '<b>'.repeat(50000)],
  ['closing tags that close nothing', '<b></div>'.repeat(30000)],
  ['strong openers that a single * never closes', '*-\n**a'.repeat(20000)],
  ['rule-of-3 delimiters', ':*[a*] **a '.repeat(4000)],
  ['a list item with 10,000 lines of paragraph', `- a\n${'    b\n'.repeat(10000)}`],
  ['lazy lines continuing a quote', '*[a*]***\n> 1. x\n'.repeat(10000)],
  ['unclosed HTML comments', '}<!--'.repeat(20000)],
  ['unclosed processing instructions', '"<?'.repeat(30000)],
  ['escapes and strikethrough in one paragraph', '\\``</<-\n](</}'.repeat(10000) + '`*~\n'.repeat(10000)],
];

describe('hostile markdown is shown as escaped plain text with a note', () => {
  for (const [name, text] of HOSTILE) {
    it(name, () => {
      const payload = `<script>alert(1)</script>\n${text}`;
      const { value: html, ms } = timed(() => renderMarkdown(payload));
      expect(ms).toBeLessThan(2000);
      expect(overBudget(payload)).not.toBeNull();
      expect(html).toMatch(/^<p class="render-note"><!--cs:t:viewer\.plain_(size|depth|complex)--><\/p><div class="plain-text">/);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).not.toMatch(/<(ul|li|blockquote|em|strong|a|b|hr|script)\b/);
      // The text itself is all there, escaped.
      expect(html.length).toBeGreaterThanOrEqual(text.length);
    });
  }

  it('says why: nesting, or length', () => {
    expect(renderMarkdown('>'.repeat(2000))).toContain('<!--cs:t:viewer.plain_depth-->');
    expect(renderMarkdown('x'.repeat(BUDGET.maxChars + 1))).toContain('<!--cs:t:viewer.plain_size-->');
    expect(renderMarkdown('*a *b* '.repeat(4000))).toContain('<!--cs:t:viewer.plain_complex-->');
  });

  it('falls back when marked fails anyway (a RangeError from the stack), instead of failing the page', () => {
    const html = renderMarkdown('**bold** @@overflow@@ <img src=x onerror=alert(1)>');
    expect(html).toContain('<!--cs:t:viewer.plain_error-->');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<strong>');
    // The next message renders normally: no state is left behind by the failure.
    expect(renderMarkdown('**bold**')).toBe('<p><strong>bold</strong></p>\n');
  });
});

describe('real chats stay within the budget and render as before', () => {
  const deepOutline = Array.from({ length: 40 }, () => Array.from({ length: 10 }, (_, i) => `${' '.repeat(2 * i)}- point with **bold**, \`code\` and a [link](https://example.com/a_b)`).join('\n')).join('\n\n');
  const bigTable = `| **name** | *kind* | \`code\` | link |\n|---|:--|--:|---|\n${'| **x** | *y* | `z_1` | [w](https://e.com/v?a=1&b=2) |\n'.repeat(3000)}`;
  const yaml = `\`\`\`yaml\n${Array.from({ length: 400 }, (_, i) => `${' '.repeat(2 * (i % 40))}- key_${i}: [[1, [2, [3]]], "*a *b*"]`).join('\n')}\n\`\`\``;
  const python = `Run it:\n\n\`\`\`python\n${'>>> print(a[b[c[d]]], **kwargs, *args)  # ***\n'.repeat(2000)}\`\`\``;
  const inList = `1. Step one\n   \`\`\`bash\n${'   echo "$HOME" | grep -E "^a_b" > /dev/null && rm -rf ./x_*\n'.repeat(500)}   \`\`\`\n2. Step two`;
  const prose = 'Some **bold**, _italic_ and ~~struck~~ text with `code`, a [link](https://x.y/a_b) and (parens): snake_case_names too.\n\n'.repeat(2000);
  const longParagraph = 'A long paragraph with **bold** and *em* and `code` and https://example.com/path_to?q=1 links. '.repeat(600);
  const log = Array.from({ length: 3000 }, (_, i) => `2024-01-01T00:00:${i} [INFO] (worker-${i}) GET /api/v1/x?a=1&b=2 -> 200: ok`).join('\n');
  const mixed = '# Title\n\nSetext\n------\n\n> quoted **text**\n> > nested quote\n\n***\n\n- [x] done\n- [ ] todo\n\n<details><summary>More</summary>\n\nHidden *text*\n\n</details>\n\n' + '*'.repeat(80);

  const REAL: Array<[string, string, RegExp]> = [
    ['an outline nested 10 deep', deepOutline, /<ul>\s*<li>point with <strong>bold<\/strong>/],
    ['a 3,000-row table with formatting in every cell', bigTable, /<td><strong>x<\/strong><\/td>/],
    ['YAML with nested lists in a fence', yaml, /<pre class="shiki/],
    ['a Python session with >>> and ** in a fence', python, /<pre class="shiki/],
    ['a fence inside a list item', inList, /<ol>\s*<li>Step one/],
    ['200 KB of formatted prose', prose, /<del>struck<\/del>/],
    ['one 55 KB paragraph', longParagraph, /<em>em<\/em>/],
    ['a 3,000-line log pasted without a fence', log, /\[INFO\]/],
    ['headings, quotes, rules, task lists, details, an 80-star rule', mixed, /<blockquote>[\s\S]*<blockquote>/],
  ];
  for (const [name, text, expected] of REAL) {
    it(name, () => {
      expect(overBudget(text), JSON.stringify(measureMarkdown(text))).toBeNull();
      const html = renderMarkdown(text);
      expect(html).not.toContain('render-note');
      expect(html).toMatch(expected);
    });
  }
});

describe('the pre-scan', () => {
  it('is linear: 1 MB of any shape is measured in well under 2 seconds', () => {
    for (const unit of ['- x\n', '> '.repeat(40) + 'x\n', '*a *b* ', 'a_', '[a](a)', '```\n', 'x'.repeat(100) + '\n']) {
      const text = unit.repeat(Math.ceil(1_000_000 / unit.length));
      expect(timed(() => measureMarkdown(text)).ms, JSON.stringify(unit)).toBeLessThan(2000);
    }
  });

  it('skips fenced code, and nothing else: a fence that is never opened hides no markdown', () => {
    expect(measureMarkdown('```\n' + '>'.repeat(500) + '\n```').depth).toBe(0);
    expect(measureMarkdown('~~~~\n' + '*a *b* '.repeat(4000) + '\n~~~~').delimiterWork).toBe(0);
    // Indented 4 spaces at the top level: not a fence, so what follows is measured.
    expect(measureMarkdown('    ```\n' + '>'.repeat(500)).depth).toBe(500);
    // A fence inside a list item ends with the item.
    expect(measureMarkdown('- a\n  ```\n  code\nback out\n\n' + '>'.repeat(500)).depth).toBe(500);
  });

  it('counts list nesting by column, as CommonMark does', () => {
    expect(measureMarkdown('- a\n - b\n   - c').depth).toBe(2); // " - b" is a sibling of "- a", "   - c" is inside " - b"
    expect(measureMarkdown('1. a\n   1. b\n      1. c').depth).toBe(3);
    expect(measureMarkdown('> - > 1. x').depth).toBe(4);
    expect(measureMarkdown('- - -\n* * *').depth).toBe(0); // rules, not empty items
  });
});

const message = (id: string, parentId: string | null, role: string, content: string): Message => ({ id, parentId, childrenIds: [], role, content, timestamp: 1_700_000_000 });

function chatOf(contents: string[]): ChatJson {
  const messages: Record<string, Message> = {};
  let parent: string | null = null;
  contents.forEach((content, i) => {
    const id = `m${i}`;
    messages[id] = message(id, parent, i % 2 ? 'assistant' : 'user', content);
    if (parent) messages[parent]!.childrenIds.push(id);
    parent = id;
  });
  return { title: 'T', history: { currentId: parent, messages } };
}

describe('whole conversations', () => {
  it('renders the hostile messages as text and the others as usual', () => {
    const html = renderConversation(chatOf(['Hi **there**', '>'.repeat(2000), '- a\n  - b', '*'.repeat(3000)]));
    expect(html).toContain('<strong>there</strong>');
    expect(html).toMatch(/<ul>\s*<li>a/);
    expect(html.match(/class="render-note"/g)).toHaveLength(2);
  });

  it('all-plain mode (after a render timeout) shows every message as text, with one note, in linear time', () => {
    const chat = chatOf(['Hi **there**', nestedList(2000), '```js\nlet a = 1;\n```']);
    const { value: html, ms } = timed(() => renderConversation(chat, { plain: true }));
    expect(ms).toBeLessThan(2000);
    expect(html.match(/class="render-note"/g)).toHaveLength(1);
    expect(html).toContain('<!--cs:t:viewer.plain_timeout-->');
    expect(html).toContain('Hi **there**');
    expect(html).toContain('```js');
    expect(html).not.toMatch(/<(strong|ul|pre)\b/);
  });

  it('summarises a hostile first message in linear time', () => {
    for (const text of ['['.repeat(200_000), '```'.repeat(100_000), '<'.repeat(300_000), '[a]('.repeat(100_000)]) {
      const { value, ms } = timed(() => summarize(chatOf([text, 'answer'])));
      expect(ms, text.slice(0, 8)).toBeLessThan(2000);
      expect(value.firstQuestion.length).toBeLessThanOrEqual(200);
    }
  });
});
