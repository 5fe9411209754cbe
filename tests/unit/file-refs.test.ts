// The kept images a chat names, and the chat with their URLs pointing elsewhere (a clone's copies, a download's share
// URLs), and how the Markdown download shows them.
import { describe, expect, it } from 'vitest';
import { fileIdsOfChat, withFileUrls } from '../../src/lib/files/refs';
import { toMarkdown } from '../../src/lib/chats/format';
import type { ChatJson } from '../../src/lib/chats/types';

const A = 'AAAAAAAAAAAAAAAAAAAAAA';
const B = 'BBBBBBBBBBBBBBBBBBBBBB';
const img = (id: string, name = 'a.png') => ({ type: 'image', url: `/api/v1/files/${id}/content`, name });

function chat(): ChatJson {
  const messages: Record<string, any> = Object.create(null);
  messages.u = { id: 'u', parentId: null, childrenIds: ['__proto__', 'r'], role: 'user', content: 'Look', files: [img(A, 'a [1].png'), { type: 'file', url: `/api/v1/files/${B}/content` }] };
  messages.__proto__ = { id: '__proto__', parentId: 'u', childrenIds: [], role: 'assistant', content: 'Seen', files: [img(B)] };
  messages.r = { id: 'r', parentId: 'u', childrenIds: [], role: 'assistant', content: 'Other', files: [{ type: 'image', url: 'https://elsewhere.example/x.png' }] };
  return { history: { currentId: '__proto__', messages }, messages: [messages.u, messages.__proto__] };
}

describe('file references in a chat', () => {
  it('names every message\'s images once, our own URLs of type image only', () => {
    expect(fileIdsOfChat(chat()).sort()).toEqual([A, B]);
  });

  it('rewrites the URLs into new messages, leaving the chat given as it was', () => {
    const c = chat();
    const before = JSON.stringify(c);
    const out = withFileUrls(c, (id) => (id === A ? '/elsewhere/a' : null));
    expect(JSON.stringify(c)).toBe(before);
    expect(out.history.messages.u!.files).toEqual([{ ...img(A, 'a [1].png'), url: '/elsewhere/a' }, { type: 'file', url: `/api/v1/files/${B}/content` }]);
    expect(out.messages![0]!.files).toEqual(out.history.messages.u!.files);
    expect(Object.hasOwn(out.history.messages, '__proto__')).toBe(true);
    expect(out.history.messages.__proto__!.files).toEqual([img(B)]);
    expect(withFileUrls(c, () => null)).toBe(c);
  });

  it('the Markdown shows them as images with escaped alt text, only when given their URLs', () => {
    const md = toMarkdown({ title: 'T', chat: chat(), created_at: 0 }, undefined, (id) => `https://x.example/s/a(b)/files/${id}`);
    expect(md).toContain(`## User\n\n![a \\[1\\].png](https://x.example/s/a%28b%29/files/${A})\n\nLook`);
    expect(md).toContain(`![a.png](https://x.example/s/a%28b%29/files/${B})\n\nSeen`);
    expect(toMarkdown({ title: 'T', chat: chat(), created_at: 0 })).not.toContain('![');
  });
});
