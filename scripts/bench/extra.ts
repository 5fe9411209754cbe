// `npm run bench -- --extra`: the earlier issues' lines, in the same run: memory while huge chunked bodies hit sign-in,
// a typical page's viewers (wrk) while a 4 MB hostile chat publishes in a loop, and the 10,000-share dashboard.
import fs from 'node:fs';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { hostileChat } from './chats';
import { benchDashboard } from './dashboard';
import { medianOf, runWrk } from './wrk';

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const memKiB = (pid: number, field: 'VmRSS' | 'VmHWM') => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

/** Streams `bytes` of chunked body to `urlPath` until the server answers; resolves with the status and how much went out. */
function hugeChunkedPost(base: string, urlPath: string, bytes: number): Promise<{ status: number; sentMiB: number }> {
  const { port } = new URL(base);
  return new Promise((resolve) => {
    const sock = net.connect(Number(port), '127.0.0.1');
    const frame = Buffer.concat([Buffer.from('40000\r\n'), Buffer.alloc(0x40000, 0x61), Buffer.from('\r\n')]);
    let sent = 0;
    let answer = '';
    const done = () => { sock.destroy(); resolve({ status: Number(answer.slice(9, 12)) || 0, sentMiB: round(sent / 1048576) }); };
    const pump = () => { while (!answer && sent < bytes) { sent += 0x40000; if (!sock.write(frame)) return void sock.once('drain', pump); } };
    sock.on('connect', () => { sock.write(`POST ${urlPath} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`); pump(); });
    sock.on('data', (d) => { answer += d.toString('latin1'); if (answer.includes('\r\n\r\n')) done(); });
    sock.on('error', done);
    sock.on('close', done);
  });
}

export interface ExtraInput { wrk: string; base: string; pid: number; token: string; typicalPath: string; seconds: number }

export async function runExtras({ wrk, base, pid, token, typicalPath, seconds }: ExtraInput): Promise<Array<[string, string]>> {
  const rows: Array<[string, string]> = [];
  console.error('bench: a 600 MB chunked body, then four 1 GB ones at once, to sign-in…');
  const baseline = memKiB(pid, 'VmRSS'), hwmBefore = memKiB(pid, 'VmHWM');
  const single = await hugeChunkedPost(base, '/api/v1/auths/signin', 600 * 1048576);
  const four = await Promise.all(Array.from({ length: 4 }, () => hugeChunkedPost(base, '/api/v1/auths/signin', 1024 * 1048576)));
  rows.push(['600 MB chunked body to sign-in: answer', `${single.status} after ${single.sentMiB} MiB sent`]);
  rows.push(['four 1 GB bodies at once: answers', four.map((r) => `${r.status} after ${r.sentMiB} MiB`).join(', ')]);
  const hwmAfter = memKiB(pid, 'VmHWM');
  const grew = (hwmAfter - Math.max(baseline, hwmBefore)) / 1024;
  rows.push(['server RSS before / high-water before / after (MiB); target: within 64 MiB', `${round(baseline / 1024)} / ${round(hwmBefore / 1024)} / ${round(hwmAfter / 1024)} (${grew < 64 ? 'MET' : 'MISS'})`]);

  const api = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(base + p, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body ?? {}) });
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status}`);
    return res.json() as Promise<Record<string, any>>;
  };
  const atRest = medianOf([await runWrk(wrk, base + typicalPath, seconds)]);
  const hostileId = (await api('POST', '/api/v1/chats/new', { chat: hostileChat() })).id as string;
  await api('POST', `/api/v1/chats/${hostileId}/share`, {});
  let publishing = true;
  const publishes: number[] = [];
  const publisher = (async () => {
    while (publishing) { const t = performance.now(); await api('POST', `/api/v1/chats/${hostileId}/share`, { refresh_snapshot: true }); publishes.push(performance.now() - t); }
  })();
  console.error('bench: the typical page under wrk while a 4 MB hostile chat publishes in a loop…');
  const during = await runWrk(wrk, base + typicalPath, Math.max(seconds, 3));
  publishing = false;
  await publisher;
  rows.push(['typical page during a heavy publish: req/s · p50 / p99 ms (at rest)', `${Math.round(during.rps)} · ${round(during.p50, 2)} / ${round(during.p99, 2)} (${Math.round(atRest.rps)} · ${round(atRest.p50, 2)} / ${round(atRest.p99, 2)})`]);
  rows.push(['  4 MB hostile chat publishes meanwhile', `${publishes.length}, median ${round(median(publishes))} ms`]);

  const shares = Number(process.env.BENCH_DASHBOARD_SHARES) || 10_000;
  console.error(`bench: seeding ${shares} shares for the dashboard line…`);
  const d = await benchDashboard(base, token, shares);
  rows.push([`dashboard, ${d.shares} shares: slowest list request / GET /api/v1/auths/; target: under 3x`, `${round(d.slowest.ms, 2)} / ${round(d.referenceMs, 2)} ms = ${round(d.ratio, 2)}x, ${d.ratio < 3 ? 'MET' : 'MISS'} (${d.slowest.query})`]);
  return rows;
}
