// Big and hostile Open WebUI exports, generated at run time (never committed): the import load tests' fixtures.

/** An export of `count` plain chats, each about `bytesPerChat` long, as JSON text. `tag` makes the content unique. */
export function bigExport(count: number, bytesPerChat = 2000, tag = 'big'): string {
  const filler = 'All work and no play makes a long import. '.repeat(Math.ceil(bytesPerChat / 43)).slice(0, Math.max(0, bytesPerChat - 400));
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    parts.push(JSON.stringify({
      id: `${tag}-${i}`, title: `${tag} chat ${i}`, updated_at: 1_761_000_000 + i, created_at: 1_761_000_000 + i,
      chat: { title: `${tag} chat ${i}`, models: ['llama3.1:8b'], history: { currentId: 'a', messages: {
        q: { id: 'q', parentId: null, childrenIds: ['a'], role: 'user', content: `Question ${i}?`, timestamp: 1_761_000_000 },
        a: { id: 'a', parentId: 'q', childrenIds: [], role: 'assistant', content: `${filler} ${i}`, timestamp: 1_761_000_001 },
      } } },
    }));
  }
  return `[${parts.join(',')}]`;
}

const nest = (depth: number, leaf = '0'): string => '['.repeat(depth) + leaf + ']'.repeat(depth);

/** Depth-55 arrays and nothing else, about `bytes` long: every item is refused, after the whole file is parsed. */
export function deepArraysExport(bytes: number): string {
  const one = nest(55);
  return `[${Array.from({ length: Math.floor(bytes / (one.length + 1)) }, () => one).join(',')}]`;
}

/** `count` real chats, each carrying depth-60 junk (within the 64 limit once inside the row and chat), about `bytes` in all. */
export function junkChatsExport(count: number, bytes: number, tag = 'junk'): string {
  const per = Math.max(1, Math.floor(bytes / count / 122));
  const junk = `[${Array.from({ length: per }, () => nest(59)).join(',')}]`;
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    parts.push(`{"id":"${tag}-${i}","title":"${tag} ${i}","chat":{"history":{"currentId":"a","messages":{"a":{"id":"a","parentId":null,"childrenIds":[],"role":"user","content":"junk ${i}"}}},"junk":${junk}}}`);
  }
  return `[${parts.join(',')}]`;
}
