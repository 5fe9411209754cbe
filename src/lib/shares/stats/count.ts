// The view path's side of share statistics: counts go to this process's tally (no SQL per view), and a timer adds the
// tally to the day tables every STATS_FLUSH_MS (5 s) in one short transaction, and once more at a graceful stop. A kill -9
// loses at most that interval's per-day counts; share.views, moved by the view's own guarded UPDATE, stays exact.
import { writeTransaction } from '../../db';
import { config } from '../../config';
import { onShutdown } from '../../lifecycle';
import { addTally, clearShareStatsRows, pruneBefore } from './store';
import { dayOf, platformOf, referrerDomain, RETENTION_DAYS, Tally } from './tally';

/** SHARE_STATS=0 turns the counting off (the bench measures its cost against this). */
export const statsEnabled = process.env.SHARE_STATS !== '0';
const FLUSH_MS = Math.max(20, Number(process.env.STATS_FLUSH_MS) || 5000);
const PRUNE_EVERY_MS = 3_600_000;
// Past this many share-days waiting, the flush runs at once (a burst over many links keeps the tally small).
const EARLY_FLUSH = 10_000;

const tally = new Tally();
let timer: NodeJS.Timeout | null = null;
let flushing: Promise<void> | null = null;
let lastPrune = 0;

function started(): void {
  if (timer) return;
  timer = setInterval(() => void flushStats(), FLUSH_MS);
  timer.unref();
  onShutdown(async () => {
    clearInterval(timer!);
    await flushStats();
  });
}

function counted(): void {
  if (!timer) started();
  else if (tally.size > EARLY_FLUSH && !flushing) void flushStats();
}

/**
 * A view that was counted (share.views moved): one more for its share today. `nowSec` is the time the counting
 * statement was given (a clock read on the view's path is worth saving: it was a third of the tally's cost).
 */
export function countDayView(chatId: string, nowSec = Date.now() / 1000): void {
  if (!statsEnabled) return;
  tally.view(chatId, Math.floor(nowSec / 86_400));
  counted();
}

/** A link preview fetched by a platform's crawler (never a view). */
export function countPreview(chatId: string, userAgent: string): void {
  if (!statsEnabled) return;
  tally.preview(chatId, dayOf(Date.now()), platformOf(userAgent));
  counted();
}

const hostName = (origin: string | null | undefined): string | null => {
  if (!origin) return null;
  try { return new URL(origin.includes('://') ? origin : `http://${origin}`).hostname.toLowerCase(); } catch { return null; }
};
// This instance's own names: a Referer from one of them is navigation within the site, not a referring site.
const OWN_HOSTS = [config.publicOrigin, ...(process.env.ALLOWED_DOMAINS ?? '').split(','), process.env.HOST]
  .map((h) => hostName(h?.trim())).filter((h): h is string => !!h);

/** The referring site of a counted page view, when the browser sent one from another site (its host name only). */
export function countReferrer(chatId: string, referer: string | null, requestHost: string | null): void {
  if (!statsEnabled || !referer) return;
  const own = requestHost ? [...OWN_HOSTS, requestHost.replace(/:\d+$/, '').toLowerCase()] : OWN_HOSTS;
  const domain = referrerDomain(referer, own);
  if (domain) tally.referrer(chatId, dayOf(Date.now()), domain);
}

/** Clears these shares' statistics, waiting and stored; call inside the transaction that resets them. */
export function clearShareStats(chatIds: string[]): void {
  tally.forget(chatIds);
  clearShareStatsRows(chatIds);
}

/**
 * Adds the tally to the tables in one write transaction (retried, without blocking, while another process writes) and
 * prunes days past the 90 kept, at most once an hour. A failed flush puts its counts back for the next one.
 */
export function flushStats(): Promise<void> {
  if (flushing) return flushing.then(() => flushStats());
  const now = Date.now();
  const prune = now - lastPrune >= PRUNE_EVERY_MS;
  if (tally.size === 0 && !prune) return Promise.resolve();
  const entries = tally.take();
  flushing = writeTransaction(() => {
    addTally(entries);
    if (prune) pruneBefore(dayOf(now) - (RETENTION_DAYS - 1));
  }).then(() => {
    if (prune) lastPrune = now;
  }, (err: unknown) => {
    if (tally.size < EARLY_FLUSH * 10) tally.restore(entries);
    console.error('chatshare: share statistics not saved yet', err);
  }).finally(() => { flushing = null; });
  return flushing;
}
