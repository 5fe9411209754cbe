// Live documents: rendered on the pool once per chat version, however many viewers and polls ask at the same time.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatRow } from '../../src/lib/chats/types';

const state = vi.hoisted(() => ({ version: 1, renders: 0, release: [] as Array<() => void>, contents: null as string[] | null, rendered: [] as string[], hold: true }));

const linear = vi.hoisted(() => (contents: string[]) => {
  const messages: Record<string, import('../../src/lib/chats/types').Message> = {};
  contents.forEach((content, i) => { messages[`m${i}`] = { id: `m${i}`, parentId: i ? `m${i - 1}` : null, childrenIds: i + 1 < contents.length ? [`m${i + 1}`] : [], role: i % 2 ? 'assistant' : 'user', content, timestamp: 1 }; });
  return { currentId: `m${contents.length - 1}`, messages };
});

vi.mock('../../src/lib/chats/store', () => ({
  chatVersion: () => state.version,
  // The row with its chat as stored bytes, as the live path reads it (the pool thread parses them).
  chatBytesForShare: (): Pick<ChatRow, 'user_id' | 'title' | 'created_at'> & { version: number; bytes: Buffer } => ({
    user_id: 'u', title: `v${state.version}`, created_at: 1, version: state.version,
    bytes: Buffer.from(JSON.stringify({ title: 't', history: state.contents ? linear(state.contents) : { currentId: 'm1', messages: { m1: { id: 'm1', parentId: null, childrenIds: [], role: 'user', content: `v${state.version}`, timestamp: 1 } } } })),
  }),
}));

// Nothing redacted (shares/scan/redact.ts reads the owner's answers from the database): the stored bytes as they are.
vi.mock('../../src/lib/shares/scan/redact', async () => {
  const store = await import('../../src/lib/chats/store');
  return { sharedChatBytes: async (id: string) => store.chatBytesForShare(id) };
});

// A render that finishes only when the test says so, counting how many were started.
vi.mock('../../src/lib/render/pool', () => ({
  renderMessageBatch: async (messages: Array<{ id: string; content: string }>) => {
    state.renders++;
    state.rendered.push(...messages.map((m) => m.id));
    if (state.hold) await new Promise<void>((resolve) => state.release.push(resolve));
    return { html: messages.map((m) => `<p>${m.content}</p>`), system: '' };
  },
  // The outline and message reads are the real functions a pool thread runs.
  liveOutlineOf: async (bytes: Uint8Array) => (await import('../../src/lib/render/live-outline')).liveOutline(bytes),
  liveMessagesOf: async (bytes: Uint8Array, indexes: number[]) => (await import('../../src/lib/render/live-outline')).liveMessages(bytes, indexes),
  renderCard: async () => Buffer.from('png'),
  renderGenericCard: async () => Buffer.from('generic'),
}));

const { liveDocumentFor } = await import('../../src/lib/shares/documents/documents');
const { liveChangesSince } = await import('../../src/lib/shares/documents/live-documents');

const releaseAll = async (newestFirst = false) => {
  while (!state.release.length) await new Promise((r) => setTimeout(r, 1));
  const waiting = state.release.splice(0);
  (newestFirst ? waiting.reverse() : waiting).forEach((go) => go());
};

describe('liveDocumentFor', () => {
  beforeEach(() => { state.renders = 0; state.release = []; });

  it('twenty concurrent requests for a changed chat share one render', async () => {
    state.version = 10;
    const all = Promise.all(Array.from({ length: 20 }, () => liveDocumentFor('chat-a')));
    await releaseAll();
    const entries = await all;
    expect(state.renders).toBe(1);
    expect(new Set(entries).size).toBe(1);
    expect(entries[0]!.conversationHtml).toBe('<p>v10</p>');
    expect(entries[0]!.title).toBe('v10');
    // Cached afterwards: no render at all while the version stays.
    expect((await liveDocumentFor('chat-a'))!.updatedAt).toBe(10);
    expect(state.renders).toBe(1);
  });

  it('a new version while a render runs gets its own render, and the newer document keeps the cache', async () => {
    state.version = 20;
    const older = liveDocumentFor('chat-b');
    state.version = 21;
    const newer = liveDocumentFor('chat-b');
    await releaseAll(true); // the older render finishes last
    expect((await older)!.updatedAt).toBe(20);
    expect((await newer)!.updatedAt).toBe(21);
    expect(state.renders).toBe(2);
    expect((await liveDocumentFor('chat-b'))!.updatedAt).toBe(21);
    expect(state.renders).toBe(2);
  });

  it('a new version renders only the messages that changed, and only those of a long chat the page shows', async () => {
    state.hold = false;
    state.rendered = [];
    state.contents = Array.from({ length: 1000 }, (_, i) => `message ${i}`);
    state.version = 100;
    const first = (await liveDocumentFor('chat-long'))!;
    // The opening 20 and the latest 50: the rest waits for its part.
    expect(state.rendered.length).toBe(70);
    expect(first.conversationHtml).toContain('?part=');
    state.rendered = [];
    state.contents[995] = 'edited';
    state.version = 101;
    const second = (await liveDocumentFor('chat-long'))!;
    expect(state.rendered).toEqual(['m995']);
    const diff = await liveChangesSince(second, 100);
    expect(diff).toEqual({ kind: 'changes', changes: [{ id: 'm995', html: '<p>edited</p>' }], appended: '' });
    // A version this process never rendered: the conversation whole (small: the opening and the latest).
    expect((await liveChangesSince(second, 42)).kind).toBe('whole');
    state.contents = null;
    state.hold = true;
  });
});
