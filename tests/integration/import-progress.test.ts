// GET /api/v1/chats/import/progress: an import's bytes while its body arrives, then its chats as each batch is stored,
// seen by polling (from either of two WORKERS processes) while a real import of over a thousand chats runs; only the
// caller's own import, 'idle' when none.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';
import { bigExport } from '../helpers/big-exports';
import { makeZip } from '../helpers/zip';

let srv: TestServer;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Progress {
  state: 'idle' | 'waiting' | 'receiving' | 'importing';
  received_bytes: number; total_bytes: number | null; files_done: number;
  chats_imported: number; chats_skipped: number; chats_rejected: number; chats_total: number | null; started_at: number | null;
}

/** Sends an import with a Content-Length, its body in `pieces` a little apart (a slow upload). */
function slowImport(c: Client, body: Buffer, query: string, pieces: number, gapMs: number): Promise<{ status: number; json: any }> {
  const url = new URL(`/api/v1/chats/import${query}`, c.base);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    void (async () => {
      const size = Math.ceil(body.length / pieces);
      for (let i = 0; i < body.length; i += size) {
        req.write(body.subarray(i, i + size));
        await sleep(gapMs);
      }
      req.end();
    })();
  });
}

const progress = async (c: Client, id?: string): Promise<Progress> => {
  const r = await c.req('GET', `/api/v1/chats/import/progress${id ? `?import_id=${id}` : ''}`, undefined, { connection: 'close' });
  expect(r.status).toBe(200);
  return r.json;
};

/** Polls `id`'s progress until `work` settles; every answer, in order. */
async function pollDuring<T>(c: Client, id: string | undefined, work: Promise<T>): Promise<{ result: T; seen: Progress[] }> {
  let done = false;
  const settled = work.finally(() => { done = true; });
  const seen: Progress[] = [];
  while (!done) {
    seen.push(await progress(c, id));
    await sleep(40);
  }
  return { result: await settled, seen };
}

const ORDER = ['waiting', 'receiving', 'importing'];
const handled = (p: Progress) => p.chats_imported + p.chats_skipped + p.chats_rejected;

beforeAll(async () => {
  // Two processes: a poll on a fresh connection may land on either, whichever one runs the import.
  srv = await startServer({ WORKERS: '2', CHATSHARE_NO_WARMUP: '1' });
});
afterAll(async () => srv?.stop());

