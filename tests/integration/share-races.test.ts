// Integrity of a share under races: a snapshot refresh never undoes views, clones, revocations or moderation made
// while it rendered; a moderated link stays revoked whatever its owner does; clearing revoked links removes their files
// and orphan folders are swept at start; bulk actions on 2,000 links never answer 500 while the other worker counts views.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, NAVIGATE, putShareFile, shareFiles, shareFolders, startServer, type TestServer } from '../helpers/server';

let srv: TestServer;
let admin: Client;
let owner: Client;
let bob: Client;
let n = 0;

/** A long conversation (600 messages with code), so a refresh renders for a noticeable while. */
function longChat(title: string, count = 600) {
  const messages: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    const content = i % 2 === 0 ? `Question ${i}: how does this work, in detail?`
      : `Answer ${i}.\n\n${'Some **markdown** text with a [link](https://example.com). '.repeat(8)}\n\n\`\`\`ts\nconst x${i} = [${Array.from({ length: 30 }, (_, k) => k).join(', ')}];\nexport function f${i}(a: number) { return x${i}.map((v) => v * a); }\n\`\`\``;
    messages[`m${i}`] = { id: `m${i}`, parentId: i ? `m${i - 1}` : null, childrenIds: i < count - 1 ? [`m${i + 1}`] : [], role: i % 2 ? 'assistant' : 'user', content };
  }
  return { chat: { title, history: { currentId: `m${count - 1}`, messages } } };
}

async function person(name: string) {
  const c = new Client(srv.url);
  await c.signup(`${name}-${n++}@example.com`, 'correct horse battery', name);
  return c;
}

async function sharedLong(c: Client, options: Record<string, unknown>) {
  const chatId = (await c.req('POST', '/api/v1/chats/new', longChat(`Long chat ${n++}`))).json.id as string;
  const r = await c.req('POST', `/api/v1/chats/${chatId}/share`, options);
  expect(r.status).toBe(200);
  return { chatId, shareId: r.json.share_id as string };
}

const view = (shareId: string) => fetch(`${srv.url}/s/${shareId}`, { headers: NAVIGATE }).then(async (r) => { await r.arrayBuffer(); return r.status; });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts a refresh of the snapshot, runs `during` while it renders, and checks `during` really finished first (a
 * refresh that ended before would prove nothing).
 */
async function duringRefresh<T>(c: Client, chatId: string, during: () => Promise<T>): Promise<{ refresh: { status: number; json: any }; result: T }> {
  let refreshDone = false;
  const refresh = c.req('POST', `/api/v1/chats/${chatId}/share`, { refresh_snapshot: true }).then((r) => { refreshDone = true; return r; });
  await sleep(60); // the refresh has read the share and is rendering
  const result = await during();
  expect(refreshDone, 'the refresh ended before the racing requests: make the chat longer').toBe(false);
  return { refresh: await refresh, result };
}

beforeAll(async () => {
  srv = await startServer({ CHATSHARE_NO_WARMUP: '1' });
  admin = await person('admin'); // the first account is the administrator
  owner = await person('owner');
  bob = await person('bob');
});
afterAll(async () => srv?.stop());

