// Ready for a CDN (CDN_MAX_AGE): only a signed-out viewer's page (and card) of a public, unlimited, password-free
// snapshot may be kept by a shared cache, never past the link's expiry; every change to a share sends a purge to
// CDN_PURGE_URL (a stand-in webhook receiver on loopback here: the CDN is an outside service), retried, off the
// owner's request.
import http from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';
import { longChat } from '../helpers/long-chat';

interface Purge { keys: string[]; auth: string | undefined }
const purges: Purge[] = [];
let failNext = 0;
let hang = false;
const waiters: Array<() => void> = [];
const receiver = http.createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    if (hang) return; // never answers: the sender's timeout is its business, the owner's action must not wait
    if (failNext > 0) {
      failNext--;
      res.writeHead(502).end();
      return;
    }
    purges.push({ keys: JSON.parse(body).keys, auth: req.headers.authorization });
    res.writeHead(200).end('{}');
    for (const w of waiters.splice(0)) w();
  });
});

let srv: TestServer;
let admin: Client;
let owner: Client;
const MAX_AGE = 7200;
const keyOf = (chatId: string) => `share-${createHash('sha256').update(chatId).digest('hex').slice(0, 24)}`;

beforeAll(async () => {
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  srv = await startServer({
    CHATSHARE_NO_WARMUP: '1', CDN_MAX_AGE: String(MAX_AGE), CDN_PURGE_TOKEN: 'purge-secret', CDN_PURGE_RETRY_MS: '50',
    CDN_PURGE_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/purge`,
  });
  admin = new Client(srv.url);
  await admin.signup('cdn-admin@example.com'); // the first account is the administrator
  owner = new Client(srv.url);
  await owner.signup('cdn-owner@example.com');
});
afterAll(async () => { await srv?.stop(); receiver.closeAllConnections(); receiver.close(); });

async function shared(options: Record<string, unknown> = {}) {
  const chatId = (await owner.req('POST', '/api/v1/chats/new', { chat: longChat('Cached chat', 2) })).json.id as string;
  const r = await owner.req('POST', `/api/v1/chats/${chatId}/share`, options);
  expect(r.status).toBe(200);
  return { chatId, shareId: r.json.share_id as string, rev: r.json.updated_at };
}

/** Resolves once a purge naming this key has arrived (all purges so far are searched first). */
async function purgedWith(key: string, from = 0, timeoutMs = 5000): Promise<Purge> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = purges.slice(from).find((p) => p.keys.includes(key));
    if (hit) return hit;
    if (Date.now() > deadline) throw new Error(`no purge of ${key}; got ${JSON.stringify(purges.slice(from))}`);
    await new Promise<void>((r) => { waiters.push(r); setTimeout(r, 200); });
  }
}

describe('cache headers', () => {
  it('a public, unlimited snapshot: public, s-maxage with Surrogate-Key and Cache-Tag naming the share, page and card', async () => {
    const { chatId, shareId } = await shared();
    const page = await fetch(`${srv.url}/s/${shareId}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe(`public, s-maxage=${MAX_AGE}, max-age=0`);
    expect(page.headers.get('surrogate-key')).toBe(keyOf(chatId));
    expect(page.headers.get('cache-tag')).toBe(keyOf(chatId));
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(page.headers.get('vary')).toBe('Accept-Encoding, Accept-Language');
    const card = await fetch(`${srv.url}/s/${shareId}/og.png?v=1`);
    expect(card.headers.get('cache-control')).toBe(`public, s-maxage=${MAX_AGE}, max-age=31536000, immutable`);
    expect(card.headers.get('surrogate-key')).toBe(keyOf(chatId));
  });

  it('s-maxage never outlives the link: capped to the time left before expiry', async () => {
    const { shareId } = await shared({ expires_in: '1h' });
    const cc = (await fetch(`${srv.url}/s/${shareId}`)).headers.get('cache-control')!;
    const seconds = Number(/s-maxage=(\d+)/.exec(cc)![1]);
    expect(seconds).toBeGreaterThan(3500);
    expect(seconds).toBeLessThanOrEqual(3600);
  });

  it('every limited, password, login-only or live share, and a signed-in viewer\'s page, stays private, no-store', async () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ['max_views', { max_views: 5 }], ['max_clones', { max_clones: 3 }], ['password', { password: 'opensesame' }],
      ['live', { is_live: true }],
    ];
    for (const [name, options] of cases) {
      const { shareId } = await shared(options);
      const res = await fetch(`${srv.url}/s/${shareId}`, { redirect: 'manual' });
      expect([200, 401], name).toContain(res.status);
      expect(res.headers.get('cache-control'), name).toBe('private, no-store');
      expect(res.headers.get('surrogate-key'), name).toBeNull();
      expect(res.headers.get('cache-tag'), name).toBeNull();
    }
    const loginOnly = await shared({ is_public: false });
    const redirect = await fetch(`${srv.url}/s/${loginOnly.shareId}`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('cache-control')).toBe('no-store');
    const signedIn = await admin.req('GET', `/s/${loginOnly.shareId}`);
    expect(signedIn.status).toBe(200);
    expect(signedIn.res.headers.get('cache-control')).toBe('private, no-store');
    // The cacheable kind, seen by a signed-in viewer (owner name, recipe): never public.
    const open = await shared({ display_username: true });
    const mine = await admin.req('GET', `/s/${open.shareId}`);
    expect(mine.status).toBe(200);
    expect(mine.res.headers.get('cache-control')).toBe('private, no-store');
    expect(mine.res.headers.get('surrogate-key')).toBeNull();
  });
});

