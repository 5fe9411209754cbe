// The community hand-off: only 'loaded' from the configured origin and the opened tab gets the chat, once, to that
// origin (never '*'), and the listener goes after the answer or the timeout.
import { describe, expect, it } from 'vitest';
import { chatModels, communityOrigin, communityUpload, type CommunityEnv } from '../../src/scripts/community-share';

function fakeEnv(opts: { blocked?: boolean } = {}) {
  const posts: { data: unknown; target: string }[] = [];
  const opened: string[] = [];
  const win = { postMessage: (data: unknown, target: string) => { posts.push({ data, target }); } } as unknown as Window;
  let listeners: ((e: { origin: string; source: unknown; data: unknown }) => void)[] = [];
  let timers: { fn: () => void; ms: number; id: number }[] = [];
  let next = 1;
  const env: CommunityEnv = {
    open: (url) => { opened.push(url); return opts.blocked ? null : win; },
    listen: (fn) => { listeners.push(fn as never); return () => { listeners = listeners.filter((l) => l !== fn); }; },
    setTimeout: (fn, ms) => { const id = next++; timers.push({ fn, ms, id }); return id; },
    clearTimeout: (id) => { timers = timers.filter((t) => t.id !== id); },
  };
  return {
    env, win, posts, opened,
    send: (origin: string, data: unknown = 'loaded', source: unknown = win) => { for (const l of [...listeners]) l({ origin, source, data }); },
    listeners: () => listeners.length,
    timers: () => timers,
  };
}
const tick = () => new Promise((r) => setTimeout(r, 0));
const payload = JSON.stringify({ chat: { id: 'c1', title: 'T' }, models: ['gpt-4o'] });

describe('communityUpload', () => {
  it('opens {url}/chats/upload and posts the payload once, to exactly that origin, then stops listening', async () => {
    const f = fakeEnv();
    const done = communityUpload(f.env, 'https://community.example/', async () => payload);
    expect(f.opened).toEqual(['https://community.example/chats/upload']);
    expect(f.listeners()).toBe(1);
    f.send('https://community.example');
    f.send('https://community.example');
    expect(await done).toBe('sent');
    expect(f.posts).toEqual([{ data: payload, target: 'https://community.example' }]);
    expect(f.listeners()).toBe(0);
    expect(f.timers()).toHaveLength(0);
  });

  it('gives nothing to a loaded from any other origin, another window, or another message', async () => {
    const f = fakeEnv();
    const done = communityUpload(f.env, 'https://community.example', async () => payload);
    for (const origin of ['https://evil.example', 'http://community.example', 'https://community.example:8443', 'null', '']) f.send(origin);
    f.send('https://community.example', 'loaded', {}); // right origin, but not the tab we opened
    f.send('https://community.example', 'hello');
    await tick();
    expect(f.posts).toEqual([]);
    expect(f.listeners()).toBe(1);
    f.send('https://community.example');
    expect(await done).toBe('sent');
    expect(f.posts.map((p) => p.target)).toEqual(['https://community.example']);
  });

  it('stops listening after 60 s without an answer, and a late loaded gets nothing', async () => {
    const f = fakeEnv();
    const done = communityUpload(f.env, 'https://community.example', async () => payload);
    expect(f.timers().map((t) => t.ms)).toEqual([60_000]);
    f.timers()[0]!.fn();
    expect(await done).toBe('timeout');
    expect(f.listeners()).toBe(0);
    f.send('https://community.example');
    await tick();
    expect(f.posts).toEqual([]);
  });

  it('reports a blocked tab or a bad URL without listening, and a failed chat fetch without posting', async () => {
    const blocked = fakeEnv({ blocked: true });
    expect(await communityUpload(blocked.env, 'https://community.example', async () => payload)).toBe('blocked');
    expect(blocked.listeners()).toBe(0);
    const bad = fakeEnv();
    expect(await communityUpload(bad.env, 'javascript:alert(1)', async () => payload)).toBe('blocked');
    expect(bad.opened).toEqual([]);
    const failing = fakeEnv();
    const done = communityUpload(failing.env, 'https://community.example', async () => { throw new Error('404'); });
    failing.send('https://community.example');
    expect(await done).toBe('failed');
    expect(failing.posts).toEqual([]);
    expect(failing.listeners()).toBe(0);
  });

  it('takes the origin from the configured URL', () => {
    expect(communityOrigin('https://openwebui.com')).toBe('https://openwebui.com');
    expect(communityOrigin('http://127.0.0.1:4398/some/path')).toBe('http://127.0.0.1:4398');
    expect(communityOrigin('data:text/html,x')).toBeNull();
    expect(communityOrigin('not a url')).toBeNull();
  });
});

describe('chatModels', () => {
  it("uses the chat's own models list first", () => {
    expect(chatModels({ chat: { models: ['a', 'a', 3, '', 'b'] } })).toEqual(['a', 'b']);
  });
  it('else the model names on the branch shown, root first, and survives loops and hostile ids', () => {
    const messages = {
      r: { parentId: null, model: 'ignored-user' },
      x: { parentId: 'r', model: 'm1' },
      y: { parentId: 'r', model: 'other-branch' },
      z: { parentId: 'x', modelName: 'Nice M2', model: 'm2' },
    };
    expect(chatModels({ chat: { models: [], history: { currentId: 'z', messages } } })).toEqual(['ignored-user', 'm1', 'Nice M2']);
    const loop = { a: { parentId: 'b', model: 'A' }, b: { parentId: 'a', model: 'B' } };
    expect(chatModels({ chat: { history: { currentId: 'a', messages: loop } } })).toEqual(['B', 'A']);
    expect(chatModels({ chat: { history: { currentId: '__proto__', messages: {} } } })).toEqual([]);
    expect(chatModels({})).toEqual([]);
  });
});
