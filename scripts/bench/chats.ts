// The bench's chats: a long one (200 messages, 50 code blocks in 7 languages, prose, lists, tables), a typical one
// (12 messages, 3 code blocks), and the hostile chat.
import type { ChatJson, Message } from '../../src/lib/chats/types';

// ---- the chat: 100 user/assistant turns, 50 code blocks in 7 languages, prose, lists, a table ----
const LANGS: Array<[string, (i: number) => string, string, string]> = [
  ['python', (i) => `    total_${i} = sum(row["amount"] for row in rows if row["bucket"] == ${i % 7})`, 'def summarize(rows: list[dict]) -> dict:\n    """Aggregate amounts per bucket."""', '    return {"ok": True}'],
  ['typescript', (i) => `  const step${i}: Result<number> = await pipeline.run({ id: ${i}, retries: ${i % 3} });`, 'export async function runAll(pipeline: Pipeline): Promise<void> {', '}'],
  ['bash', (i) => `rsync -az --delete "./build/part-${i}/" "deploy@host:/srv/app/part-${i}/" || fail ${i}`, '#!/usr/bin/env bash\nset -euo pipefail\nfail() { echo "step $1 failed" >&2; exit 1; }', 'echo "done"'],
  ['sql', (i) => `  SUM(CASE WHEN o.status = 'state_${i}' THEN o.total ELSE 0 END) AS total_${i},`, 'SELECT c.id,\n  c.name,', '  COUNT(*) AS n\nFROM customers c JOIN orders o ON o.customer_id = c.id\nGROUP BY c.id, c.name\nORDER BY n DESC;'],
  ['rust', (i) => `    let v${i}: Vec<u64> = input.iter().filter(|x| *x % ${i + 2} == 0).copied().collect();`, 'pub fn crunch(input: &[u64]) -> Result<u64, Error> {', '    Ok(0)\n}'],
  ['json', (i) => `  "setting_${i}": { "enabled": ${i % 2 === 0}, "threshold": ${i * 13}, "label": "Option ${i}" },`, '{', '  "version": 2\n}'],
  ['go', (i) => `\tif err := store.Put(ctx, fmt.Sprintf("key-%d", ${i}), payload[${i}]); err != nil {\n\t\treturn err\n\t}`, 'func syncAll(ctx context.Context, store Store, payload [][]byte) error {', '\treturn nil\n}'],
];

function codeBlock(n: number): string {
  const [lang, line, head, foot] = LANGS[n % LANGS.length];
  const lines = 10 + ((n * 7) % 31); // 10..40 lines in all
  const body: string[] = [];
  for (let i = 0; body.join('\n').split('\n').length < lines - head.split('\n').length - foot.split('\n').length; i++) body.push(line(i));
  return '```' + lang + '\n' + [head, ...body, foot].join('\n') + '\n```';
}

const PROSE = 'The trade-off here is latency against memory: caching the parsed result avoids repeated work, but the cache must be bounded and invalidated when the source changes. In practice a small LRU keyed by content hash works well.';
const TABLE = '| Approach | p50 (ms) | p99 (ms) | Memory |\n|---|---:|---:|---|\n| Naive | 12.4 | 88.1 | low |\n| Cached | 1.9 | 7.3 | medium |\n| Precomputed | 0.4 | 1.1 | high |';

export function buildChat(count = 200, maxBlocks = 50): ChatJson {
  const messages: Record<string, Message> = {};
  const t0 = 1_735_689_600; // 2025-01-01
  let parent: string | null = null;
  let blocks = 0;
  for (let i = 0; i < count; i++) {
    const id = `msg-${String(i).padStart(3, '0')}`;
    const turn = i >> 1;
    const user = i % 2 === 0;
    const parts = user
      ? [`Question ${turn + 1}: how should I structure the \`step ${turn}\` part of the data pipeline so it stays fast and testable?`]
      : [`Here is one way to approach **step ${turn}**. ${PROSE}`, '- Keep functions pure\n- Push I/O to the edges\n- Measure before optimizing'];
    if (!user && turn % 2 === 0 && blocks < maxBlocks) parts.push(codeBlock(blocks++), `1. Run it locally\n2. Check the output\n3. ${PROSE}`);
    if (!user && turn % 20 === 5) parts.push(TABLE);
    messages[id] = { id, parentId: parent, childrenIds: [], role: user ? 'user' : 'assistant', content: parts.join('\n\n'), timestamp: t0 + i * 40, ...(user ? {} : { model: 'gpt-4o' }) };
    if (parent) messages[parent].childrenIds.push(id);
    parent = id;
  }
  return { title: 'Benchmark: designing a fast data pipeline', models: ['gpt-4o'], params: {}, history: { currentId: parent, messages } };
}

// ---- the hostile chat: a 4 MB message of 2,000 nested list levels, and stack-deep quotes and emphasis ----
export function hostileChat(): ChatJson {
  const contents = [Array.from({ length: 2000 }, (_, i) => `${' '.repeat(2 * i)}- x`).join('\n'), '>'.repeat(2000), '*'.repeat(3000), `${'**'.repeat(1500)}a${'**'.repeat(1500)}`];
  const messages: Record<string, Message> = {};
  let parent: string | null = null;
  contents.forEach((content, i) => {
    const id = `h${i}`;
    messages[id] = { id, parentId: parent, childrenIds: [], role: i % 2 ? 'assistant' : 'user', content, timestamp: 1_735_689_600 + i };
    if (parent) messages[parent].childrenIds.push(id);
    parent = id;
  });
  return { title: 'Benchmark: a hostile chat', models: [], params: {}, history: { currentId: parent, messages } };
}
