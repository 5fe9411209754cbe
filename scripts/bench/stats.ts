// Issue 18.2's cost on the hot path: the typical page from two chatshare processes on the same data, one counting share
// statistics (the default) and one with SHARE_STATS=0, taken in turn each round so a noisy moment falls on both alike.
// Every counted view also moves share.views in both; the difference is the tally (and its flush every 5 s). Besides
// req/s (which the shared machine's other load moves by more than 5% from run to run) it reports each round's on/off
// ratio and the server's CPU time per request (from /proc), which other processes disturb far less.
import fs from 'node:fs';
import { medianOf, runWrk, type WrkResult } from './wrk';

interface Run extends WrkResult { cpuUsPerReq: number }
export interface StatsCost { on: WrkResult; off: WrkResult; ratio: number; cpu: { on: number; off: number }; runs: { on: Run[]; off: Run[] } }

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const TICK_US = 1e6 / 100; // USER_HZ is 100 on Linux

/** User + system CPU of a process in microseconds, or NaN off Linux. */
function cpuUs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_US;
  } catch { return NaN; }
}

export async function measureStatsCost(wrk: string, servers: { on: { url: string; pid: number }; off: { url: string; pid: number } }, seconds: number,
  rounds: number, log: (msg: string) => void = () => {}): Promise<StatsCost> {
  await runWrk(wrk, servers.on.url, 1); // JIT and caches warm, unmeasured
  await runWrk(wrk, servers.off.url, 1);
  const runs = { on: [] as Run[], off: [] as Run[] };
  for (let r = 0; r < rounds; r++) {
    log(`  share statistics on / off, round ${r + 1}/${rounds}`);
    // Which goes first alternates, so neither always meets the other's WAL checkpoint or a warmer cache.
    for (const k of r % 2 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
      const before = cpuUs(servers[k].pid);
      const w = await runWrk(wrk, servers[k].url, seconds);
      runs[k].push({ ...w, cpuUsPerReq: (cpuUs(servers[k].pid) - before) / w.requests });
    }
  }
  return {
    on: medianOf(runs.on), off: medianOf(runs.off), ratio: median(runs.on.map((x, i) => x.rps / runs.off[i]!.rps)),
    cpu: { on: median(runs.on.map((x) => x.cpuUsPerReq)), off: median(runs.off.map((x) => x.cpuUsPerReq)) }, runs,
  };
}

/** Pairs measured in both start orders as one figure: geometric means of their ratios and CPU, the runs pooled. */
export function combineStatsCosts(pairs: StatsCost[]): StatsCost {
  const geo = (xs: number[]) => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
  const runs = { on: pairs.flatMap((p) => p.runs.on), off: pairs.flatMap((p) => p.runs.off) };
  return {
    on: medianOf(runs.on), off: medianOf(runs.off), ratio: geo(pairs.map((p) => p.ratio)),
    cpu: { on: geo(pairs.map((p) => p.cpu.on)), off: geo(pairs.map((p) => p.cpu.off)) }, runs,
  };
}

/** The report's figure: req/s on / off, the median round's ratio, and CPU per request. */
export function statsCostLine(c: StatsCost): string {
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
  const rps = (w: WrkResult) => Math.round(w.rps).toLocaleString('en-US');
  const cpu = Number.isFinite(c.cpu.on) ? `; server CPU ${c.cpu.on.toFixed(1)} / ${c.cpu.off.toFixed(1)} µs a request (${pct(c.cpu.on / c.cpu.off - 1)})` : '';
  return `${rps(c.on)} / ${rps(c.off)} req/s, median round on/off ${pct(c.ratio - 1)}${cpu}`;
}
