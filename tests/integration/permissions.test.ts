// Permissions enforced on the server: chat.share, sharing.public_chat, chat.clone; default OR groups; admins have all;
// losing public sharing makes exactly the losers' public links login-only, without revoking them.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';

let srv: TestServer;
let admin: Client;
let n = 0;

const ALL_ON = { chat: { share: true, clone: true }, sharing: { public_chat: true }, access_grants: { allow_users: true, allow_groups: true } };
const chatBody = (title: string) => ({
  chat: { title, history: { currentId: 'a', messages: {
    q: { id: 'q', parentId: null, childrenIds: ['a'], role: 'user', content: `About ${title}?` },
    a: { id: 'a', parentId: 'q', childrenIds: [], role: 'assistant', content: 'An answer.' },
  } } },
});

async function person(name: string): Promise<Client & { id: string }> {
  const c = new Client(srv.url) as Client & { id: string };
  c.id = (await c.signup(`${name}-${n++}@example.com`, 'correct horse battery', name)).id;
  return c;
}

/** A chat shared with default options (public when the owner may). */
async function share(owner: Client, title = 'A chat', options: Record<string, unknown> = {}) {
  const chatId = (await owner.req('POST', '/api/v1/chats/new', chatBody(title))).json.id as string;
  const r = await owner.req('POST', `/api/v1/chats/${chatId}/share`, options);
  expect(r.status).toBe(200);
  return { chatId, shareId: r.json.share_id as string, isPublic: r.json.is_public as boolean };
}

const shareOf = async (owner: Client, chatId: string) => (await owner.req('GET', `/api/v1/chats/${chatId}/share`)).json;
const anonymousView = (shareId: string) => fetch(`${srv.url}/api/v1/chats/share/${shareId}`);
const setDefaults = (body: unknown) => admin.req('POST', '/api/v1/users/default/permissions', body);
const newGroup = async (name: string, permissions: unknown, userIds: string[]) => {
  const r = await admin.req('POST', '/api/v1/groups/create', { name, description: `${name} people`, permissions, user_ids: userIds });
  expect(r.status).toBe(200);
  return r.json.id as string;
};

beforeAll(async () => {
  srv = await startServer({ CHATSHARE_NO_WARMUP: '1' });
  admin = new Client(srv.url);
  await admin.signup('admin@example.com', 'correct horse battery', 'Ada Admin');
});
afterAll(async () => srv?.stop());
beforeEach(async () => {
  expect((await setDefaults(ALL_ON)).status).toBe(200);
  for (const g of (await admin.req('GET', '/api/v1/groups/')).json) await admin.req('DELETE', `/api/v1/groups/id/${g.id}/delete`);
});

describe('GET /api/v1/auths/ carries the caller\'s effective permissions, nested as Open WebUI does', () => {
  it('a user gets the defaults; an admin has all even when every default is off', async () => {
    const u = await person('plain');
    expect((await u.req('GET', '/api/v1/auths/')).json.permissions).toEqual(ALL_ON);
    await setDefaults({ chat: { share: false, clone: false }, sharing: { public_chat: false } });
    expect((await u.req('GET', '/api/v1/auths/')).json.permissions).toEqual({ chat: { share: false, clone: false }, sharing: { public_chat: false }, access_grants: { allow_users: true, allow_groups: true } });
    const me = await admin.req('GET', '/api/v1/auths/');
    expect(me.json.role).toBe('admin');
    expect(me.json.permissions).toEqual(ALL_ON);
    expect((await share(admin, 'Admin still shares')).isPublic).toBe(true); // upstream #15297: admins could not share
  });

  it('effective = default OR any group: each grant comes from wherever it is on', async () => {
    await setDefaults({ chat: { share: true, clone: false }, sharing: { public_chat: false } });
    const member = await person('member');
    const outsider = await person('outsider');
    await newGroup('Cloners', { chat: { clone: true } }, [member.id]);
    await newGroup('Publishers', { sharing: { public_chat: true } }, [member.id]);
    expect((await member.req('GET', '/api/v1/auths/')).json.permissions).toEqual(ALL_ON);
    expect((await outsider.req('GET', '/api/v1/auths/')).json.permissions).toEqual({ chat: { share: true, clone: false }, sharing: { public_chat: false }, access_grants: { allow_users: true, allow_groups: true } });
  });

  it('a partial POST keeps what it leaves out (upstream dropped permissions on save), and bad values are 422', async () => {
    expect((await setDefaults({ chat: { clone: false } })).json).toEqual({ chat: { share: true, clone: false }, sharing: { public_chat: true }, access_grants: { allow_users: true, allow_groups: true } });
    expect((await admin.req('GET', '/api/v1/users/default/permissions')).json.chat).toEqual({ share: true, clone: false });
    // Open WebUI clients send many more permissions: ignored, not an error.
    expect((await setDefaults({ workspace: { models: true }, chat: { share: true, file_upload: true } })).status).toBe(200);
    const bad = await setDefaults({ sharing: { public_chat: 'yes' } });
    expect(bad.status).toBe(422);
    expect(bad.json.code).toBe('VALIDATION_ERROR');
    expect(bad.json.detail).toMatch(/^sharing\.public_chat: /);
    expect((await setDefaults([1, 2])).status).toBe(422);
  });
});