describe('import progress', () => {
  it('counts the bytes of a slow upload, then the chats batch by batch, up to the answer, then says idle', async () => {
    const owner = new Client(srv.url);
    await owner.signup('progress@example.com');
    const other = new Client(srv.url);
    await other.signup('someone-else@example.com');
    // 40 of the file's chats are in the library already (skipped), and two entries are not chats (rejected).
    expect((await owner.req('POST', '/api/v1/chats/import', JSON.parse(bigExport(40, 600, 'prog')))).status).toBe(200);
    const text = bigExport(1200, 600, 'prog');
    const body = Buffer.from(`${text.slice(0, -1)},42,"not a chat"]`);
    expect(await progress(owner)).toMatchObject({ state: 'idle', chats_total: null, received_bytes: 0 });

    const before = Math.floor(Date.now() / 1000);
    const run = slowImport(owner, body, '?import_id=first-import', 16, 120); // about 2 s of upload: several 250 ms byte writes
    // Another account sees nothing of it, even by its id.
    const othersView = (async () => {
      await sleep(400);
      return [await progress(other), await progress(other, 'first-import')];
    })();
    const { result, seen } = await pollDuring(owner, 'first-import', run);
    expect(result.status).toBe(200);
    const answer = { imported: result.json.imported.length, skipped: result.json.skipped.length, rejected: result.json.rejected.length };
    expect(answer).toEqual({ imported: 1160, skipped: 40, rejected: 2 });
    for (const p of await othersView) expect(p.state).toBe('idle');

    const live = seen.filter((p) => p.state !== 'idle');
    console.log(`import progress: ${live.length} polls, ${live.filter((p) => p.state === 'receiving').map((p) => p.received_bytes).join(' ')} bytes, then ${live.filter((p) => p.state === 'importing').map(handled).join(' ')} chats`);
    expect(live.length).toBeGreaterThan(5);
    // The upload: its size from Content-Length, the bytes received growing while it arrives (never all at once).
    const receiving = live.filter((p) => p.state === 'receiving');
    expect(receiving.some((p) => p.received_bytes > 0 && p.received_bytes < body.length)).toBe(true);
    for (const p of live) {
      expect(p.total_bytes).toBe(body.length);
      expect(p.started_at).toBeGreaterThanOrEqual(before - 1);
    }
    // The import: the file's size in chats once parsed, and the figures growing batch by batch, never past the answer.
    const importing = live.filter((p) => p.state === 'importing');
    expect(importing.length).toBeGreaterThan(2);
    expect(importing.some((p) => handled(p) > 0 && handled(p) < 1202)).toBe(true);
    for (const p of importing) {
      expect(p.received_bytes).toBe(body.length);
      if (p.chats_total !== null) expect(p.chats_total).toBe(1202);
      expect(p.chats_imported).toBeLessThanOrEqual(answer.imported);
      expect(p.chats_skipped).toBeLessThanOrEqual(answer.skipped);
      expect(p.chats_rejected).toBeLessThanOrEqual(answer.rejected);
    }
    for (let i = 1; i < live.length; i++) {
      const [a, b] = [live[i - 1]!, live[i]!];
      expect(ORDER.indexOf(b.state)).toBeGreaterThanOrEqual(ORDER.indexOf(a.state));
      for (const k of ['received_bytes', 'files_done', 'chats_imported', 'chats_skipped', 'chats_rejected'] as const) expect(b[k]).toBeGreaterThanOrEqual(a[k]);
      expect(b.chats_total ?? 0).toBeGreaterThanOrEqual(a.chats_total ?? 0);
    }
    // The last figures seen are the answer's, give or take the final batches stored after the last poll.
    const last = importing.at(-1)!;
    expect(handled(last)).toBeGreaterThan(1202 * 0.8);
    // Once answered, the account has no import.
    expect(await progress(owner)).toMatchObject({ state: 'idle', chats_imported: 0, chats_total: null });
    expect(await progress(owner, 'first-import')).toMatchObject({ state: 'idle' });
  });

  it('shows a second import of the same account waiting behind the first, then running, and sums an archive\'s files', async () => {
    const owner = new Client(srv.url);
    await owner.signup('queued@example.com');
    const firstBody = Buffer.from(bigExport(500, 600, 'ahead'));
    const first = slowImport(owner, firstBody, '?import_id=ahead-of-you', 5, 150);
    for (const deadline = Date.now() + 10_000; (await progress(owner, 'ahead-of-you')).state === 'idle' && Date.now() < deadline;) await sleep(20);
    // Two files in one archive: the total grows as each is parsed, files_done counts those fully stored.
    const zip = makeZip({ 'conversations-000.json': bigExport(300, 600, 'z0'), 'conversations-001.json': bigExport(200, 600, 'z1') });
    const second = fetch(`${srv.url}/api/v1/chats/import?import_id=second-one`, {
      method: 'POST', headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/zip' }, body: new Uint8Array(zip),
    }).then(async (r) => ({ status: r.status, json: await r.json() }));
    const runningMeanwhile = (async () => {
      for (const deadline = Date.now() + 10_000; (await progress(owner, 'second-one')).state !== 'waiting' && Date.now() < deadline;) await sleep(10);
      return progress(owner);
    })();
    const { result, seen } = await pollDuring(owner, 'second-one', second);
    expect(result.status).toBe(200);
    expect(result.json.imported).toHaveLength(500);
    expect((await first).status).toBe(200);

    const states = seen.map((p) => p.state).filter((s, i, all) => s !== all[i - 1]);
    expect(['idle', 'waiting']).toContain(states[0]); // idle only before the request reached the server
    expect(states).toContain('waiting');
    expect(states.indexOf('waiting')).toBeLessThan(states.lastIndexOf('importing'));
    const waiting = seen.find((p) => p.state === 'waiting')!;
    expect(waiting).toMatchObject({ total_bytes: zip.length, received_bytes: 0, chats_total: null, chats_imported: 0 });
    for (const p of seen.filter((x) => x.state === 'importing')) {
      expect([null, 300, 500]).toContain(p.chats_total);
      expect([[null, 300], [300, 500], [500]][p.files_done]).toContain(p.chats_total);
    }
    // Without an id, the poll followed the account's running import (the first) while the second waited.
    expect(await runningMeanwhile).toMatchObject({ total_bytes: firstBody.length });
    expect(['receiving', 'importing']).toContain((await runningMeanwhile).state);
    expect((await progress(owner)).state).toBe('idle');
  });

  it('answers only a signed-in caller, and refuses a malformed import id', async () => {
    const anon = new Client(srv.url);
    const r = await anon.req('GET', '/api/v1/chats/import/progress');
    expect(r.status).toBe(401);
    const c = new Client(srv.url);
    await c.signup('badid@example.com');
    for (const id of ['short', 'x'.repeat(65), 'with%20space', '../../etc']) {
      const bad = await c.req('GET', `/api/v1/chats/import/progress?import_id=${id}`);
      expect(bad.status).toBe(422);
      expect(bad.json.code).toBe('VALIDATION_ERROR');
      expect((await c.req('POST', `/api/v1/chats/import?import_id=${id}`, [])).status).toBe(422);
    }
  });
});
