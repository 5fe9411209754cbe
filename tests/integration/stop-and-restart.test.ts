// Stopping answers what was already queued (no reset connections), and WORKERS=2 comes back quickly after both
// workers are killed.
import fs from 'node:fs';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';

let srv: TestServer | undefined;
afterEach(async () => { await srv?.stop(); srv = undefined; });

function get(url: string, timeout = 20_000): Promise<number | string> {
  return new Promise((resolve) => {
    const req = http.get(`${url}/healthz`, { agent: false, timeout }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode!)); });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    req.on('timeout', () => { req.destroy(); resolve('timeout'); });
  });
}

const childrenOf = (pid: number): number[] => fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((d) => {
  try { return Number(fs.readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) === pid; } catch { return false; }
}).map(Number);

describe('stopping and restarting', () => {
  for (const workers of ['1', '2']) {
    it(`WORKERS=${workers}: SIGTERM during a burst of new connections resets none of them`, async () => {
      srv = await startServer({ CHATSHARE_NO_WARMUP: '1', WORKERS: workers });
      const burst = Array.from({ length: 400 }, () => get(srv!.url));
      await new Promise((r) => setTimeout(r, 5));
      const exited = srv.kill('SIGTERM');
      const answers = await Promise.all(burst);
      expect(await exited).toBe(0);
      const failed = answers.filter((a) => a !== 200);
      // Every connection made before the signal is answered; none is reset or left hanging.
      expect(failed.filter((a) => a !== 'ECONNREFUSED'), JSON.stringify(failed.slice(0, 5))).toEqual([]);
    });
  }

  it('WORKERS=2: both workers killed, service is back within seconds', async () => {
    srv = await startServer({ CHATSHARE_NO_WARMUP: '1', WORKERS: '2' });
    for (const w of childrenOf(srv.pid)) process.kill(w, 'SIGKILL');
    const t0 = Date.now();
    let back = 0;
    while (Date.now() - t0 < 30_000) {
      // A health checker's probe: a connection the kernel handed to a worker as it was killed dies with it (no answer,
      // never a wrong one), so each probe gives up after a second, as a load balancer's would.
      if ((await get(srv.url, 1000)) === 200) { back = Date.now() - t0; break; }
      await new Promise((r) => setTimeout(r, 20));
    }
    console.log(`service back after ${back} ms`);
    expect(back).toBeGreaterThan(0);
    expect(back).toBeLessThan(4000);
    expect(childrenOf(srv.pid)).toHaveLength(2);
  });
});
