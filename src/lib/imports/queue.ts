// One import per account at a time, across WORKERS processes: a second waits its turn (at most MAX_WAITING do), the
// next gets 429 IMPORT_BUSY. Claims live in the database with a lease, so a crash never holds an account for long.
import { randomUUID } from 'node:crypto';
import { retryBusy } from '../db';
import { HttpError, msg } from '../http';
import { dropImportSlot, joinImportQueue, leaveImportQueue, lingerImportSlot, otherImportSlots, renewImportSlot, startImportSlot, type ProgressKeys } from './store';

const LEASE_MS = 30_000;
const RENEW_MS = 5_000;
const POLL_MS = 150;
const MAX_WAITING = 2;
// A waiter gives up after this long (two imports ahead of it, each at most a 1 GB file, ~100 s each as measured at 404 MB).
const MAX_WAIT_MS = 5 * 60_000;

/** Whether a process on this machine is running (SQLite means one box: every claim's process is local). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const busy = () => new HttpError('IMPORT_BUSY', msg('errors.IMPORT_BUSY'), { 'retry-after': '10' });

/**
 * Runs `work` once this account's earlier imports are done. Throws IMPORT_BUSY at once when MAX_WAITING imports are
 * already waiting (before `work` reads anything), or when the wait runs too long. `work` gets the claim's ticket (its
 * progress is recorded on it); `follow` names the import for its progress poll. `linger()`, asked at the end: how long
 * (ms) the claim, with its final figures, stays readable by that poll before it lapses (0: it goes at once); meanwhile
 * the account's next import waits.
 */
export async function withImportSlot<T>(userId: string, work: (ticket: string) => Promise<T>, follow: ProgressKeys = {}, linger: () => number = () => 0): Promise<T> {
  const ticket = randomUUID();
  const pid = process.pid;
  if (!(await retryBusy(() => joinImportQueue(ticket, userId, pid, Date.now(), LEASE_MS, 1 + MAX_WAITING, alive, follow)))) throw busy();
  try {
    const giveUp = Date.now() + MAX_WAIT_MS;
    while (!(await retryBusy(() => startImportSlot(ticket, userId, Date.now(), LEASE_MS)))) {
      if (Date.now() > giveUp) throw busy();
      await pause(POLL_MS);
      for (const s of await retryBusy(() => otherImportSlots(userId, pid))) if (!alive(s.pid)) await retryBusy(() => dropImportSlot(s.ticket, s.pid));
      if (!(await retryBusy(() => renewImportSlot(ticket, Date.now() + LEASE_MS)))) throw busy(); // our claim lapsed
    }
    // The lease is renewed while the import runs, whether it is parsing (on its thread) or storing batches.
    const renew = setInterval(() => void retryBusy(() => renewImportSlot(ticket, Date.now() + LEASE_MS)).catch(() => undefined), RENEW_MS);
    renew.unref();
    try {
      return await work(ticket);
    } finally {
      clearInterval(renew);
    }
  } finally {
    const keepFor = linger();
    await retryBusy(() => (keepFor > 0 ? lingerImportSlot(ticket, Date.now() + keepFor) : leaveImportQueue(ticket)))
      .catch((err) => console.error('chatshare: could not release an import claim', err));
  }
}