describe('a snapshot refresh undoes nothing that happened while it rendered', () => {
  it('max_views=5: views made during the refresh stay counted, and no more than 5 pages are ever served', async () => {
    const { chatId, shareId } = await sharedLong(owner, { max_views: 5 });
    const { refresh, result: during } = await duringRefresh(owner, chatId, () => Promise.all(Array.from({ length: 5 }, () => view(shareId))));
    expect(during).toEqual([200, 200, 200, 200, 200]);
    expect(refresh.status).toBe(200);
    expect(refresh.json.views).toBe(5); // the answer is the row as written, not the one read before rendering
    expect((await owner.req('GET', `/api/v1/chats/${chatId}/share`)).json).toMatchObject({ views: 5, status: 'expired' });
    const after = await Promise.all(Array.from({ length: 5 }, () => view(shareId)));
    expect([...during, ...after].filter((s) => s === 200)).toHaveLength(5);
  }, 60_000);

  it('max_clones=2: clones made during the refresh stay counted and the link stays revoked at its limit', async () => {
    const { chatId, shareId } = await sharedLong(owner, { max_clones: 2 });
    const clone = () => bob.req('POST', `/api/v1/chats/${shareId}/clone/shared`).then((r) => r.status);
    const { result: during } = await duringRefresh(owner, chatId, async () => [await clone(), await clone()]);
    expect(during).toEqual([200, 200]);
    expect((await owner.req('GET', `/api/v1/chats/${chatId}/share`)).json).toMatchObject({ clones: 2, status: 'revoked' });
    expect([await clone(), await clone()].every((s) => s !== 200)).toBe(true);
    expect(await view(shareId)).toBe(410);
  });

  it('the owner\'s revoke during the refresh stands', async () => {
    const { chatId, shareId } = await sharedLong(owner, {});
    const { refresh } = await duringRefresh(owner, chatId, () => owner.req('DELETE', `/api/v1/chats/${chatId}/share`));
    expect(refresh.json.status).toBe('revoked');
    expect((await owner.req('GET', `/api/v1/chats/${chatId}/share`)).json.status).toBe('revoked');
    expect(await view(shareId)).toBe(410);
  });

  it('an administrator\'s moderation during the refresh stands', async () => {
    const { chatId, shareId } = await sharedLong(owner, {});
    const { refresh } = await duringRefresh(owner, chatId, () => admin.req('POST', `/api/v1/admin/shares/${shareId}/revoke`));
    expect(refresh.json).toMatchObject({ status: 'revoked', moderated: true });
    expect((await owner.req('GET', `/api/v1/chats/${chatId}/share`)).json).toMatchObject({ status: 'revoked', moderated: true });
    expect(await view(shareId)).toBe(410);
  });
});

const smallChat = (title: string) => ({ chat: { title, history: { currentId: 'a', messages: {
  q: { id: 'q', parentId: null, childrenIds: ['a'], role: 'user', content: `About ${title}?` },
  a: { id: 'a', parentId: 'q', childrenIds: [], role: 'assistant', content: 'The moderated answer.' },
} } } });

describe('a moderated link stays revoked whatever its owner does', () => {
  it('restore, clear revoked, sharing again with the same id, bulk restore, deleting the chat and sharing a copy', async () => {
    const b = await person('bob-owner');
    const chatId = (await b.req('POST', '/api/v1/chats/new', smallChat('Reported'))).json.id as string;
    expect((await b.req('POST', `/api/v1/chats/${chatId}/share`, { share_id: 'bob-clone' })).json.share_id).toBe('bob-clone');
    expect((await admin.req('POST', '/api/v1/admin/shares/bob-clone/revoke')).json).toMatchObject({ status: 'revoked', moderated: true });

    expect((await b.req('POST', `/api/v1/chats/${chatId}/share/restore`)).json.code).toBe('SHARE_MODERATED');
    expect((await b.req('POST', '/api/v1/chats/shared/bulk', { action: 'restore', chat_ids: [chatId] })).json).toEqual({ done: [], skipped: [chatId] });
    await b.req('DELETE', '/api/v1/chats/shared/revoked'); // "Clear revoked" (the dashboard asks to type CLEAR first)
    const again = await b.req('POST', `/api/v1/chats/${chatId}/share`, { share_id: 'bob-clone' });
    expect(again.json).toMatchObject({ share_id: 'bob-clone', status: 'revoked', moderated: true });
    expect(await view('bob-clone')).toBe(410);
    // Moving the link to another id would free this one: refused.
    expect((await b.req('POST', `/api/v1/chats/${chatId}/share`, { share_id: 'bob-clone-2' })).json.code).toBe('SHARE_MODERATED');
    expect((await b.req('GET', '/api/v1/chats/shared?status=revoked')).json.map((s: { share_id: string; moderated: boolean }) => [s.share_id, s.moderated]))
      .toEqual([['bob-clone', true]]);

    // The chat deleted, a copy shared under the same id: the id stays reserved.
    expect((await b.req('DELETE', `/api/v1/chats/${chatId}`)).status).toBe(200);
    const copy = (await b.req('POST', '/api/v1/chats/new', smallChat('Reported copy'))).json.id as string;
    const reuse = await b.req('POST', `/api/v1/chats/${copy}/share`, { share_id: 'bob-clone' });
    expect(reuse.json.code).toBe('SHARE_MODERATED');
    expect(await view('bob-clone')).not.toBe(200);
    // Nor can anyone else take it.
    const other = (await bob.req('POST', '/api/v1/chats/new', smallChat('Someone else'))).json.id as string;
    expect((await bob.req('POST', `/api/v1/chats/${other}/share`, { share_id: 'bob-clone' })).json.code).toBe('SHARE_ID_TAKEN');

    // An administrator lifts it: the id is free again.
    expect((await admin.req('POST', '/api/v1/admin/shares/bob-clone/restore')).status).toBe(200);
    expect((await b.req('POST', `/api/v1/chats/${copy}/share`, { share_id: 'bob-clone' })).json).toMatchObject({ share_id: 'bob-clone', status: 'active' });
    expect(await view('bob-clone')).toBe(200);
  });
});

