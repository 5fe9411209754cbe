// A linear chat of n messages (user and assistant in turn) in Open WebUI's JSON, for tests of long conversations.
type Msg = { id: string; parentId: string | null; childrenIds: string[]; role: string; content: string; timestamp: number };

export function longChat(title: string, n: number, text = (i: number) => (i % 2 ? `Answer **${i}** with \`code\`` : `Question ${i}?`)) {
  const messages: Record<string, Msg> = {};
  let parent: string | null = null;
  for (let i = 0; i < n; i++) {
    const id = `m${i}`;
    messages[id] = { id, parentId: parent, childrenIds: [], role: i % 2 ? 'assistant' : 'user', content: text(i), timestamp: 1_761_000_000 + i };
    if (parent) messages[parent]!.childrenIds.push(id);
    parent = id;
  }
  return { title, models: ['llama3.1:8b'], history: { currentId: parent, messages } };
}

