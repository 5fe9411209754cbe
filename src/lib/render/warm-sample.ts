// The chat a renderer draws once at start: every markdown shape and a realistic snippet per common language, so the
// grammar rules, regexes and hot functions a real publish needs are compiled before the first one arrives.
import type { ChatJson, Message } from '../chats/types';

const CODE: Array<[string, string]> = [
  ['python', 'import json\nfrom dataclasses import dataclass\n\n@dataclass\nclass Item:\n    name: str\n    price: float = 0.0\n\ndef load(path: str) -> list[Item]:\n    """Read items, skipping bad rows."""\n    with open(path) as f:\n        rows = json.load(f)\n    return [Item(**r) for r in rows if r.get("price", 0) > 0]  # keep priced ones\n\nprint(f"{len(load(\'items.json\'))} items")'],
  ['typescript', 'interface User { id: number; name?: string }\n\nexport async function fetchUsers(url: string): Promise<User[]> {\n  const res = await fetch(`${url}/users?limit=${10}`);\n  if (!res.ok) throw new Error(`HTTP ${res.status}`);\n  const data = (await res.json()) as User[];\n  return data.filter((u) => u.id > 0).map(({ id, name = "anon" }) => ({ id, name }));\n}\n\nenum Mode { Fast = 1, Safe }\nconst modes: Record<string, Mode> = { fast: Mode.Fast };'],
  ['javascript', "const express = require('express');\nconst app = express();\n\napp.get('/items/:id', async (req, res) => {\n  const item = await db.find({ id: Number(req.params.id) });\n  // 404 when missing\n  return item ? res.json(item) : res.status(404).send({ error: 'not found' });\n});\n\nclass Cache extends Map { get(k) { return super.get(k) ?? null; } }\nlet re = /^[a-z]+\\d*$/gi;\napp.listen(3000, () => console.log(`listening on ${3000}`));"],
  ['bash', '#!/usr/bin/env bash\nset -euo pipefail\n\nfor f in "$@"; do\n  if [[ -f "$f" ]]; then\n    lines=$(wc -l < "$f")\n    echo "${f}: ${lines} lines"\n  else\n    echo "missing: $f" >&2; exit 1\n  fi\ndone\n\ncurl -fsSL https://example.com/install.sh | sh -s -- --prefix="$HOME/.local"\nexport PATH="$HOME/.local/bin:$PATH"'],
  ['json', '{\n  "name": "example",\n  "version": "1.2.3",\n  "private": true,\n  "scripts": { "build": "tsc -p .", "test": "vitest run" },\n  "dependencies": { "zod": "^3.22.0" },\n  "ratio": 0.75,\n  "tags": ["a", "b", null]\n}'],
  ['sql', "CREATE TABLE orders (\n  id INTEGER PRIMARY KEY,\n  customer_id INTEGER NOT NULL REFERENCES customers(id),\n  total NUMERIC(10, 2) DEFAULT 0,\n  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP\n);\n\n-- top customers this year\nSELECT c.name, COUNT(*) AS n, SUM(o.total) AS spent\nFROM customers c\nLEFT JOIN orders o ON o.customer_id = c.id\nWHERE o.created_at >= '2024-01-01' AND c.status IN ('active', 'trial')\nGROUP BY c.name\nHAVING SUM(o.total) > 100\nORDER BY spent DESC\nLIMIT 10;"],
  ['go', 'package main\n\nimport (\n\t"fmt"\n\t"net/http"\n)\n\ntype Server struct {\n\tmux  *http.ServeMux\n\tname string\n}\n\nfunc (s *Server) handle(w http.ResponseWriter, r *http.Request) {\n\tif r.Method != http.MethodGet {\n\t\thttp.Error(w, "method not allowed", 405)\n\t\treturn\n\t}\n\tfmt.Fprintf(w, "hello %s\\n", s.name) // greet\n}\n\nfunc main() {\n\tch := make(chan int, 4)\n\tgo func() { ch <- 42 }()\n\tfmt.Println(<-ch)\n}'],
  ['rust', 'use std::collections::HashMap;\n\n#[derive(Debug, Clone)]\npub struct Counter<\'a> {\n    words: HashMap<&\'a str, usize>,\n}\n\nimpl<\'a> Counter<\'a> {\n    pub fn new(text: &\'a str) -> Self {\n        let mut words = HashMap::new();\n        for w in text.split_whitespace() {\n            *words.entry(w).or_insert(0) += 1;\n        }\n        Self { words }\n    }\n}\n\nfn main() -> Result<(), Box<dyn std::error::Error>> {\n    let c = Counter::new("a b a");\n    println!("{:?}", c.words.get("a"));\n    Ok(())\n}'],
  ['html', '<!DOCTYPE html>\n<html lang="en">\n<head>\n  <meta charset="utf-8">\n  <title>Demo</title>\n  <link rel="stylesheet" href="style.css">\n  <style>body { margin: 0; }</style>\n</head>\n<body>\n  <!-- main content -->\n  <main id="app" class="wrap" data-x="1">\n    <a href="/about?x=1&amp;y=2">About</a>\n  </main>\n  <script>document.getElementById("app").hidden = false;</script>\n</body>\n</html>'],
  ['css', ':root { --accent: #3b82f6; }\n\n@media (max-width: 600px) {\n  .grid { grid-template-columns: 1fr; }\n}\n\n.card:hover > .title::after {\n  content: "→";\n  color: var(--accent);\n  transition: transform 0.2s ease-in-out;\n}\n\n@keyframes spin { from { transform: rotate(0deg); } to { transform: rotate(360deg); } }'],
  ['java', 'package com.example;\n\nimport java.util.*;\n\npublic class Main {\n    private static final int LIMIT = 10;\n\n    @Override\n    public String toString() { return "Main"; }\n\n    public static void main(String[] args) throws Exception {\n        List<String> names = new ArrayList<>();\n        for (int i = 0; i < LIMIT; i++) names.add("n" + i);\n        names.stream().filter(n -> n.endsWith("1")).forEach(System.out::println);\n    }\n}'],
  ['c', '#include <stdio.h>\n#include <stdlib.h>\n\n#define MAX 16\n\ntypedef struct { int x, y; } point;\n\nstatic int sum(const int *a, size_t n) {\n    int s = 0;\n    for (size_t i = 0; i < n; i++) s += a[i];\n    return s;\n}\n\nint main(int argc, char **argv) {\n    int *buf = malloc(MAX * sizeof *buf);\n    if (!buf) return 1;\n    printf("%d\\n", sum(buf, MAX));\n    free(buf);\n    return 0;\n}'],
  ['cpp', '#include <iostream>\n#include <vector>\n\ntemplate <typename T>\nclass Stack {\npublic:\n    void push(const T& v) { items_.push_back(v); }\n    T pop() { T v = items_.back(); items_.pop_back(); return v; }\nprivate:\n    std::vector<T> items_;\n};\n\nint main() {\n    Stack<int> s;\n    s.push(1);\n    auto lambda = [&](int x) -> int { return x * 2; };\n    std::cout << lambda(s.pop()) << std::endl;\n}'],
  ['yaml', 'version: "3.8"\nservices:\n  web:\n    image: nginx:1.25\n    ports:\n      - "8080:80"\n    environment:\n      - DEBUG=false\n    depends_on: [db]\n  db:\n    image: postgres:16 # pinned\n    volumes:\n      - data:/var/lib/postgresql/data\nvolumes:\n  data: {}'],
  ['markdown', '# Title\n\nSome *emphasis* and **strong** text with `code`.\n\n- item one\n- [link](https://example.com)\n\n> quoted\n\n~~~js\nconsole.log(1)\n~~~'],
  ['tsx', "import { useState } from 'react';\n\nexport function Counter({ start = 0 }: { start?: number }) {\n  const [n, setN] = useState(start);\n  return (\n    <div className=\"counter\">\n      <button onClick={() => setN(n + 1)} disabled={n > 9}>\n        Clicked {n} times\n      </button>\n      {n > 5 && <p>That is a lot.</p>}\n    </div>\n  );\n}"],
  ['diff', 'diff --git a/app.py b/app.py\n--- a/app.py\n+++ b/app.py\n@@ -1,3 +1,4 @@\n import os\n-print("old")\n+print("new")\n+print(os.getcwd())'],
  ['docker', 'FROM node:22-slim AS build\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nENV NODE_ENV=production\nEXPOSE 3000\nCMD ["node", "server.js"]'],
];

