// Chat trees from hostile or broken exports: every walk ends, ids never reach the object prototype, currentId is repaired.
import { describe, expect, it } from 'vitest';
import { historyFromList, leafFrom, normalizeChatJson, siblingIds, visiblePath } from '../../src/lib/chats/tree';
import { parseImport, toMarkdown } from '../../src/lib/chats/format';
import type { ChatJson, ChatRow, History, Message } from '../../src/lib/chats/types';

// JSON.parse, like a real upload: a "__proto__" key becomes an own property, not the prototype.
const fromJson = <T>(v: unknown): T => JSON.parse(JSON.stringify(v)) as T;
const msg = (id: string, parentId: string | null, childrenIds: string[], role: string, content: string, timestamp = 1_700_000_000): Message =>
  ({ id, parentId, childrenIds, role, content, timestamp });

/** user "q1" -> answers "a1" (older) and "a2" (newer regeneration) -> "q2" follows a2. Newest leaf: q2. */
function branched(history: Record<string, unknown>): History {
  return fromJson({
    ...history,
    messages: {
      q1: msg('q1', null, ['a1', 'a2'], 'user', 'first question', 1_700_000_000),
      a1: msg('a1', 'q1', [], 'assistant', 'old answer', 1_700_000_010),
      a2: msg('a2', 'q1', ['q2'], 'assistant', 'new answer', 1_700_000_020),
      q2: msg('q2', 'a2', [], 'user', 'follow-up', 1_700_000_030),
      ...(history.messages as object),
    },
  });
}
const contents = (h: History, leaf?: string | null) => visiblePath(h, leaf).map((m) => m.content);
const row = (chat: ChatJson): ChatRow => ({ id: 'c1', user_id: 'u', title: 'T', chat, created_at: 1_700_000_000, updated_at: 1_700_000_000, share_id: null, archived: false, pinned: false, meta: {}, folder_id: null });

describe('a currentId that cannot be used shows the newest leaf', () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['null', { currentId: null }],
    ['missing', {}],
    ['dangling', { currentId: 'no-such-message' }],
    ['"constructor"', { currentId: 'constructor' }],
    ['"__proto__"', { currentId: '__proto__' }],
    ['"toString"', { currentId: 'toString' }],
    ['"hasOwnProperty"', { currentId: 'hasOwnProperty' }],
  ];
  for (const [name, h] of cases) {
    it(`currentId ${name}`, () => {
      const history = branched(h);
      expect(contents(history)).toEqual(['first question', 'new answer', 'follow-up']);
      expect(leafFrom(history, 'q1')).toBe('q2');
      const chat = normalizeChatJson(fromJson<ChatJson>({ title: 'x', history, keep: { me: 1 } }));
      expect(chat.history.currentId).toBe('q2');
      // Only currentId is repaired: everything else stays as exported.
      expect({ ...chat, history: { ...chat.history, currentId: undefined } }).toEqual({ title: 'x', keep: { me: 1 }, history: { ...history, currentId: undefined } });
      const md = toMarkdown(row(chat));
      expect(md).toContain('new answer');
      expect(md).toContain('follow-up');
    });
  }

  it('a valid currentId is kept, object and all', () => {
    const chat = fromJson<ChatJson>({ history: branched({ currentId: 'a1' }) });
    expect(normalizeChatJson(chat)).toBe(chat);
    expect(contents(chat.history)).toEqual(['first question', 'old answer']);
  });
});

