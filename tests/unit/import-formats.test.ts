// The other apps' exports (claude.ai, Grok, Gemini Takeout) and ChatGPT's newer node kinds, read from fixtures written
// from the formats' documented shapes: every piece ends up in the chat, collapsed or as a visible note.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseImport } from '../../src/lib/chats/format';
import { visiblePath } from '../../src/lib/chats/tree';
import { renderMarkdown } from '../../src/lib/render/markdown';
import type { ImportItem } from '../../src/lib/chats/format';

const fixture = (name: string) => JSON.parse(fs.readFileSync(`tests/fixtures/${name}`, 'utf8'));
const texts = (c: ImportItem) => visiblePath(c.chat.history).map((m) => [m.role, m.content] as const);

describe('claude.ai conversations.json', () => {
  const { chats, rejected } = parseImport(fixture('claude-conversations.json'));

  it('imports each conversation with content, keeping the empty one out with a reason', () => {
    expect(chats.map((c) => c.title)).toEqual(['Parsing CSV in Rust', 'Say hi']);
    expect(rejected).toEqual([{ index: 2, title: 'Empty', reason: { key: 'api.reason_noUsableMessages', values: undefined } }]);
    expect(chats[0]!.source_id).toBe('c1a2b3c4-0000-4000-8000-000000000001');
    expect(chats[0]!.created_at).toBe(Date.parse('2025-03-01T10:00:00Z') / 1000);
  });

  it('shows attachments, notes missing files, collapses thinking and tools, keeps unknown blocks', () => {
    const [[r1, user], [r2, answer]] = texts(chats[0]!);
    expect([r1, r2]).toEqual(['user', 'assistant']);
    expect(user).toContain('How do I parse this CSV?');
    expect(user).toMatch(/<summary>Attachment: data\.csv<\/summary>[\s\S]*1,Ada/);
    expect(user).toContain('File “screenshot.png” is not included in this export.');
    expect(answer).toMatch(/<details type="reasoning" done="true">\n<summary>Thinking<\/summary>\n\nThe user wants to parse CSV/);
    expect(answer).toMatch(/<details>\n<summary>Tool call: web_search<\/summary>[\s\S]*"query": "rust csv crate"/);
    expect(answer).toMatch(/<summary>Tool result: web_search<\/summary>[\s\S]*csv 1\.3/);
    expect(answer).toContain('csv::Reader::from_path');
    expect(answer).toContain('```\n\n[[1]](https://docs.rs/csv "csv - Rust")');
    expect(answer).toMatch(/<summary>Content of type “voice_note”<\/summary>[\s\S]*spoken words/);
    // Rendered, the reasoning is folded and the answer's code stays a code block.
    const html = renderMarkdown(answer, { breaks: true });
    expect(html).toMatch(/<details>\s*<summary>Thinking<\/summary>\s*<p>The user wants/);
    expect(html).toContain('class="codeblock"');
  });

  it('falls back on text when content is empty, and titles an untitled chat by its first line', () => {
    expect(texts(chats[1]!)).toEqual([['user', 'Say hi'], ['assistant', 'Hi!']]);
  });

  it('writes notes in the importing person\'s language', () => {
    const fr = parseImport(fixture('claude-conversations.json'), 'fr').chats[0]!;
    expect(texts(fr)[1]![1]).toContain('<summary>Réflexion</summary>');
  });
});

