// Cloning a shared chat: the same gate as a view, then the clone rules; the counter moves with its limit check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, Client, type TestServer } from '../helpers/server';

let srv: TestServer;
let alice: Client;
let bob: Client;

const chatOf = (title: string, answer: string) => ({
  chat: {
    title, tags: ['secret-tag'], history: {
      currentId: 'a2', messages: {
        q: { id: 'q', parentId: null, childrenIds: ['a1', 'a2'], role: 'user', content: 'Which answer?' },
        a1: { id: 'a1', parentId: 'q', childrenIds: [], role: 'assistant', content: 'First answer.' },
        a2: { id: 'a2', parentId: 'q', childrenIds: [], role: 'assistant', content: answer },
      },
    },
  },
});

async function sharedChat(owner: Client, title: string, options: Record<string, unknown> = {}) {
  const id = (await owner.req('POST', '/api/v1/chats/new', chatOf(title, 'The shared answer.'))).json.id as string;
  const share = await owner.req('POST', `/api/v1/chats/${id}/share`, options);
  expect(share.status).toBe(200);
  return { id, shareId: share.json.share_id as string };
}

const clone = (c: Client, shareId: string, body?: unknown) => c.req('POST', `/api/v1/chats/${encodeURIComponent(shareId)}/clone/shared`, body);

beforeAll(async () => {
  srv = await startServer({ CHATSHARE_NO_WARMUP: '1' });
  alice = new Client(srv.url);
  bob = new Client(srv.url);
  await alice.signup('alice@example.com');
  await bob.signup('bob@example.com');
});
afterAll(async () => srv?.stop());

