// Load from wrk (C, event loop, one thread pinned by the kernel to whichever core is free): closed loop over 32
// keep-alive connections, latency percentiles from its own histogram. A Node generator on the same two cores capped
// nginx and flattered us, so the bench never measures with one.
import { spawn } from 'node:child_process';

export interface WrkResult { rps: number; p50: number; p99: number; requests: number; non2xx: number; errors: number; mbPerSec: number }

export const CONNECTIONS = 32;

const toMs = (v: string, unit: string) => Number(v) * ({ us: 0.001, ms: 1, s: 1000, m: 60_000 } as Record<string, number>)[unit]!;
const toMB = (v: string, unit: string) => Number(v) * ({ B: 1e-6, KB: 1e-3, MB: 1, GB: 1e3 } as Record<string, number>)[unit]!;

/** Parses wrk --latency output; throws when a figure is missing (wrk failed to connect, say). */
export function parseWrk(out: string): WrkResult {
  const pct = (p: string) => { const m = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(out); if (!m) throw new Error(`wrk: no ${p}% latency in:\n${out}`); return toMs(m[1]!, m[2]!); };
  const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(out);
  const total = /^\s*(\d+) requests in/m.exec(out);
  if (!rps || !total) throw new Error(`wrk: no totals in:\n${out}`);
  const transfer = /^Transfer\/sec:\s+([\d.]+)(B|KB|MB|GB)/m.exec(out);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    rps: Number(rps[1]), p50: pct('50'), p99: pct('99'), requests: Number(total[1]),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
    errors: sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0,
    mbPerSec: transfer ? toMB(transfer[1]!, transfer[2]!) : NaN,
  };
}

/** One wrk run: -t1 -c32 for `seconds`, with the given request headers. */
export function runWrk(wrk: string, url: string, seconds: number, headers: Record<string, string> = {}): Promise<WrkResult> {
  const args = ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency', '--timeout', '10s'];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn(wrk, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`wrk exited ${code}:\n${out}`));
      try { resolve(parseWrk(out)); } catch (err) { reject(err); }
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Each figure's median over several runs (counts are summed). */
export function medianOf(runs: WrkResult[]): WrkResult {
  const m = (k: 'rps' | 'p50' | 'p99' | 'mbPerSec') => median(runs.map((r) => r[k]));
  const sum = (k: 'requests' | 'non2xx' | 'errors') => runs.reduce((a, r) => a + r[k], 0);
  return { rps: m('rps'), p50: m('p50'), p99: m('p99'), mbPerSec: m('mbPerSec'), requests: sum('requests'), non2xx: sum('non2xx'), errors: sum('errors') };
}