describe('Grok prod-grok-backend.json', () => {
  const { chats, rejected } = parseImport(fixture('grok-prod-grok-backend.json'));

  it('orders responses by time and hangs them under their parents', () => {
    expect(rejected).toEqual([]);
    expect(chats.map((c) => c.title)).toEqual(['Mars facts', 'ping']);
    const path = visiblePath(chats[0]!.chat.history);
    expect(path.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(path[0]!.content).toBe('How many moons does Mars have?');
    expect(path[1]!.content).toMatch(/<summary>Thinking<\/summary>[\s\S]*<summary>Search results<\/summary>[\s\S]*\[Mars - Wikipedia\]\(https:\/\/en\.wikipedia\.org\/wiki\/Mars\)[\s\S]*Phobos and Deimos/);
    expect(path[1]!.modelName).toBe('grok-3');
    expect(path[3]!.content).toContain('Image “users/u1/generated/abc/image.jpg” not included in this import.');
    expect(chats[0]!.source_id).toBe('g-conv-1');
    expect(path[0]!.timestamp).toBe(1739174400);
  });
});

describe('Gemini Takeout MyActivity.json', () => {
  const { chats, rejected } = parseImport(fixture('gemini-myactivity.json'));

  it('groups prompts within 30 minutes into one chat and lists other activity as not imported', () => {
    expect(chats.map((c) => c.title)).toEqual(['what is a monad?', 'plan a trip to Lyon']);
    expect(texts(chats[0]!).map(([r]) => r)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(rejected).toEqual([{ index: 2, title: 'Gave feedback: Good response', reason: { key: 'api.reason_geminiNotAPrompt', values: undefined } }]);
  });

  it('turns the answer HTML into Markdown and notes attached files', () => {
    const [, [, a1], [, q2], [, a2]] = texts(chats[0]!);
    expect(a1).toContain('A **monad** is a pattern:');
    expect(a1).toContain('- bind & join');
    expect(a1).toMatch(/```haskell\nreturn x >>= f\n```/);
    expect(q2).toContain('File “notes.pdf” is not included in this export.');
    expect(a2).toContain('`then` is bind. See [MDN](https://developer.mozilla.org/).');
  });
});

describe('ChatGPT newer node kinds', () => {
  const { chats, rejected } = parseImport(fixture('chatgpt-newer-nodes.json'));
  const all = () => texts(chats[0]!).map(([, c]) => c).join('\n\n');

  it('keeps every one of the 15 nodes, one assistant message per turn', () => {
    expect(rejected).toEqual([]);
    expect(texts(chats[0]!).map(([r]) => r)).toEqual(['user', 'assistant', 'user', 'assistant']);
  });

  it('notes images, shows code with its language and its output, and folds reasoning', () => {
    const [[, user], [, turn]] = texts(chats[0]!);
    expect(user).toMatch(/^> _Image not included in this import\._\n\nWhat is in this chart\?/);
    expect(turn).toMatch(/<details type="reasoning" done="true">\n<summary>Reasoning<\/summary>\n\n\*\*Reading the chart\*\*\n\nIt shows sales by month\./);
    expect(turn).toContain('_Thought for 7 seconds_');
    expect(turn).toContain('```python\nimport matplotlib.pyplot as plt');
    expect(turn).toMatch(/<summary>Output<\/summary>\n\n```\n\[<matplotlib\.lines\.Line2D at 0x7f>\]\n```/);
    expect(turn).toMatch(/<summary>Search: monthly sales benchmarks 2024<\/summary>/);
    expect(turn).toMatch(/<summary>Search results<\/summary>\n\n- \[Sales benchmarks\]\(https:\/\/example\.org\/sales\)/);
  });

  it('turns citation markers into numbered links, removing those without a source', () => {
    const turn = texts(chats[0]!)[1]![1];
    expect(turn).toContain('The chart shows sales rising [[1]](https://example.org/sales "Sales benchmarks"). Benchmarks agree. Acme Corp leads.');
    expect(all()).not.toMatch(/[\ue200-\ue2ff]/);
  });

  it('shows a generated image as a note with its prompt, and a canvas document as a document', () => {
    const turn = texts(chats[0]!)[3]![1];
    expect(turn).toMatch(/<summary>Tool call: dalle\.text2im<\/summary>/);
    expect(turn).toContain('Generated image not included in this import. Prompt: a fluffy cat on a sofa');
    expect(turn).toContain('**Document: Cat poem**\n\n---\n\n# Cat poem\n\nSoft paws on the sill.');
    expect(turn).toMatch(/<summary>Tool result: canmore\.create_textdoc<\/summary>/);
    expect(turn).toMatch(/<summary>Document edit<\/summary>/);
    expect(turn.endsWith('Here is your cat and the poem.')).toBe(true);
    expect(all()).not.toContain('{"name":"Cat poem"');
  });
});
