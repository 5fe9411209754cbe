// Stopping answers what was already queued (no reset connections), and WORKERS=2 comes back quickly after both
// workers are killed, answering the connections made while none was alive (the primary keeps the port listening).
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
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

  it('WORKERS=2: connections made while both workers are dead wait for the replacements, none refused or reset', async () => {
    srv = await startServer({ CHATSHARE_NO_WARMUP: '1', WORKERS: '2' });
    const workers = childrenOf(srv.pid);
    expect(workers).toHaveLength(2);
    for (const w of workers) process.kill(w, 'SIGKILL');
    const t0 = Date.now();
    // A new connection every 5 ms for 3 s, from the moment both are gone until well after the replacements listen.
    const probes: Array<Promise<{ answer: number | string; sent: number; done: number }>> = [];
    while (Date.now() - t0 < 3000) {
      const sent = Date.now() - t0;
      probes.push(get(srv.url, 20_000).then((answer) => ({ answer, sent, done: Date.now() - t0 })));
      await new Promise((r) => setTimeout(r, 5));
    }
    const results = await Promise.all(probes);
    const ok = results.filter((r) => r.answer === 200);
    const failed = results.filter((r) => r.answer !== 200);
    const span = (rs: typeof results) => (rs.length ? `${rs[0]!.sent}-${rs[rs.length - 1]!.sent} ms` : 'none');
    console.log(`${results.length} probes: first 200 after ${Math.min(...ok.map((r) => r.done))} ms; ` +
      `refused ${failed.filter((r) => r.answer === 'ECONNREFUSED').length} (sent ${span(failed.filter((r) => r.answer === 'ECONNREFUSED'))}), ` +
      `reset ${failed.filter((r) => r.answer === 'ECONNRESET').length}, other ${JSON.stringify([...new Set(failed.map((r) => r.answer))])}`);
    // Each one waits in the port's backlog until a replacement takes it: answered, never refused, reset or dropped.
    expect(failed.map((r) => `${r.answer} (sent at ${r.sent} ms)`).slice(0, 10)).toEqual([]);
    expect(childrenOf(srv.pid)).toHaveLength(2);
  }, 60_000);

  it('WORKERS=2: SIGTERM closes the port once the workers drained, not when the last request ends', async () => {
    srv = await startServer({ CHATSHARE_NO_WARMUP: '1', WORKERS: '2' });
    // A request still arriving keeps its worker running after the drain (it is answered, not cut).
    const slow = net.connect(Number(new URL(srv.url).port), '127.0.0.1');
    await new Promise((r) => slow.once('connect', r));
    slow.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    let answer = '';
    slow.on('data', (d) => (answer += d));
    await new Promise((r) => setTimeout(r, 200));
    const exited = srv.kill('SIGTERM');
    let gone = false;
    void exited.then(() => { gone = true; });
    // New connections during the stop are answered while they keep coming (the drain waits for 250 ms without one)...
    const probe = async (ms: number, every: number) => {
      const t0 = Date.now();
      const probes: Array<Promise<number | string>> = [];
      while (Date.now() - t0 < ms) {
        probes.push(get(srv!.url, 2000));
        await new Promise((r) => setTimeout(r, every));
      }
      return Promise.all(probes);
    };
    const during = await probe(1000, 20);
    await new Promise((r) => setTimeout(r, 1500));
    // ...and once the workers stopped listening they are refused at once, never left waiting on a port nobody accepts
    // from any more (they would be reset when the process ends, after the slow request).
    const after = await probe(1000, 50);
    expect(gone).toBe(false); // the slow request kept a worker, and so the primary, running all along
    expect(during.filter((a) => a !== 200), JSON.stringify(during)).toEqual([]);
    expect(after.filter((a) => a !== 'ECONNREFUSED'), JSON.stringify(after)).toEqual([]);
    slow.write('\r\n');
    expect(await exited).toBe(0);
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
  });

  it('WORKERS=2: a port already in use stops the start with EADDRINUSE (no worker listens elsewhere, none loops)', async () => {
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as net.AddressInfo).port;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatshare-it-'));
    try {
      const child = spawn(process.execPath, [path.resolve('dist/chatshare/server.mjs')], {
        env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, WORKERS: '2', CHATSHARE_NO_WARMUP: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout!.on('data', (d) => (output += d));
      child.stderr!.on('data', (d) => (output += d));
      const code = await new Promise<number | string>((resolve) => {
        const timer = setTimeout(() => { child.kill('SIGKILL'); resolve('still running'); }, 20_000);
        child.once('exit', (c, sig) => { clearTimeout(timer); resolve(c ?? sig ?? -1); });
      });
      expect(code, output).not.toBe(0);
      expect(code, output).not.toBe('still running');
      expect(output).toContain('EADDRINUSE');
    } finally {
      taken.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
