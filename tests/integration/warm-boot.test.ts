// Warm boot: the server listens only once its render threads have compiled the grammars, loaded the card fonts and
// rendered a sample share, so the first publish after a start waits for none of it. Facts, not timings.
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';

const servers: TestServer[] = [];
afterAll(async () => { await Promise.all(servers.map((s) => s.stop())); });

async function health(url: string, close = false) {
  const res = await fetch(`${url}/healthz`, close ? { headers: { connection: 'close' } } : {});
  expect(res.status).toBe(200);
  return res.json() as Promise<{ status: string; warm: boolean; threads: number; warmThreads: number; languages: number; fonts: boolean }>;
}

describe('warm boot', () => {
  it('every render thread is warm (grammars highlighted, fonts loaded) by the time the server answers at all', async () => {
    const srv = await startServer({ RENDER_THREADS: '2', CHATSHARE_NO_WARMUP: '' });
    servers.push(srv);
    // The helper's readiness poll was the first request this server answered; this is the second, right after it.
    const h = await health(srv.url);
    expect(h).toMatchObject({ status: 'ok', warm: true, threads: 2, warmThreads: 2, fonts: true });
    expect(h.languages).toBeGreaterThanOrEqual(15); // the sample's languages (src/lib/render/warm-sample.ts), each highlighted
  }, 120_000); // a warm-up is seconds of CPU per thread, more on a busy machine

  it('with WORKERS=2 each worker process listens only once its own pool is warm', async () => {
    const srv = await startServer({ WORKERS: '2', RENDER_THREADS: '1', CHATSHARE_NO_WARMUP: '' });
    servers.push(srv);
    // New connections are spread over both workers; whichever answers is warm.
    const all = await Promise.all(Array.from({ length: 8 }, () => health(srv.url, true)));
    for (const h of all) expect(h).toMatchObject({ warm: true, threads: 1, warmThreads: 1, fonts: true });
  }, 120_000);

  it('CHATSHARE_NO_WARMUP=1 skips the warm-up and says so', async () => {
    const srv = await startServer({ CHATSHARE_NO_WARMUP: '1' });
    servers.push(srv);
    expect(await health(srv.url)).toMatchObject({ status: 'ok', warm: false, warmThreads: 0 });
  });
});