describe('ids that name prototype members are only ever message ids', () => {
  it('a parentId of "toString" makes the message a root instead of reaching Object.prototype', () => {
    const history = fromJson<History>({ currentId: 'b', messages: { b: msg('b', 'toString', [], 'user', 'orphan') } });
    expect(contents(history)).toEqual(['orphan']);
    expect(siblingIds(history, history.messages.b!)).toEqual(['b']);
  });

  it('parentId "constructor" and "__proto__", childrenIds naming prototype members: all ignored', () => {
    const history = fromJson<History>({ currentId: null, messages: {
      a: msg('a', '__proto__', ['constructor', 'toString', '__proto__', 'b'], 'user', 'root'),
      b: msg('b', 'a', ['valueOf'], 'assistant', 'answer'),
      c: msg('c', 'constructor', [], 'user', 'another root', 1_600_000_000),
    } });
    expect(contents(history)).toEqual(['root', 'answer']);
    expect(leafFrom(history, 'a')).toBe('b');
    expect(siblingIds(history, history.messages.a!)).toEqual(['c', 'a']); // roots, oldest first
  });

  it('a message whose id is "__proto__" is an ordinary message', () => {
    const history = JSON.parse('{"currentId":"__proto__","messages":{"root":{"id":"root","parentId":null,"childrenIds":["__proto__"],"role":"user","content":"hi"},"__proto__":{"id":"__proto__","parentId":"root","childrenIds":[],"role":"assistant","content":"proto answer"}}}') as History;
    expect(contents(history)).toEqual(['hi', 'proto answer']);
    expect(leafFrom(history, 'root')).toBe('__proto__');
  });

  it('an unknown branch id has no leaf (the page falls back to currentId)', () => {
    const history = branched({ currentId: 'a1' });
    for (const id of ['__proto__', 'constructor', 'toString', 'nope']) expect(leafFrom(history, id)).toBeNull();
    expect(contents(history, '__proto__')).toEqual(['first question', 'old answer']);
  });
});

describe('cycles are cut', () => {
  it('a parentId cycle a -> b -> c -> a ends the path at the cut, each message once', () => {
    const history = fromJson<History>({ currentId: 'c', messages: {
      a: msg('a', 'c', ['b'], 'user', 'A'), b: msg('b', 'a', ['c'], 'assistant', 'B'), c: msg('c', 'b', ['a'], 'user', 'C'),
    } });
    const path = contents(history);
    expect(path).toEqual(['A', 'B', 'C']);
    for (const id of ['a', 'b', 'c']) expect(leafFrom(history, id)).toBe('c');
    expect(toMarkdown(row({ history } as ChatJson))).toContain('## User\n\nC');
  });

  it('a message that is its own parent is a root', () => {
    const history = fromJson<History>({ currentId: 'a', messages: { a: msg('a', 'a', ['a'], 'user', 'self') } });
    expect(contents(history)).toEqual(['self']);
    expect(leafFrom(history, 'a')).toBe('a');
    expect(siblingIds(history, history.messages.a!)).toEqual(['a']);
  });

  it('childrenIds that point back up, at themselves, twice, or at nothing are ignored', () => {
    const history = fromJson<History>({ currentId: null, messages: {
      r: msg('r', null, ['x', 'r', 'k', 'k', 'ghost'], 'user', 'R', 1),
      x: msg('x', 'r', ['r', 'x'], 'assistant', 'X', 2),
      k: msg('k', 'r', ['r'], 'assistant', 'K', 3),
    } });
    expect(leafFrom(history, 'r')).toBe('k');
    expect(siblingIds(history, history.messages.x!)).toEqual(['x', 'k']);
    expect(contents(history)).toEqual(['R', 'K']);
  });

  it('a child that names its parent but is missing from childrenIds is still reachable', () => {
    const history = fromJson<History>({ currentId: null, messages: {
      r: msg('r', null, [], 'user', 'R', 1), x: msg('x', 'r', [], 'assistant', 'X', 2),
    } });
    expect(leafFrom(history, 'r')).toBe('x');
    expect(contents(history)).toEqual(['R', 'X']);
  });
});

