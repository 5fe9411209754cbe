// Share a part (issue 17.4): the chat cut to a part holds only its messages, as one branch; a part naming a message that
// is gone from the chat (edited away after sharing) cuts to nothing, never to the whole chat; hostile parts are refused.
import { describe, expect, it } from 'vitest';
import { checkPart, cutToPart, partKind, partPath } from '../../src/lib/shares/manage/part';
import { HttpError } from '../../src/lib/http';
import type { ChatJson } from '../../src/lib/chats/types';

const m = (id: string, parentId: string | null, childrenIds: string[], role = 'user') => ({ id, parentId, childrenIds, role, content: id, timestamp: 1 });
const chat = (): ChatJson => ({
  title: 't', history: { currentId: 'c', messages: {
    a: m('a', null, ['b', 'b2']), b: m('b', 'a', ['c'], 'assistant'), b2: m('b2', 'a', [], 'assistant'), c: m('c', 'b', []),
  } },
} as unknown as ChatJson);
const ids = (c: ChatJson) => Object.keys(c.history!.messages);
const field = (fn: () => void) => { try { fn(); } catch (e) { return (e as HttpError).detail.split(':')[0]; } return null; };

describe('a part of a chat', () => {
  it('cuts to the range as one branch: the first has no parent, other regenerations are gone', () => {
    const cut = cutToPart(chat(), { first: 'b', last: 'c' });
    expect(ids(cut)).toEqual(['b', 'c']);
    expect(cut.history!.messages.b!.parentId).toBeNull();
    expect(cut.history!.currentId).toBe('c');
    expect((cut.messages as Array<{ id: string }>).map((x) => x.id)).toEqual(['b', 'c']);
    expect(ids(cutToPart(chat(), { first: null, last: 'b2' }))).toEqual(['a', 'b2']);
    expect(partKind({ first: 'b', last: null })).toBe('from');
  });

  it('all branches keeps the regenerations inside the part only; without it even a whole chat is one branch', () => {
    const whole = chat();
    expect(ids(cutToPart(whole, { first: null, last: null }))).toEqual(['a', 'b', 'c']);
    expect(cutToPart(whole, { first: null, last: null, allBranches: true })).toBe(whole);
    const range = cutToPart(chat(), { first: 'a', last: 'b', allBranches: true });
    expect(ids(range).sort()).toEqual(['a', 'b', 'b2']); // c is below the part's last
    expect(range.history!.currentId).toBe('b');
    expect(range.history!.messages.b!.childrenIds).toEqual([]);
    expect(ids(cutToPart(chat(), { first: 'b', last: null, allBranches: true }))).toEqual(['b', 'c']); // b2 is beside the first
  });

  it('cuts to nothing, never to the whole chat, when a message it names is gone', () => {
    expect(partPath(chat().history, { first: null, last: 'gone' })).toEqual([]);
    expect(partPath(chat().history, { first: 'gone', last: null })).toEqual([]);
    expect(partPath(chat().history, { first: 'b2', last: 'c' })).toEqual([]); // no longer above the last
    expect(ids(cutToPart(chat(), { first: null, last: '__proto__' }))).toEqual([]);
  });

  it('refuses unknown ids, a first after its last, and a first on another branch, naming the field', () => {
    const h = chat().history;
    expect(field(() => checkPart(h, { first: 'x', last: 'c' }))).toBe('first_message_id');
    expect(field(() => checkPart(h, { first: null, last: 'constructor' }))).toBe('last_message_id');
    expect(field(() => checkPart(h, { first: 'c', last: 'a' }))).toBe('last_message_id');
    expect(field(() => checkPart(h, { first: 'b2', last: 'c' }))).toBe('first_message_id');
    expect(field(() => checkPart(h, { first: 'a', last: 'c' }))).toBeNull();
    expect(field(() => checkPart(h, { first: 'b', last: 'b' }))).toBeNull();
  });
});