describe('files of cleared links', () => {
  it('clear revoked removes the links\' snapshot folders; orphan folders are swept at the next start', async () => {
    const c = await person('files');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const chatId = (await c.req('POST', '/api/v1/chats/new', smallChat(`Files ${i}`))).json.id as string;
      await c.req('POST', `/api/v1/chats/${chatId}/share`, {});
      ids.push(chatId);
    }
    for (const id of ids) expect(await shareFiles(srv, id)).toHaveLength(3);
    await c.req('DELETE', `/api/v1/chats/${ids[0]}/share`);
    await c.req('DELETE', `/api/v1/chats/${ids[1]}/share`);
    expect((await c.req('DELETE', '/api/v1/chats/shared/revoked')).json).toEqual({ cleared: 2 });
    expect(await shareFiles(srv, ids[0]!)).toEqual([]);
    expect(await shareFiles(srv, ids[1]!)).toEqual([]);
    expect(await shareFiles(srv, ids[2]!)).toHaveLength(3);
  });
});

// On S3 (TEST_STORAGE=s3) only WORKERS=1: with two workers the primary runs the very same sweep before it forks, and
// the S3 pass is kept short for CI (its listing and deletes are what differ, and WORKERS=1 exercises them).
const onS3 = process.env.TEST_STORAGE === 's3';
const onPostgres = process.env.TEST_DATABASE === 'postgres';
describe('start-up sweep of orphan share folders', () => {
  for (const workers of ['1', '2']) {
    it.skipIf(onS3 && workers === '2')(`WORKERS=${workers}: folders without a share row go, folders with one stay`, async () => {
      const s = await startServer({ CHATSHARE_NO_WARMUP: '1', WORKERS: workers });
      try {
        const c = new Client(s.url);
        await c.signup('sweep@example.com');
        const chatId = (await c.req('POST', '/api/v1/chats/new', smallChat('Kept'))).json.id as string;
        const shareId = (await c.req('POST', `/api/v1/chats/${chatId}/share`, {})).json.share_id as string;
        const live = (await c.req('POST', '/api/v1/chats/new', smallChat('Live'))).json.id as string;
        await c.req('POST', `/api/v1/chats/${live}/share`, { is_live: true });
        await s.kill('SIGTERM');
        const orphans = Array.from({ length: 20 }, () => randomUUID());
        for (const id of orphans) for (const ext of ['html', 'png', 'json']) await putShareFile(s, id, `1.${ext}`, 'x');
        await putShareFile(s, live, '1.json', 'x'); // a live share's folder has a row: it stays
        // Kept images of chats that no longer have file rows (a chat deleted while the store refused the removal).
        for (const id of orphans.slice(0, 5)) await putShareFile(s, id, 'image.png', 'x', 'files');
        expect(await shareFolders(s)).toHaveLength(22);
        expect(await shareFolders(s, 'files')).toHaveLength(5);
        const again = await startServer({ CHATSHARE_NO_WARMUP: '1', WORKERS: workers }, { dataDir: s.dataDir });
        try {
          expect(await shareFolders(s)).toEqual([chatId, live].sort());
          expect(await shareFolders(s, 'files')).toEqual([]);
          expect(await shareFiles(s, chatId)).toHaveLength(3);
          expect(await fetch(`${again.url}/s/${shareId}`).then((r) => r.status)).toBe(200);
        } finally {
          await again.stop();
        }
      } finally {
        await s.stop();
      }
    }, 120_000);
  }
});