describe('chat.share', () => {
  it('without it the share API is 403 SHARING_NOT_ALLOWED, the chat page has no Share button, and restore is refused', async () => {
    const u = await person('sharer');
    const { chatId } = await share(u, 'Shared before');
    await u.req('DELETE', `/api/v1/chats/${chatId}/share`);
    await setDefaults({ chat: { share: false } });
    const other = (await u.req('POST', '/api/v1/chats/new', chatBody('Not shareable'))).json.id;
    const r = await u.req('POST', `/api/v1/chats/${other}/share`, {});
    expect(r.status).toBe(403);
    expect(r.json.code).toBe('SHARING_NOT_ALLOWED');
    expect((await u.req('POST', `/api/v1/chats/${chatId}/share/restore`)).json.code).toBe('SHARING_NOT_ALLOWED');
    const html = (await u.req('GET', `/c/${other}`)).json as string;
    expect(html).not.toContain('data-open-share');
    expect(html).not.toContain('id="share-dialog"');
    expect(html).toMatch(/data-item="share"[^>]*hidden/);
    // A group gives it back.
    await newGroup('Sharers', { chat: { share: true } }, [u.id]);
    expect((await u.req('POST', `/api/v1/chats/${other}/share`, {})).status).toBe(200);
    expect((await u.req('GET', `/c/${other}`)).json).toContain('data-open-share');
  });
});

describe('sharing.public_chat', () => {
  it('without it a public link is 403 PUBLIC_SHARING_NOT_ALLOWED, a new link needs sign-in, and the dialog says why', async () => {
    await setDefaults({ sharing: { public_chat: false } });
    const u = await person('private');
    const chatId = (await u.req('POST', '/api/v1/chats/new', chatBody('Private one'))).json.id;
    const refused = await u.req('POST', `/api/v1/chats/${chatId}/share`, { is_public: true });
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe('PUBLIC_SHARING_NOT_ALLOWED');
    const made = await u.req('POST', `/api/v1/chats/${chatId}/share`, {});
    expect(made.status).toBe(200);
    expect(made.json.is_public).toBe(false);
    expect((await anonymousView(made.json.share_id)).status).toBe(401);
    const html = (await u.req('GET', `/c/${chatId}`)).json as string;
    expect(html).toMatch(/<input type="checkbox"[^>]*name="is_public"[^>]*disabled/);
    expect(html).toContain('Your administrator has not given you permission to make links public');
    // Someone who has it sees the switch on and no reason.
    const v = await person('public');
    const other = (await v.req('POST', '/api/v1/chats/new', chatBody('Public one'))).json.id;
    await setDefaults({ sharing: { public_chat: true } });
    const page = (await v.req('GET', `/c/${other}`)).json as string;
    expect(page).not.toMatch(/name="is_public"[^>]*disabled/);
    expect(page).not.toContain('has not given you permission');
  });
});

