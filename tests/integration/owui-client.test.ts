// The flows Open WebUI's own frontend runs against its API (its src/lib/apis functions), sent as it sends them and
// checked for what its code reads from the answers. One built server for the file, real SQLite in a temp folder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;
beforeAll(async () => { server = await startServer(); });
afterAll(async () => { await server?.stop(); });

/** Open WebUI's fetch: JSON headers, `authorization: Bearer`, and `if (!res.ok) throw await res.json()`. */
class OwuiClient {
  token = '';
  async call(method: string, path: string, body?: unknown): Promise<any> {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...(this.token && { authorization: `Bearer ${this.token}` }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw Object.assign(await res.json(), { status: res.status });
    return res.json();
  }
  /** Its getAllChats: NDJSON read line by line. */
  async allChats(): Promise<any[]> {
    const res = await fetch(`${server.url}/api/v1/chats/all`, { headers: { Accept: 'application/x-ndjson', authorization: `Bearer ${this.token}` } });
    if (!res.ok) throw await res.json();
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    return (await res.text()).split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  }
  async signIn(email: string, password = 'correct horse battery') {
    const r = await this.call('POST', '/auths/signin', { email, password });
    this.token = r.token;
    return r;
  }
}

const chatJson = (title: string, text = 'Hello there') => ({
  id: '', title, models: ['gpt-4o'], params: {}, tags: [], timestamp: Date.now(),
  history: { currentId: 'm2', messages: {
    m1: { id: 'm1', parentId: null, childrenIds: ['m2'], role: 'user', content: text, timestamp: 1_700_000_000 },
    m2: { id: 'm2', parentId: 'm1', childrenIds: [], role: 'assistant', content: 'General Kenobi', model: 'gpt-4o', timestamp: 1_700_000_001 },
  } },
  messages: [],
});

async function person(email: string): Promise<OwuiClient> {
  const c = new OwuiClient();
  await c.call('POST', '/auths/signup', { email, password: 'correct horse battery', name: email.split('@')[0] });
  await c.signIn(email);
  return c;
}

describe('an Open WebUI client, unmodified', () => {
  let admin: OwuiClient;
  let ann: OwuiClient;
  beforeAll(async () => {
    admin = await person('admin@example.com');
    ann = await person('ann@example.com');
  });

  it('sidebar: initChatList awaits tags and pinned chats, then lists and searches', async () => {
    // A new account: every list is an empty array (Open WebUI maps over them), never a 404.
    expect(await ann.call('GET', '/chats/all/tags')).toEqual([]);
    expect(await ann.call('GET', '/chats/pinned')).toEqual([]);
    const one = await ann.call('POST', '/chats/new', { chat: chatJson('Rust lifetimes', 'Explain borrow checking'), folder_id: null });
    const two = await ann.call('POST', '/chats/new', { chat: chatJson('Soup recipes'), folder_id: null });
    expect(await ann.call('POST', `/chats/${one.id}/tags`, { name: 'Work Notes' })).toEqual([{ id: 'work_notes', name: 'Work Notes', user_id: expect.any(String), meta: null }]);
    const pinned = await ann.call('POST', `/chats/${two.id}/pin`);
    expect([pinned.id, pinned.pinned]).toEqual([two.id, true]);
    expect(await ann.call('GET', `/chats/${two.id}/pinned`)).toBe(true);

    expect((await ann.call('GET', '/chats/all/tags')).map((t: any) => [t.id, t.name])).toEqual([['work_notes', 'Work Notes']]);
    expect((await ann.call('GET', '/chats/pinned')).map((c: any) => c.id)).toEqual([two.id]);
    const page = await ann.call('GET', '/chats/?page=1');
    expect(page.map((c: any) => c.id).sort()).toEqual([one.id, two.id].sort());
    for (const c of page) expect(Object.keys(c)).toEqual(expect.arrayContaining(['id', 'title', 'updated_at', 'created_at']));

    // Search: words in the title or in messages, and Open WebUI's tag: filter.
    const search = async (text: string) => (await ann.call('GET', `/chats/search?${new URLSearchParams({ text, page: '1' })}`)).map((c: any) => c.id);
    expect(await search('rust')).toEqual([one.id]);
    expect(await search('borrow')).toEqual([one.id]);
    expect(await search('tag:work_notes')).toEqual([one.id]);
    expect(await search('content')).toEqual([]); // a JSON key in every chat, not text anyone wrote
    expect((await ann.call('POST', '/chats/tags', { name: 'Work Notes' })).map((c: any) => c.id)).toEqual([one.id]);
    expect((await ann.call('DELETE', `/chats/${one.id}/tags`, { name: 'Work Notes' }))).toEqual([]);
    expect(await ann.call('GET', '/chats/all/tags')).toEqual([]);
  });

  it('unknown /api/ paths are 404 NOT_FOUND, never a resource\'s not-found code', async () => {
    for (const p of ['/chats/all/nope', '/chats/x/y/z', '/nothing-here', '/users/x/y/z', '/groups/nope', '/chats/shared/x/y']) {
      const err = await ann.call('GET', p).catch((e) => e);
      expect([err.status, err.code], p).toEqual([404, 'NOT_FOUND']);
      expect(typeof err.detail).toBe('string');
    }
  });

  it('share, unshare and share again: true/false answers, share_id null after, a new link that works and the old one dead', async () => {
    const chat = await ann.call('POST', '/chats/new', { chat: chatJson('To be shared'), folder_id: null });
    const shared = await ann.call('POST', `/chats/${chat.id}/share`);
    // Older clients copy `${origin}/s/${res.id}`; newer ones read the chat's share_id.
    expect(shared.id).toBe(shared.share_id);
    expect(shared.status).toBe('active');
    expect((await fetch(`${server.url}/s/${shared.id}`)).status).toBe(200);
    expect((await ann.call('GET', `/chats/${chat.id}`)).share_id).toBe(shared.id);

    expect(await ann.call('DELETE', `/chats/${chat.id}/share`)).toBe(true);
    expect((await ann.call('GET', `/chats/${chat.id}`)).share_id).toBeNull();
    expect(await ann.call('DELETE', `/chats/${chat.id}/share`)).toBe(false);
    expect((await fetch(`${server.url}/s/${shared.id}`)).status).toBe(410);

    // "Delete this link and create a new one": a new id, working; the old id stays dead.
    const again = await ann.call('POST', `/chats/${chat.id}/share`);
    expect(again.id).not.toBe(shared.id);
    expect([again.status, again.views]).toEqual(['active', 0]);
    expect((await ann.call('GET', `/chats/${chat.id}`)).share_id).toBe(again.id);
    expect((await fetch(`${server.url}/s/${again.id}`)).status).toBe(200);
    expect([404, 410]).toContain((await fetch(`${server.url}/s/${shared.id}`)).status);
    // Nobody else can take the old id for other content.
    const bob = await person('bob@example.com');
    const bobs = await bob.call('POST', '/chats/new', { chat: chatJson('Bob') });
    const taken = await bob.call('POST', `/chats/${bobs.id}/share`, { share_id: shared.id }).catch((e) => e);
    expect([taken.status, taken.code]).toEqual([409, 'SHARE_ID_TAKEN']);
    // Revoked again, then Restore: the current link (the new id) comes back, not the old one.
    expect(await ann.call('DELETE', `/chats/${chat.id}/share`)).toBe(true);
    const restored = await ann.call('POST', `/chats/${chat.id}/share/restore`);
    expect([restored.share_id, restored.status]).toEqual([again.id, 'active']);
    // A custom id is kept when sharing again after a revoke.
    await ann.call('DELETE', `/chats/${chat.id}/share`);
    expect((await ann.call('POST', `/chats/${chat.id}/share`, { share_id: 'my-fresh-link' })).id).toBe('my-fresh-link');
    // Another user's chat: not found, nothing revealed.
    const theirs = await bob.call('DELETE', `/chats/${chat.id}/share`).catch((e) => e);
    expect(theirs.status).toBe(404);
  });

  it('the Shared Chats modal: a list of {id, chat_id, title, share_id, updated_at, created_at}', async () => {
    const c = await person('lister@example.com');
    const ids: string[] = [];
    for (const title of ['First shared', 'Second shared']) {
      const chat = await c.call('POST', '/chats/new', { chat: chatJson(title) });
      await c.call('POST', `/chats/${chat.id}/share`);
      ids.push(chat.id);
    }
    const list = await c.call('GET', '/chats/shared?page=1');
    expect(Array.isArray(list)).toBe(true);
    expect(list.map((s: any) => s.id).sort()).toEqual([...ids].sort());
    for (const s of list) {
      expect(s).toMatchObject({ id: s.chat_id, chat_id: expect.any(String), title: expect.any(String), share_id: expect.any(String), updated_at: expect.any(Number), created_at: expect.any(Number) });
    }
    expect(await c.call('GET', '/chats/shared?page=2')).toEqual([]); // its modal stops at an empty page
    const filtered = await c.call('GET', '/chats/shared?page=1&query=second&order_by=title&direction=asc');
    expect(filtered.map((s: any) => s.title)).toEqual(['Second shared']);
  });

  it('admin user edit, role, groups, own profile, the public author lookup and /api/config', async () => {
    const tess = await person('tess@example.com');
    const id = (await tess.call('GET', '/auths/')).id as string;
    // Its EditUserModal sends every field; a password there is an administrator's reset.
    const edited = await admin.call('POST', `/users/${id}/update`, { role: 'user', name: 'Tess T', email: 'tess.t@example.com', profile_image_url: '/user.png', password: 'a brand new secret' });
    expect([edited.name, edited.email, edited.role]).toEqual(['Tess T', 'tess.t@example.com', 'user']);
    expect((await tess.call('GET', '/auths/').catch((e) => e)).status).toBe(401); // her sessions ended with the reset
    expect((await new OwuiClient().signIn('tess@example.com').catch((e) => e)).status).toBe(401);
    await tess.signIn('tess.t@example.com', 'a brand new secret');
    // Left blank, the password stays; an email another account has is refused.
    await admin.call('POST', `/users/${id}/update`, { name: 'Tess T', email: 'tess.t@example.com', password: '' });
    expect((await tess.call('GET', '/auths/')).email).toBe('tess.t@example.com');
    const taken = await admin.call('POST', `/users/${id}/update`, { name: 'Tess T', email: 'ann@example.com', password: '' }).catch((e) => e);
    expect([taken.status, taken.code]).toEqual([409, 'EMAIL_TAKEN']);

    expect((await admin.call('POST', '/users/update/role', { id, role: 'pending' })).role).toBe('pending');
    expect((await admin.call('POST', '/users/update/role', { id, role: 'user' })).role).toBe('user');
    const group = await admin.call('POST', '/groups/create', { name: 'Editors', description: '' });
    expect((await admin.call('POST', `/groups/id/${group.id}/users/add`, { user_ids: [id] })).user_ids).toEqual([id]);
    expect((await admin.call('POST', `/groups/id/${group.id}/users/remove`, { user_ids: [id] })).user_ids).toEqual([]);
    expect((await tess.call('POST', '/users/update/role', { id, role: 'admin' }).catch((e) => e)).status).toBe(403);

    expect((await tess.call('POST', '/auths/update/profile', { name: 'Tessa', profile_image_url: '' })).name).toBe('Tessa');
    // The share page's author lookup, by someone who is not an administrator: name and picture, nothing more.
    const seen = await ann.call('GET', `/users/${id}`);
    expect(seen).toEqual({ id, name: 'Tessa', profile_image_url: expect.stringContaining(`/api/v1/users/${id}/avatar`) });

    const config = await (await fetch(`${server.url}/api/config`)).json();
    expect(config.features).toMatchObject({ enable_login_form: true, enable_api_key: true, enable_websocket: false });
  });

  it('its one-key API routes: make a key, use it, replace it, delete it', async () => {
    const c = await person('keys@example.com');
    expect((await c.call('GET', '/auths/api_key').catch((e) => e)).status).toBe(404); // no key to show: it offers to make one
    const { api_key } = await c.call('POST', '/auths/api_key');
    expect(api_key).toMatch(/^sk-/);
    const k = new OwuiClient();
    k.token = api_key;
    expect((await k.call('GET', '/auths/')).email).toBe('keys@example.com');
    const again = (await c.call('POST', '/auths/api_key')).api_key;
    expect((await k.call('GET', '/auths/').catch((e) => e)).status).toBe(401); // the old one is revoked
    k.token = again;
    expect((await k.call('GET', '/auths/')).email).toBe('keys@example.com');
    expect(await c.call('DELETE', '/auths/api_key')).toBe(true);
    expect((await k.call('GET', '/auths/').catch((e) => e)).status).toBe(401);
  });

  it('its app start and settings modal: user settings read, saved key by key, and the profile picture by its path', async () => {
    const c = await person('settings@example.com');
    const id = (await c.call('GET', '/auths/')).id as string;
    expect(await c.call('GET', '/users/user/settings')).toBeNull(); // never saved: Open WebUI answers null too
    const saved = await c.call('POST', '/users/user/settings/update', { ui: { theme: 'dark', models: ['gpt-4o'] }, future_key: 1 });
    expect(saved).toEqual({ ui: { theme: 'dark', models: ['gpt-4o'] }, future_key: 1 });
    // Its saveSettings sends whole top-level objects: a second save replaces `ui` and keeps the other keys.
    await c.call('POST', '/users/user/settings/update', { ui: { theme: 'light' } });
    expect(await c.call('GET', '/users/user/settings')).toEqual({ ui: { theme: 'light' }, future_key: 1 });
    // Settings are the caller's own: another account starts from null.
    expect(await ann.call('GET', '/users/user/settings')).toBeNull();
    // Hostile bodies are 4xx with {detail, code}, never stored.
    const notObject = await c.call('POST', '/users/user/settings/update', { ui: 'dark' }).catch((e) => e);
    expect([notObject.status, notObject.code]).toEqual([422, 'VALIDATION_ERROR']);
    const huge = await c.call('POST', '/users/user/settings/update', { ui: { blob: 'x'.repeat(70_000) } }).catch((e) => e);
    expect([huge.status, huge.code]).toEqual([422, 'VALIDATION_ERROR']);
    expect(huge.detail).toMatch(/too large/);
    const proto = await c.call('POST', '/users/user/settings/update', JSON.parse('{"__proto__": {"polluted": true}}'));
    expect(proto.polluted).toBeUndefined();
    expect(({} as any).polluted).toBeUndefined();
    expect(await c.call('GET', '/users/user/settings')).toMatchObject({ ui: { theme: 'light' }, future_key: 1 });
    expect((await new OwuiClient().call('GET', '/users/user/settings').catch((e) => e)).status).toBe(401);

    const picture = await fetch(`${server.url}/api/v1/users/${id}/profile/image`, { headers: { authorization: `Bearer ${ann.token}` } });
    expect(picture.status).toBe(200);
    expect(picture.headers.get('content-type')).toMatch(/^image\//);
    const avatar = await fetch(`${server.url}/api/v1/users/${id}/avatar`, { headers: { authorization: `Bearer ${ann.token}` } });
    expect(Buffer.from(await picture.arrayBuffer())).toEqual(Buffer.from(await avatar.arrayBuffer()));
    expect((await fetch(`${server.url}/api/v1/users/nobody/profile/image`, { headers: { authorization: `Bearer ${ann.token}` } })).status).toBe(404);
  });

  it('admin config and permission keys we do not enforce are stored and returned, not dropped', async () => {
    const sent = { ENABLE_SIGNUP: true, DEFAULT_USER_ROLE: 'user', ENABLE_COMMUNITY_SHARING: true, SHOW_ADMIN_DETAILS: true, JWT_EXPIRES_IN: '-1', ENABLE_MESSAGE_RATING: false };
    const answer = { ...sent, ENABLE_SHARE_INDEXING: false }; // ours, not sent: its default
    expect(await admin.call('POST', '/auths/admin/config', sent)).toEqual(answer);
    expect(await admin.call('GET', '/auths/admin/config')).toEqual(answer);
    expect(await admin.call('POST', '/auths/admin/config', { JWT_EXPIRES_IN: '4w' })).toEqual({ ...answer, JWT_EXPIRES_IN: '4w' });

    const perms = { chat: { share: true, clone: true, delete: false, file_upload: true }, sharing: { public_chat: true, public_models: false }, workspace: { models: false } };
    // access_grants (who a link may name, issue 17.1) is ours to enforce: left out of the body, it keeps its default.
    const kept = { ...perms, access_grants: { allow_users: true, allow_groups: true } };
    expect(await admin.call('POST', '/users/default/permissions', perms)).toEqual(kept);
    expect(await admin.call('POST', '/users/default/permissions', { features: { web_search: true } })).toEqual({ ...kept, features: { web_search: true } });
    expect(await admin.call('GET', '/users/default/permissions')).toEqual({ ...kept, features: { web_search: true } });

    const g = await admin.call('POST', '/groups/create', { name: 'Keeps keys', permissions: { chat: { share: true, controls: false }, features: { web_search: true } } });
    // A group grants what it names: access_grants left out grants neither kind.
    const noGrants = { access_grants: { allow_users: false, allow_groups: false } };
    expect(g.permissions).toEqual({ chat: { share: true, clone: false, controls: false }, sharing: { public_chat: false }, ...noGrants, features: { web_search: true } });
    const g2 = await admin.call('POST', `/groups/id/${g.id}/update`, { permissions: { features: { image_generation: false } } });
    expect(g2.permissions).toEqual({ chat: { share: true, clone: false, controls: false }, sharing: { public_chat: false }, ...noGrants, features: { web_search: true, image_generation: false } });
  });

  it('clone, archive, export all and import: the library goes out and back in', async () => {
    const c = await person('exporter@example.com');
    const a = await c.call('POST', '/chats/new', { chat: chatJson('Keep me') });
    await c.call('POST', `/chats/${a.id}/tags`, { name: 'keep' });
    const copy = await c.call('POST', `/chats/${a.id}/clone`, {});
    expect(copy.title).toBe('Clone of Keep me');
    expect(copy.chat.originalChatId).toBe(a.id);
    expect(copy.meta.tags).toEqual(['keep']);
    expect((await c.call('POST', `/chats/${a.id}/clone`, { title: 'Named copy' })).title).toBe('Named copy');
    const archived = await c.call('POST', `/chats/${copy.id}/archive`);
    expect(archived.archived).toBe(true);
    expect((await c.call('GET', '/chats/?page=1')).map((x: any) => x.id)).not.toContain(copy.id);
    expect((await c.call('GET', '/chats/archived?page=1')).map((x: any) => x.id)).toEqual([copy.id]);
    expect((await c.call('GET', '/chats/all/archived')).map((x: any) => x.id)).toEqual([copy.id]);

    const all = await c.allChats();
    expect(all).toHaveLength(3);
    const mine = all.find((x) => x.id === a.id);
    expect(Object.keys(mine).sort()).toEqual(['archived', 'chat', 'created_at', 'folder_id', 'id', 'meta', 'pinned', 'share_id', 'title', 'updated_at', 'user_id']);
    expect(mine.chat.history.messages.m2.content).toBe('General Kenobi');

    expect(await c.call('POST', '/chats/archive/all')).toBe(true);
    expect(await c.call('GET', '/chats/?page=1')).toEqual([]);
    expect(await c.call('POST', '/chats/unarchive/all')).toBe(true);
    expect(await c.call('DELETE', '/chats/')).toBe(true);
    expect(await c.allChats()).toEqual([]);
    // Its importChats sends {chats: [...]} with the rows "Export All Chats" wrote.
    await c.call('POST', '/chats/import', { chats: all });
    expect((await c.allChats()).map((x) => x.title).sort()).toEqual(['Clone of Keep me', 'Keep me', 'Named copy']);
  });
});
