// Branch trees and the import formats: Open WebUI rows kept whole, ChatGPT mappings converted, bad items rejected.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { leafFrom, normalizeChatJson, visiblePath } from '../../src/lib/chats/tree';
import { parseImport, toMarkdown, toSeconds } from '../../src/lib/chats/format';
import type { ChatJson, ChatRow } from '../../src/lib/chats/types';

describe('tree', () => {
  it('builds a history from an older flat messages list', () => {
    const chat = normalizeChatJson({ messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }] } as unknown as ChatJson);
    expect(visiblePath(chat.history).map((m) => m.content)).toEqual(['a', 'b']);
  });

  it('leaves a chat that has a history untouched', () => {
    const chat = { history: { currentId: null, messages: {} }, extra: 1 } as unknown as ChatJson;
    expect(normalizeChatJson(chat)).toBe(chat);
  });

  it('survives cycles and dangling ids', () => {
    const history = { currentId: 'a', messages: { a: { id: 'a', parentId: 'b', childrenIds: ['b'], role: 'user', content: '' }, b: { id: 'b', parentId: 'a', childrenIds: ['a'], role: 'assistant', content: '' } } };
    expect(visiblePath(history).length).toBe(2);
    expect(leafFrom(history, 'a')).toBeTruthy();
    expect(visiblePath({ currentId: 'zzz', messages: {} })).toEqual([]);
  });
});

describe('parseImport', () => {
  it('keeps Open WebUI chat JSON exactly as exported', () => {
    const rows = JSON.parse(fs.readFileSync('tests/fixtures/openwebui-export.json', 'utf8'));
    const { chats, rejected } = parseImport(rows);
    expect(rejected).toEqual([]);
    chats.forEach((c, i) => expect(c.chat).toEqual(rows[i].chat));
  });

  it('converts a ChatGPT export into a history that follows current_node', () => {
    const convs = JSON.parse(fs.readFileSync('tests/fixtures/chatgpt-conversations.json', 'utf8'));
    const { chats, rejected } = parseImport(convs);
    expect(rejected).toEqual([]);
    expect(chats).toHaveLength(convs.length);
    for (const c of chats) {
      const path = visiblePath(c.chat.history);
      expect(path.length).toBeGreaterThan(1);
      expect(path[0]!.role).toBe('user');
      expect(path.every((m) => m.content.trim())).toBe(true);
    }
  });

  it('rejects what is not a chat, with a reason, and accepts {chats: [...]}', () => {
    const { chats, rejected } = parseImport({ chats: [42, { nope: true }, { chat: { history: 'x' } }, { chat: { messages: [{ role: 'user', content: 'hi' }] } }] });
    expect(chats).toHaveLength(1);
    expect(rejected.map((r) => r.index)).toEqual([0, 1, 2]);
    expect(rejected.map((r) => r.reason.key)).toEqual(['api.reason_notAChat', 'api.reason_unknownFormat', 'api.reason_messagesNotObject']);
  });

  it('reads seconds, milliseconds and nanoseconds as seconds', () => {
    expect(toSeconds(1_700_000_000)).toBe(1_700_000_000);
    expect(toSeconds(1_700_000_000_123)).toBe(1_700_000_000);
    expect(toSeconds(1_700_000_000_123_456_789)).toBe(1_700_000_000);
    expect(toSeconds('nope')).toBeUndefined();
  });

  it('exports the visible branch as Markdown', () => {
    const rows = JSON.parse(fs.readFileSync('tests/fixtures/openwebui-export.json', 'utf8'));
    const row = { ...rows[0], share_id: null, archived: false, pinned: false, meta: {}, folder_id: null } as ChatRow;
    const md = toMarkdown(row);
    expect(md.startsWith(`# ${row.title}`)).toBe(true);
    expect(md).toContain('## User');
  });
});