describe('chat.clone', () => {
  it('without it cloning is 403 CLONE_NOT_ALLOWED and the viewer page has no Clone button; with it both work', async () => {
    const owner = await person('owner');
    const { chatId, shareId } = await share(owner, 'Clone me');
    const cloner = await person('cloner');
    const barred = await person('barred');
    await setDefaults({ chat: { clone: false } });
    await newGroup('Clone club', { chat: { clone: true } }, [cloner.id]);
    const r = await barred.req('POST', `/api/v1/chats/${shareId}/clone/shared`);
    expect(r.status).toBe(403);
    expect(r.json.code).toBe('CLONE_NOT_ALLOWED');
    expect(r.json.detail).toContain('permission');
    expect((await barred.req('GET', `/s/${shareId}`)).json).not.toContain('clone-bar');
    // Signed out: the default decides whether the button is offered at all.
    expect(await (await fetch(`${srv.url}/s/${shareId}`)).text()).not.toContain('clone-bar');
    expect((await cloner.req('GET', `/s/${shareId}`)).json).toContain('clone-bar');
    expect((await cloner.req('POST', `/api/v1/chats/${shareId}/clone/shared`)).status).toBe(200);
    expect((await shareOf(owner, chatId)).clones).toBe(1);
  });
});

describe('losing public sharing makes exactly the losers\' public links login-only, not revoked', () => {
  it('the default turned off: users without a group grant flip; a group member and the admin keep theirs', async () => {
    const carol = await person('carol');
    const bob = await person('bob');
    const c = await share(carol, 'Carol public');
    const b = await share(bob, 'Bob public');
    const a = await share(admin, 'Admin public');
    const carolPrivate = await share(carol, 'Carol already private', { is_public: false });
    await newGroup('Press', { sharing: { public_chat: true } }, [bob.id]);
    const before = (await shareOf(carol, c.chatId)).updated_at;
    expect((await setDefaults({ sharing: { public_chat: false } })).status).toBe(200);

    const flipped = await shareOf(carol, c.chatId);
    expect(flipped).toMatchObject({ is_public: false, status: 'active' });
    expect(flipped.updated_at).toBeGreaterThanOrEqual(before);
    expect((await anonymousView(c.shareId)).status).toBe(401); // login-only
    expect((await bob.req('GET', `/api/v1/chats/share/${c.shareId}`)).status).toBe(200); // still works signed in
    expect((await shareOf(carol, carolPrivate.chatId)).is_public).toBe(false);
    expect((await shareOf(bob, b.chatId)).is_public).toBe(true);
    expect((await shareOf(admin, a.chatId)).is_public).toBe(true);
    expect((await anonymousView(b.shareId)).status).toBe(200);
    // Turning it back on does not make anything public again.
    await setDefaults({ sharing: { public_chat: true } });
    expect((await shareOf(carol, c.chatId)).is_public).toBe(false);
  });

  it('a group\'s grant removed: its members flip, unless another group still grants it; others untouched', async () => {
    await setDefaults({ sharing: { public_chat: false } });
    const x = await person('x');
    const y = await person('y');
    const z = await person('z');
    const press = await newGroup('Press', { sharing: { public_chat: true }, chat: { clone: true } }, [x.id, y.id]);
    await newGroup('Editors', { sharing: { public_chat: true } }, [y.id, z.id]);
    const [sx, sy, sz] = [await share(x, 'x'), await share(y, 'y'), await share(z, 'z')];
    expect([sx.isPublic, sy.isPublic, sz.isPublic]).toEqual([true, true, true]);
    // Renaming the group or changing another permission takes nothing away.
    await admin.req('POST', `/api/v1/groups/id/${press}/update`, { name: 'Press office', permissions: { chat: { clone: false } } });
    expect((await shareOf(x, sx.chatId)).is_public).toBe(true);
    const r = await admin.req('POST', `/api/v1/groups/id/${press}/update`, { permissions: { sharing: { public_chat: false } } });
    expect(r.status).toBe(200);
    expect(r.json.permissions.sharing.public_chat).toBe(false);
    expect(r.json.user_ids.sort()).toEqual([x.id, y.id].sort()); // members kept when user_ids is left out
    expect((await shareOf(x, sx.chatId))).toMatchObject({ is_public: false, status: 'active' });
    expect((await shareOf(y, sy.chatId)).is_public).toBe(true);
    expect((await shareOf(z, sz.chatId)).is_public).toBe(true);
  });

  it('a user removed from a group flips alone (by the group\'s member list or by the user\'s group_ids)', async () => {
    await setDefaults({ sharing: { public_chat: false } });
    const [p, q, r] = [await person('p'), await person('q'), await person('r')];
    const g = await newGroup('Public people', { sharing: { public_chat: true } }, [p.id, q.id, r.id]);
    const [sp, sq, sr] = [await share(p, 'p'), await share(q, 'q'), await share(r, 'r')];
    await admin.req('POST', `/api/v1/groups/id/${g}/update`, { user_ids: [q.id, r.id] });
    expect([(await shareOf(p, sp.chatId)).is_public, (await shareOf(q, sq.chatId)).is_public, (await shareOf(r, sr.chatId)).is_public]).toEqual([false, true, true]);
    const upd = await admin.req('POST', `/api/v1/users/${q.id}/update`, { group_ids: [] });
    expect(upd.status).toBe(200);
    expect(upd.json.group_ids).toEqual([]);
    expect([(await shareOf(q, sq.chatId)).is_public, (await shareOf(r, sr.chatId)).is_public]).toEqual([false, true]);
  });

  it('a group deleted: members without another grant flip', async () => {
    await setDefaults({ sharing: { public_chat: false } });
    const [m1, m2, out] = [await person('m1'), await person('m2'), await person('out')];
    const g = await newGroup('Temporary', { sharing: { public_chat: true } }, [m1.id, m2.id]);
    await newGroup('Permanent', { sharing: { public_chat: true } }, [m2.id, out.id]);
    const [s1, s2, s3] = [await share(m1, '1'), await share(m2, '2'), await share(out, '3')];
    const del = await admin.req('DELETE', `/api/v1/groups/id/${g}/delete`);
    expect(del.status).toBe(200);
    expect(del.json).toBe(true);
    expect([(await shareOf(m1, s1.chatId)).is_public, (await shareOf(m2, s2.chatId)).is_public, (await shareOf(out, s3.chatId)).is_public]).toEqual([false, true, true]);
    expect((await admin.req('DELETE', `/api/v1/groups/id/${g}/delete`)).json.code).toBe('GROUP_NOT_FOUND');
  });

  it('a role change: an admin made user (default off) and a user made pending flip; the others do not', async () => {
    const other = await person('second-admin');
    await admin.req('POST', `/api/v1/users/${other.id}/update`, { role: 'admin' });
    const keeper = await person('keeper');
    const demoted = await person('demoted');
    const [so, sk, sd] = [await share(other, 'o'), await share(keeper, 'k'), await share(demoted, 'd')];
    await newGroup('Keepers', { sharing: { public_chat: true } }, [keeper.id]);
    await setDefaults({ sharing: { public_chat: false } }); // demoted flips here (no grant); the admin and keeper keep theirs
    expect((await shareOf(demoted, sd.chatId)).is_public).toBe(false);
    expect((await shareOf(other, so.chatId)).is_public).toBe(true);
    const r = await admin.req('POST', `/api/v1/users/${other.id}/update`, { role: 'user' });
    expect(r.json.role).toBe('user');
    expect((await shareOf(other, so.chatId))).toMatchObject({ is_public: false, status: 'active' });
    await admin.req('POST', `/api/v1/users/${keeper.id}/update`, { role: 'pending' });
    expect((await admin.req('GET', `/api/v1/admin/shares?user_id=${keeper.id}`)).json.items[0].is_public).toBe(false);
    expect(sk.isPublic).toBe(true);
  });
});
