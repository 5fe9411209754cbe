// Issue 18.2's cost on the hot path: the typical page from two chatshare processes on the same data, one counting share
// statistics (the default) and one with SHARE_STATS=0, taken in turn each round so a noisy moment falls on both alike.
// Every counted view also moves share.views in both; the difference is the tally (and its flush every 5 s).
import { medianOf, runWrk, type WrkResult } from './wrk';

export interface StatsCost { on: WrkResult; off: WrkResult; runs: { on: WrkResult[]; off: WrkResult[] } }

export async function measureStatsCost(wrk: string, urls: { on: string; off: string }, seconds: number, rounds: number,
  log: (msg: string) => void = () => {}): Promise<StatsCost> {
  await runWrk(wrk, urls.on, 1); // JIT and caches warm, unmeasured
  await runWrk(wrk, urls.off, 1);
  const runs = { on: [] as WrkResult[], off: [] as WrkResult[] };
  for (let r = 0; r < rounds; r++) {
    log(`  share statistics on / off, round ${r + 1}/${rounds}`);
    // Which goes first alternates, so neither always meets the other's WAL checkpoint or a warmer cache.
    const order = r % 2 ? (['off', 'on'] as const) : (['on', 'off'] as const);
    for (const k of order) runs[k].push(await runWrk(wrk, urls[k], seconds));
  }
  return { on: medianOf(runs.on), off: medianOf(runs.off), runs };
}

/** "on / off req/s (change %)" for the report. */
export function statsCostLine(c: StatsCost): string {
  const change = (c.on.rps / c.off.rps - 1) * 100;
  const fmt = (w: WrkResult) => `${Math.round(w.rps).toLocaleString('en-US')} req/s, p99 ${Math.round(w.p99 * 100) / 100} ms`;
  return `${fmt(c.on)} / ${fmt(c.off)} (${change >= 0 ? '+' : ''}${change.toFixed(1)}%)`;
}
