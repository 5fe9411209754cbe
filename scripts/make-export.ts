// Writes a synthetic export of N plausible chats, for load tests and benchmarks: tsx scripts/make-export.ts N out.json
// (Open WebUI's rows), or with --chatgpt a ChatGPT conversations.json (its `mapping` tree), written a chat at a time so
// a file of hundreds of MB (the streamed import's benchmark) never sits in memory here.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { ChatRow, Message } from '../src/lib/chats/types';

const args = process.argv.slice(2);
const chatgpt = args.includes('--chatgpt');
// --turns=N: chats of N/2 to N turns (long conversations; the default is 2 to 6).
const maxTurns = Number(args.find((a) => a.startsWith('--turns='))?.slice(8)) || 6;
const [countArg, outFile] = args.filter((a) => !a.startsWith('--'));
const count = Number(countArg);
if (!Number.isInteger(count) || count < 1 || !outFile) {
  console.error('usage: tsx scripts/make-export.ts N out.json [--chatgpt] [--turns=N]');
  process.exit(1);
}

// A fixed-seed PRNG (mulberry32): the same N gives the same content on every run; only the ids change.
let seed = 0x5eed;
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const some = <T>(xs: readonly T[], n: number): T[] => [...xs].sort(() => rand() - 0.5).slice(0, n);

interface Topic { title: string; tag: string; lang?: string; code?: string }
const TOPICS: Topic[] = [
  { title: 'Parsing CSV files in Python', tag: 'python', lang: 'python', code: 'import csv\n\nwith open("users.csv", newline="") as f:\n    for row in csv.DictReader(f):\n        print(row["email"])' },
  { title: 'Debouncing input events in TypeScript', tag: 'typescript', lang: 'typescript', code: 'function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number) {\n  let timer: ReturnType<typeof setTimeout> | undefined;\n  return (...args: A) => {\n    clearTimeout(timer);\n    timer = setTimeout(() => fn(...args), ms);\n  };\n}' },
  { title: 'Finding large files on Linux', tag: 'linux', lang: 'bash', code: 'find / -xdev -type f -size +500M -printf "%s\\t%p\\n" 2>/dev/null | sort -rn | head -20' },
  { title: 'Reading a file line by line in Go', tag: 'go', lang: 'go', code: 'f, err := os.Open("app.log")\nif err != nil {\n\tlog.Fatal(err)\n}\ndefer f.Close()\n\nscanner := bufio.NewScanner(f)\nfor scanner.Scan() {\n\tfmt.Println(scanner.Text())\n}' },
  { title: 'Counting signups per day in SQL', tag: 'sql', lang: 'sql', code: "SELECT date(created_at) AS day, count(*) AS signups\nFROM users\nWHERE created_at >= date('now', '-30 days')\nGROUP BY day\nORDER BY day;" },
  { title: 'Centering a div with CSS grid', tag: 'css', lang: 'css', code: '.wrapper {\n  display: grid;\n  place-items: center;\n  min-height: 100vh;\n}' },
  { title: 'Error handling in Rust with the ? operator', tag: 'rust', lang: 'rust', code: 'fn read_config(path: &str) -> Result<String, std::io::Error> {\n    let text = std::fs::read_to_string(path)?;\n    Ok(text.trim().to_string())\n}' },
  { title: 'Writing a good commit message', tag: 'git' },
  { title: 'Planning a weekly meal prep', tag: 'cooking' },
  { title: 'Explaining TCP vs UDP', tag: 'networking' },
  { title: 'Preparing for a system design interview', tag: 'career' },
];
const MODELS = ['llama3.1:8b', 'mistral-nemo:12b', 'gpt-4o'];
const CODE_MODELS = ['qwen2.5-coder:14b', 'llama3.1:8b', 'gpt-4o'];
const ASKS = [(s: string) => `Can you help me with ${s}?`, (s: string) => `What's the best approach to ${s}?`, (s: string) => `I'm new to this. How should I think about ${s}?`];
const FOLLOW_UPS = ['Can you walk me through that step by step?', 'What are the common pitfalls?', 'How does this change for much larger inputs?', 'Could you give me a shorter version?', 'How would I test this?', 'Is there a more idiomatic way to do it?', 'Thanks! One more thing: how do I explain this to a colleague?'];
const INTROS = ['Sure. Here is a practical approach to {x}.', 'Good question. The usual way to handle {x} looks like this.', 'Let\'s break {x} into small steps.', 'There are a few ways to approach {x}; this is the one I would start with.'];
const POINTS = [
  'Start with the simplest version that works, then measure before optimising.',
  'Validate inputs at the boundary so the core logic can stay simple.',
  'Handle the empty case explicitly: that is where most bugs hide.',
  'Prefer the standard library over extra dependencies when it covers your needs.',
  'Write one small test for the happy path and one for the edge case.',
  'Log enough context to debug failures, without leaking personal data.',
  'Write down the assumption you are making, so a reviewer can challenge it.',
  'Keep the first version boring; clever solutions are harder to maintain.',
];
const CLOSINGS = ['Let me know if you want me to adapt this to your setup.', 'Happy to go deeper on any of these points.', 'If you share a concrete example, I can be more specific.'];