describe('deep chats', () => {
  const N = 100_000;
  const chain = () => {
    const messages: Record<string, Message> = {};
    for (let i = 0; i < N; i++) messages[`m${i}`] = msg(`m${i}`, i ? `m${i - 1}` : null, i < N - 1 ? [`m${i + 1}`] : [], i % 2 ? 'assistant' : 'user', `text ${i}`, 1_700_000_000 + i);
    return messages;
  };

  it('a 100k-message chain with no currentId walks without overflowing the stack', () => {
    const history: History = { currentId: null, messages: chain() };
    const path = visiblePath(history);
    expect(path).toHaveLength(N);
    expect(path[N - 1]!.id).toBe(`m${N - 1}`);
    expect(leafFrom(history, 'm0')).toBe(`m${N - 1}`);
    expect(normalizeChatJson({ history } as ChatJson).history.currentId).toBe(`m${N - 1}`);
    expect(toMarkdown(row({ history } as ChatJson))).toContain(`text ${N - 1}`);
    // Every message's switcher asks for its siblings: linear overall, not quadratic.
    const t0 = performance.now();
    for (const m of path) siblingIds(history, m);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('a 100k-message parent cycle with a dangling currentId', () => {
    const messages = chain();
    messages.m0!.parentId = `m${N - 1}`;
    const history: History = { currentId: 'constructor', messages };
    expect(visiblePath(history).length).toBeLessThanOrEqual(N);
    expect(visiblePath(history).length).toBeGreaterThan(0);
  });

  it('an older flat export of 100k messages becomes a history', () => {
    const list = Array.from({ length: N }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `t${i}` }));
    const chat = normalizeChatJson({ messages: list } as unknown as ChatJson);
    expect(visiblePath(chat.history)).toHaveLength(N);
  });
});

describe('flat message lists with hostile ids', () => {
  it('keeps "__proto__" as an id and never lets a fallback id collide', () => {
    const h = historyFromList(fromJson<Message[]>([
      { id: '__proto__', role: 'user', content: 'a' },
      { id: 'm2', role: 'assistant', content: 'b' },
      { id: 'm2', role: 'user', content: 'c' }, // duplicate: gets a fallback id that is not m2
      { id: 'constructor', parentId: 'toString', role: 'assistant', content: 'd' },
    ]));
    expect(Object.getPrototypeOf(h.messages)).not.toBe(h.messages.__proto__);
    expect(Object.keys(h.messages)).toHaveLength(4);
    expect(visiblePath(h).map((m) => m.content)).toEqual(['a', 'b', 'c', 'd']);
    expect(JSON.parse(JSON.stringify(h)).messages.__proto__.content).toBe('a');
  });
});

describe('ChatGPT mappings with hostile ids', () => {
  const node = (id: string, parent: string | null, children: unknown, role: string | null, text = '') => ({
    id, parent, children, message: role ? { author: { role }, content: { content_type: 'text', parts: [text] }, create_time: 1_700_000_000 } : null,
  });

  it('children naming prototype members, non-list children and a parent cycle do not crash the import', () => {
    const conv = fromJson({ id: 'conv-1', title: 'Weird', current_node: 'constructor', mapping: {
      root: node('root', null, ['u1', 'toString', 'constructor'], null),
      u1: node('u1', 'root', ['a1'], 'user', 'question'),
      a1: node('a1', 'u1', 7, 'assistant', 'answer'),
      loopA: node('loopA', 'loopB', ['loopB'], 'user', 'lost'),
      loopB: node('loopB', 'loopA', ['loopA'], 'assistant', 'lost too'),
    } });
    const { chats, rejected } = parseImport([conv]);
    expect(rejected).toEqual([]);
    expect(visiblePath(chats[0]!.chat.history).map((m) => m.content)).toEqual(['question', 'answer']);
    expect(chats[0]!.chat.history.currentId).toBe('a1');
  });

  it('a node with 200k children imports without overflowing the stack', () => {
    const mapping: Record<string, unknown> = { root: node('root', null, [], 'user', 'q') };
    const kids = (mapping.root as { children: string[] }).children;
    for (let i = 0; i < 200_000; i++) { kids.push(`a${i}`); mapping[`a${i}`] = node(`a${i}`, 'root', [], 'assistant', `answer ${i}`); }
    const { chats } = parseImport([{ id: 'big', title: 'Big', mapping }]);
    expect(chats).toHaveLength(1);
    expect(Object.keys(chats[0]!.chat.history.messages)).toHaveLength(200_001);
  });
});