describe('two workers: bulk actions on 2,000 links while views are counted', () => {
  // Not on the second backend: its 2,000 links are live shares, which have no files, and they are seeded straight into the
  // SQLite file; it tests SQLite's locking between two workers, which PostgreSQL does not have (multi-node.test.ts tests
  // two nodes on PostgreSQL).
  it.skipIf(onS3 || onPostgres)('no action and no view answers 500', async () => {
    const s = await startServer({ CHATSHARE_NO_WARMUP: '1' });
    const c = new Client(s.url);
    const me = await c.signup('bulk@example.com');
    const viewed = (await c.req('POST', '/api/v1/chats/new', smallChat('Viewed'))).json.id as string;
    const viewedShare = (await c.req('POST', `/api/v1/chats/${viewed}/share`, { is_live: true })).json.share_id as string;
    await s.kill('SIGTERM');
    // 2,000 live links seeded straight into the database (publishing them one by one would take minutes).
    const dbFile = new Database(path.join(s.dataDir, 'chatshare.sqlite'));
    const now = Math.floor(Date.now() / 1000);
    const ids = Array.from({ length: 2000 }, () => randomUUID());
    const chatRow = dbFile.prepare('INSERT INTO chat (id, user_id, title, chat, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
    const shareRow = dbFile.prepare(`INSERT INTO share (chat_id, user_id, share_id, kind, created_at, updated_at) VALUES (?, ?, ?, 'live', ?, ?)`);
    dbFile.transaction(() => {
      ids.forEach((id, i) => {
        chatRow.run(id, me.id, `Bulk ${i}`, JSON.stringify(smallChat(`Bulk ${i}`).chat), now, now);
        shareRow.run(id, me.id, `bulk-${i}-${id.slice(0, 8)}`, now, now);
      });
    })();
    dbFile.close();
    const two = await startServer({ CHATSHARE_NO_WARMUP: '1', WORKERS: '2' }, { dataDir: s.dataDir });
    try {
      const owner2 = new Client(two.url);
      owner2.token = c.token;
      let viewing = true;
      const viewStatuses: number[] = [];
      const viewers = Array.from({ length: 4 }, async () => {
        while (viewing) viewStatuses.push(await fetch(`${two.url}/s/${viewedShare}`, { headers: { connection: 'close' } }).then(async (r) => { await r.arrayBuffer(); return r.status; }));
      });
      const statuses: Array<[string, number]> = [];
      const act = async (label: string, method: string, p: string, body?: unknown) => statuses.push([label, (await owner2.req(method, p, body)).status]);
      for (let round = 0; round < 3; round++) {
        await Promise.all([
          act('bulk revoke', 'POST', '/api/v1/chats/shared/bulk', { action: 'revoke', chat_ids: ids }),
          act('bulk reset', 'POST', '/api/v1/chats/shared/bulk', { action: 'reset_stats', chat_ids: ids }),
        ]);
        await Promise.all([
          act('bulk restore', 'POST', '/api/v1/chats/shared/bulk', { action: 'restore', chat_ids: ids }),
          act('reset all', 'POST', '/api/v1/chats/shared/all/reset_stats'),
        ]);
        await act('revoke all', 'DELETE', '/api/v1/chats/shared/all');
        await act('restore', 'POST', '/api/v1/chats/shared/bulk', { action: 'restore', chat_ids: [...ids, viewed] });
      }
      await act('clear revoked', 'DELETE', '/api/v1/chats/shared/revoked');
      viewing = false;
      await Promise.all(viewers);
      expect(statuses.filter(([, st]) => st !== 200), two.logs().slice(-2000)).toEqual([]);
      expect(viewStatuses.length).toBeGreaterThan(0);
      expect(viewStatuses.filter((st) => st >= 500)).toEqual([]);
      expect(two.logs()).not.toContain('database is locked');
    } finally {
      await two.stop();
      await s.stop();
    }
  }, 120_000);
});