function answer(topic: Topic, turn: number): string {
  const subject = topic.title[0]!.toLowerCase() + topic.title.slice(1);
  const parts = [pick(INTROS).replace('{x}', subject)];
  if (topic.code && (turn === 0 || rand() < 0.4)) parts.push('```' + topic.lang + '\n' + topic.code + '\n```');
  parts.push(some(POINTS, int(2, 4)).map((p) => `- ${p}`).join('\n'), pick(CLOSINGS));
  return parts.join('\n\n');
}

type Fields = Pick<Message, 'role' | 'content' | 'timestamp'> & Record<string, unknown>;
function add(messages: Record<string, Message>, parent: Message | null, fields: Fields): Message {
  const m: Message = { id: randomUUID(), parentId: parent?.id ?? null, childrenIds: [], ...fields };
  parent?.childrenIds.push(m.id);
  messages[m.id] = m;
  return m;
}

const START = Date.parse('2025-01-01T00:00:00Z') / 1000;
const SPAN = Date.parse('2026-11-01T00:00:00Z') / 1000 - START;

function makeChat(userId: string): ChatRow {
  const topic = pick(TOPICS);
  const model = pick(topic.code ? CODE_MODELS : MODELS);
  const turns = maxTurns > 6 ? int(Math.ceil(maxTurns / 2), maxTurns) : int(2, 6); // 4–12 messages on the visible branch by default
  const branchAt = rand() < 0.15 ? int(0, turns - 1) : -1;
  const messages: Record<string, Message> = {};
  const created = START + int(0, SPAN);
  let t = created;
  let parent: Message | null = null;
  for (let turn = 0; turn < turns; turn++) {
    const content = turn === 0 ? pick(ASKS)(topic.title[0]!.toLowerCase() + topic.title.slice(1)) : pick(FOLLOW_UPS);
    const user = add(messages, parent, { role: 'user', content, timestamp: t, models: [model] });
    const answers: Message[] = [];
    for (let k = 0; k < (turn === branchAt ? int(2, 3) : 1); k++) {
      let text = answer(topic, turn);
      while (answers.some((a) => a.content === text)) text = answer(topic, turn);
      const evalCount = Math.ceil(text.length / 4);
      t += int(2, 40);
      answers.push(add(messages, user, { role: 'assistant', content: text, timestamp: t, model, modelName: model, modelIdx: 0, usage: { eval_count: evalCount, prompt_eval_count: int(20, 900) }, done: true }));
    }
    parent = pick(answers);
    t += int(30, 900);
  }
  const path: Message[] = [];
  for (let m: Message | undefined = parent!; m; m = m.parentId ? messages[m.parentId] : undefined) path.unshift(m);
  const updated = Math.max(...Object.values(messages).map((m) => m.timestamp ?? created));
  return {
    id: randomUUID(), user_id: userId, title: topic.title,
    chat: { id: '', title: topic.title, models: [model], params: { temperature: 0.7, top_p: 0.9 }, history: { messages, currentId: parent!.id }, messages: path, tags: [], files: [], timestamp: created * 1000 },
    created_at: created, updated_at: updated, share_id: null, archived: false, pinned: rand() < 0.03, meta: { tags: [topic.tag] }, folder_id: null,
  };
}

/** A chat as ChatGPT exports it: every message a node of `mapping` under a root, the visible branch ending at current_node. */
function toChatGpt(row: ChatRow): Record<string, unknown> {
  const mapping: Record<string, unknown> = { root: { id: 'root', message: null, parent: null, children: [] as string[] } };
  for (const m of Object.values(row.chat.history.messages)) {
    const parent = m.parentId ?? 'root';
    if (parent === 'root') (mapping.root as { children: string[] }).children.push(m.id);
    mapping[m.id] = {
      id: m.id, parent, children: m.childrenIds,
      message: {
        id: m.id, author: { role: m.role }, create_time: m.timestamp, content: { content_type: 'text', parts: [m.content] },
        metadata: m.role === 'assistant' ? { model_slug: m.model } : {},
      },
    };
  }
  return { title: row.title, create_time: row.created_at, update_time: row.updated_at, mapping, current_node: row.chat.history.currentId, conversation_id: randomUUID() };
}

const userId = randomUUID();
if (chatgpt) {
  const fd = fs.openSync(outFile, 'w');
  for (let i = 0; i < count; i++) fs.writeSync(fd, (i ? ',' : '[') + JSON.stringify(toChatGpt(makeChat(userId))));
  fs.writeSync(fd, ']');
  fs.closeSync(fd);
  console.log(`make-export: wrote ${count} ChatGPT conversations (${(fs.statSync(outFile).size / 1e6).toFixed(1)} MB) to ${outFile}`);
  process.exit(0);
}
const rows = Array.from({ length: count }, () => makeChat(userId)).sort((a, b) => b.updated_at - a.updated_at);
fs.writeFileSync(outFile, JSON.stringify(rows));
console.log(`make-export: wrote ${count} chats (${(fs.statSync(outFile).size / 1e6).toFixed(1)} MB) to ${outFile}`);
