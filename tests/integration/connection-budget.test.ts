// One client cannot take every socket: a cap per client address, the oldest idle keep-alive sockets shed first near
// the limit, and a reserve so /healthz still answers. Clients from other addresses use 127.0.0.2+ (loopback takes them).
import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';

let srv: TestServer | undefined;
afterEach(async () => { await srv?.stop(); srv = undefined; });

const port = () => Number(new URL(srv!.url).port);

/** A socket from `from` that sends half a request line and waits (a slow-header client). */
function slowHeaders(from: string): Promise<net.Socket> {
  return new Promise((resolve) => {
    const s = net.connect({ port: port(), host: '127.0.0.1', localAddress: from });
    s.on('error', () => {});
    s.on('connect', () => { s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'); resolve(s); });
    s.on('close', () => resolve(s));
  });
}

/** A keep-alive socket from `from` that has had one answer and now sits idle. */
function idleKeepAlive(from: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port: port(), host: '127.0.0.1', localAddress: from });
    s.on('error', reject);
    s.once('data', () => resolve(s));
    s.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  });
}

function healthz(from: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port: port(), path: '/healthz', localAddress: from, agent: false, timeout: 5000 }, (res) => { res.resume(); resolve(res.statusCode!); });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    req.on('timeout', () => { req.destroy(); resolve('timeout'); });
  });
}

describe('connection budget', () => {
  it('one address holding more slow-header sockets than the process has files: another address still gets /healthz', async () => {
    srv = await startServer({ CHATSHARE_NO_WARMUP: '1', HEADERS_TIMEOUT_MS: '60000' }, { fileLimit: 256 });
    const sockets: net.Socket[] = [];
    for (let i = 0; i < 300; i++) sockets.push(await slowHeaders('127.0.0.1'));
    await new Promise((r) => setTimeout(r, 300));
    const stillOpen = sockets.filter((s) => !s.destroyed).length;
    const answers: Array<number | string> = [];
    for (let i = 0; i < 10; i++) answers.push(await healthz('127.0.0.2'));
    for (const s of sockets) s.destroy();
    expect(answers).toEqual(Array(10).fill(200));
    expect(stillOpen).toBeLessThan(100); // the cap per client (an eighth of the budget), not 300
  });

  it('near the limit the oldest idle keep-alive sockets are shed first', async () => {
    srv = await startServer({ CHATSHARE_NO_WARMUP: '1', MAX_CONNECTIONS: '40', MAX_CONNECTIONS_PER_CLIENT: '30' });
    const sockets: net.Socket[] = [];
    for (let i = 0; i < 20; i++) sockets.push(await idleKeepAlive('127.0.0.3'));
    for (let i = 0; i < 19; i++) sockets.push(await idleKeepAlive('127.0.0.4'));
    const closed = () => sockets.map((s) => s.destroyed || s.readyState === 'closed' || (s as unknown as { _readableState: { ended: boolean } })._readableState.ended);
    expect(await healthz('127.0.0.2')).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    const state = closed();
    const shed = state.filter(Boolean).length;
    expect(shed).toBeGreaterThan(0);
    expect(shed).toBeLessThan(10); // a few to keep the reserve free, not every idle socket
    expect(state.slice(0, shed)).toEqual(Array(shed).fill(true)); // the oldest went, in order
    expect(state[state.length - 1]).toBe(false); // the newest stayed
    for (const s of sockets) s.destroy();
  });
});