const PROSE = [
  '## Overview\n\nHere is a **short** answer with *emphasis*, `inline code`, a [link](https://example.com/docs?a=1&b=2) and ~~a strike~~.',
  '1. First, check the input\n2. Then run the **tests**\n   - unit tests\n   - integration tests\n3. Finally, deploy\n\n- [x] done\n- [ ] to do',
  '> Note: a quote with `code` and a second line.\n>\n> - a list inside\n\n---\n\n| Column | Value | Notes |\n|:---|---:|:---:|\n| a | 1.5 | *fine* |\n| b | 22 | `x` |',
  'Line one  \nline two with a footnote-like [^1] marker, an autolink https://example.org, an email <a@example.com> and an image ![alt](https://example.com/x.png).\n\n### Heading three\n\nText & <b>html</b> &amp; entities &copy; — “quotes”.',
];

/** A chat of user questions and assistant answers: one code block per language, the prose shapes in between. */
export function warmSampleChat(): ChatJson {
  const messages: Record<string, Message> = {};
  let parent: string | null = null;
  const add = (role: 'user' | 'assistant', content: string) => {
    const id = `w${Object.keys(messages).length}`;
    messages[id] = { id, parentId: parent, childrenIds: [], role, content, timestamp: 1_700_000_000 + Object.keys(messages).length * 30, ...(role === 'assistant' ? { model: 'gpt-4o' } : {}) };
    if (parent) messages[parent]!.childrenIds.push(id);
    parent = id;
  };
  CODE.forEach(([lang, code], i) => {
    add('user', `How do I write this in ${lang}?\nSecond line of the question with \`code\`.`);
    add('assistant', `${PROSE[i % PROSE.length]}\n\n\`\`\`${lang}\n${code}\n\`\`\`\n\nThat covers it.`);
  });
  return { title: 'Warm-up', models: ['gpt-4o'], params: {}, history: { currentId: parent, messages } };
}