describe('purges', () => {
  it('revoke, restore, settings update, refresh, moderation, clear revoked and delete each purge the share\'s key, with the bearer token', async () => {
    const { chatId, shareId } = await shared();
    const key = keyOf(chatId);
    const step = async (label: string, act: () => Promise<{ status: number }>) => {
      const from = purges.length;
      expect((await act()).status, label).toBe(200);
      const p = await purgedWith(key, from);
      expect(p.auth, label).toBe('Bearer purge-secret');
    };
    await step('update', () => owner.req('POST', `/api/v1/chats/${chatId}/share`, { display_username: false }));
    await step('refresh', () => owner.req('POST', `/api/v1/chats/${chatId}/share`, { refresh_snapshot: true }));
    await step('revoke', () => owner.req('DELETE', `/api/v1/chats/${chatId}/share`));
    await step('restore', () => owner.req('POST', `/api/v1/chats/${chatId}/share/restore`));
    await step('moderation', () => admin.req('POST', `/api/v1/admin/shares/${shareId}/revoke`));
    await step('lifting it', () => admin.req('POST', `/api/v1/admin/shares/${shareId}/restore`));
    await step('bulk revoke', () => owner.req('POST', '/api/v1/chats/shared/bulk', { action: 'revoke', chat_ids: [chatId] }));
    await step('clear revoked', () => owner.req('DELETE', '/api/v1/chats/shared/revoked'));
    const other = await shared();
    const from = purges.length;
    expect((await owner.req('DELETE', `/api/v1/chats/${other.chatId}`)).status).toBe(200);
    await purgedWith(keyOf(other.chatId), from);
  });

  it('the admin taking public sharing away purges the links it made sign-in only, and only those', async () => {
    const open = await shared();
    const from = purges.length;
    expect((await admin.req('POST', '/api/v1/users/default/permissions', { sharing: { public_chat: false } })).status).toBe(200);
    try {
      const p = await purgedWith(keyOf(open.chatId), from);
      expect(p.auth).toBe('Bearer purge-secret');
      expect((await fetch(`${srv.url}/s/${open.shareId}`, { redirect: 'manual' })).headers.get('cache-control')).toContain('no-store');
    } finally {
      await admin.req('POST', '/api/v1/users/default/permissions', { sharing: { public_chat: true } });
    }
    const later = purges.length;
    // Giving it back changes no link (they stay sign-in only): nothing to purge.
    await new Promise((r) => setTimeout(r, 300));
    expect(purges.slice(later).filter((p) => p.keys.includes(keyOf(open.chatId)))).toEqual([]);
  });

  it('a failing receiver is retried; a hanging one never holds the owner\'s action', async () => {
    const { chatId } = await shared();
    failNext = 2;
    const from = purges.length;
    expect((await owner.req('DELETE', `/api/v1/chats/${chatId}/share`)).status).toBe(200);
    await purgedWith(keyOf(chatId), from); // the third try (after 50 ms and 200 ms) gets through
    expect(failNext).toBe(0);

    hang = true;
    try {
      const t0 = performance.now();
      const r = await owner.req('POST', `/api/v1/chats/${chatId}/share/restore`);
      expect(r.status).toBe(200);
      expect(performance.now() - t0).toBeLessThan(2000);
    } finally {
      hang = false;
    }
  });
});