describe('POST /api/v1/chats/{share_id}/clone/shared', () => {
  it('copies what the viewer saw into the caller\'s library, without the owner\'s folder, pin or tags', async () => {
    const { id, shareId } = await sharedChat(alice, 'Snapshot chat');
    await alice.req('POST', `/api/v1/chats/${id}`, chatOf('Snapshot chat', 'Edited after sharing.')); // the snapshot keeps the old answer
    const r = await clone(bob, shareId);
    expect(r.status).toBe(200);
    expect(r.json.title).toBe('Clone of Snapshot chat');
    expect(r.json.user_id).toBe((await bob.req('GET', '/api/v1/auths/')).json.id);
    expect(r.json.chat.originalChatId).toBe(id);
    expect(r.json.chat.branchPointMessageId).toBe('a2');
    expect(r.json.chat.history.messages.a2.content).toBe('The shared answer.');
    expect(r.json.chat.tags).toEqual([]);
    expect(r.json).toMatchObject({ folder_id: null, pinned: false, archived: false, share_id: null });
    expect((await bob.req('GET', `/api/v1/chats/${r.json.id}`)).status).toBe(200);
    expect((await alice.req('GET', `/api/v1/chats/${id}/share`)).json.clones).toBe(1);
  });

  it('a live share clones the chat as it is now', async () => {
    const { id, shareId } = await sharedChat(alice, 'Live chat', { is_live: true });
    await alice.req('POST', `/api/v1/chats/${id}`, chatOf('Live chat', 'Newest answer.'));
    const r = await clone(bob, shareId);
    expect(r.json.chat.history.messages.a2.content).toBe('Newest answer.');
  });

  it('passes the gate: unknown, revoked, login and password', async () => {
    expect((await clone(bob, 'no-such-share')).json.code).toBe('SHARE_LINK_NOT_FOUND');
    const anon = new Client(srv.url);
    const open = await sharedChat(alice, 'Open chat');
    expect((await clone(anon, open.shareId)).status).toBe(401);
    expect((await clone(anon, open.shareId)).json.code).toBe('LOGIN_REQUIRED');
    const locked = await sharedChat(alice, 'Locked chat', { password: 'open sesame' });
    expect((await clone(bob, locked.shareId)).json.code).toBe('PASSWORD_REQUIRED');
    expect((await clone(bob, locked.shareId, { password: 'wrong' })).status).toBe(403);
    const ok = await clone(bob, locked.shareId, { password: 'open sesame' });
    expect(ok.status).toBe(200);
    await alice.req('DELETE', `/api/v1/chats/${open.id}/share`);
    const revoked = await clone(bob, open.shareId);
    expect([revoked.status, revoked.json.code]).toEqual([410, 'SHARE_LINK_REVOKED']);
  });

  it('refuses when the owner turned cloning off', async () => {
    const { shareId } = await sharedChat(alice, 'No clones', { allow_cloning: false });
    const r = await clone(bob, shareId);
    expect([r.status, r.json.code]).toEqual([403, 'CLONE_NOT_ALLOWED']);
  });

  it('20 concurrent clones of a max_clones=3 link make exactly 3, then the link is revoked; restore clears the limit', async () => {
    const { id, shareId } = await sharedChat(alice, 'Limited', { max_clones: 3 });
    const results = await Promise.all(Array.from({ length: 20 }, () => clone(bob, shareId)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(3);
    for (const r of results.filter((x) => x.status !== 200)) expect(['SHARE_LINK_REVOKED', 'CLONE_LIMIT_REACHED']).toContain(r.json.code);
    const share = (await alice.req('GET', `/api/v1/chats/${id}/share`)).json;
    expect(share).toMatchObject({ clones: 3, status: 'revoked', revoked_reason: 'clone_limit' });
    expect((await fetch(`${srv.url}/s/${shareId}`)).status).toBe(410);
    const restored = await alice.req('POST', `/api/v1/chats/${id}/share/restore`);
    expect(restored.json).toMatchObject({ status: 'active', max_clones: 0 });
    expect((await clone(bob, shareId)).status).toBe(200);
  });

  it('with "allow viewing after clone limit" the link stays readable and only cloning stops', async () => {
    const { id, shareId } = await sharedChat(alice, 'Keep viewing', { max_clones: 1, allow_view_after_clone_limit: true });
    expect((await clone(bob, shareId)).status).toBe(200);
    const again = await clone(bob, shareId);
    expect([again.status, again.json.code]).toEqual([403, 'CLONE_LIMIT_REACHED']);
    const page = await fetch(`${srv.url}/s/${shareId}`);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain('Clone Chat');
    expect((await alice.req('GET', `/api/v1/chats/${id}/share`)).json.status).toBe('active');
  });

  it("the owner's own clones are not counted, and deleting the original leaves clones alone", async () => {
    const { id, shareId } = await sharedChat(alice, 'Mine', { max_clones: 1 });
    expect((await clone(alice, shareId)).status).toBe(200);
    expect((await clone(alice, shareId)).status).toBe(200);
    expect((await alice.req('GET', `/api/v1/chats/${id}/share`)).json.clones).toBe(0);
    const bobs = await clone(bob, shareId);
    await alice.req('DELETE', `/api/v1/chats/${id}`);
    expect((await bob.req('GET', `/api/v1/chats/${bobs.json.id}`)).status).toBe(200);
  });

  it('hostile bodies are 4xx', async () => {
    const { shareId } = await sharedChat(alice, 'Hostile');
    for (const body of [null, [], 'x', 1, { password: 5 }]) expect((await clone(bob, shareId, body)).status).toBeLessThan(500);
  });
});

describe('Clone Chat on the viewer page', () => {
  it('a signed-in viewer lands in the new chat; a signed-out one signs in and the clone happens once', async () => {
    const { shareId } = await sharedChat(alice, 'From the page');
    const page = await (await fetch(`${srv.url}/s/${shareId}`)).text();
    expect(page).toContain(`action="/s/${shareId}/clone"`);
    expect(page).toContain('Clone Chat');

    const signedIn = await fetch(`${srv.url}/s/${shareId}/clone`, { method: 'POST', headers: { cookie: `auth_session=${bob.token}` }, redirect: 'manual' });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toMatch(/^\/c\/[0-9a-f-]+\?cloned=1$/);

    const anon = await fetch(`${srv.url}/s/${shareId}/clone`, { method: 'POST', redirect: 'manual' });
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toBe(`/auth/signin?next=${encodeURIComponent(`/s/${shareId}/clone`)}`);
    const intent = anon.headers.get('set-cookie')!.split(';')[0]!;
    const carol = new Client(srv.url);
    await carol.signup('carol@example.com');
    const cookie = `${intent}; auth_session=${carol.token}`;
    const back = await fetch(`${srv.url}/s/${shareId}/clone`, { headers: { cookie }, redirect: 'manual' });
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toMatch(/^\/c\//);
    const twice = await fetch(`${srv.url}/s/${shareId}/clone`, { headers: { cookie }, redirect: 'manual' });
    expect(twice.headers.get('location')).toBe(`/s/${shareId}`);
    const list = (await carol.req('GET', '/api/v1/chats/')).json as Array<{ title: string }>;
    expect(list.filter((c) => c.title === 'Clone of From the page')).toHaveLength(1);
  });

  it('no Clone Chat button when cloning is off', async () => {
    const { shareId } = await sharedChat(alice, 'Button off', { allow_cloning: false });
    expect(await (await fetch(`${srv.url}/s/${shareId}`)).text()).not.toContain('Clone Chat');
  });
});
