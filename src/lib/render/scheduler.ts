// Fair shares of the render pool between accounts: one bounded FIFO per account, round-robin between accounts, a cap
// on one account's running tasks, and accounts past their render-time budget served after everyone else.
//
// Why: the pool is a few threads (one on a 2-core machine). Without this, one account queueing renders of huge chats
// made another user's 10-message publish wait 13-20 s behind them. Renders of long chats are cut into small tasks
// (documents.ts renders messages in batches), so a turn is short and another account's task starts within one.

/** An account's queue is full: the caller answers RENDER_BUSY (503) with Retry-After. */
export class RenderBusyError extends Error {
  readonly code = 'RENDER_BUSY';
  constructor(readonly retryAfterSec: number) { super('Rendering is busy for this account; try again shortly.'); }
}

export interface SchedulerOptions {
  /** Tasks that may run at once (the pool's threads). */
  slots: number;
  /** Tasks of one account that may run at once; below `slots` when there are several, so another account finds one free. */
  perAccount: number;
  /** Tasks of one account that may wait; one more is refused with RenderBusyError. */
  maxQueued: number;
  /** Render time (ms) an account may use within about `halfLifeMs` before it is served after the others. */
  budgetMs: number;
  /** Half-life of the recorded render time: an account's past use fades by half every this many ms. */
  halfLifeMs: number;
  now?: () => number;
}

/** Called when a task ends, with how long it ran (ms; measured by the scheduler when omitted). */
export type Release = (ranMs?: number) => void;

interface Usage { ms: number; at: number }

export class FairScheduler {
  private readonly queues = new Map<string, Array<() => void>>();
  /** Accounts with waiting tasks, in the order they started waiting. */
  private ring: string[] = [];
  /** When each busy account last started a task (a sequence number): the turn goes to the least recently served. */
  private readonly served = new Map<string, number>();
  private turn = 0;
  private readonly running = new Map<string, number>();
  private readonly usage = new Map<string, Usage>();
  private free: number;
  private readonly now: () => number;

  constructor(private readonly o: SchedulerOptions) {
    this.free = o.slots;
    this.now = o.now ?? (() => performance.now());
  }

  /** Resolves with a release function once the account's task may run; throws RenderBusyError when its queue is full. */
  acquire(account: string): Promise<Release> {
    const queue = this.queues.get(account);
    if (!queue?.length && this.free > 0 && this.runningOf(account) < this.o.perAccount) return Promise.resolve(this.start(account));
    if ((queue?.length ?? 0) >= this.o.maxQueued) throw new RenderBusyError(this.retryAfter(account));
    return new Promise<Release>((resolve) => {
      let q = this.queues.get(account);
      if (!q) this.queues.set(account, (q = []));
      if (!q.length) this.ring.push(account);
      q.push(() => resolve(this.start(account)));
    });
  }

  /** Render time an account has used lately (ms, fading with the half-life). */
  used(account: string): number {
    const u = this.usage.get(account);
    return u ? u.ms * 0.5 ** ((this.now() - u.at) / this.o.halfLifeMs) : 0;
  }

  /** How many tasks of an account wait and run (for tests and status). */
  stats(account: string): { queued: number; running: number } {
    return { queued: this.queues.get(account)?.length ?? 0, running: this.runningOf(account) };
  }

  private runningOf(account: string): number { return this.running.get(account) ?? 0; }

  private start(account: string): Release {
    this.free--;
    this.running.set(account, this.runningOf(account) + 1);
    this.served.set(account, ++this.turn);
    const began = this.now();
    let done = false;
    return (ranMs) => {
      if (done) return;
      done = true;
      this.free++;
      const left = this.runningOf(account) - 1;
      if (left > 0) this.running.set(account, left);
      else {
        this.running.delete(account);
        if (!this.queues.has(account)) this.served.delete(account); // idle: keeps the maps to busy accounts
      }
      this.record(account, ranMs ?? this.now() - began);
      this.dispatch();
    };
  }

  private record(account: string, ms: number): void {
    const total = this.used(account) + Math.max(0, ms);
    if (total < 1) this.usage.delete(account); // keeps the map to accounts that rendered lately
    else this.usage.set(account, { ms: total, at: this.now() });
  }

  /** Gives free slots to waiting tasks: round-robin over accounts under budget first, then over the others. */
  private dispatch(): void {
    while (this.free > 0) {
      const i = this.pick();
      if (i < 0) return;
      const account = this.ring[i]!;
      const q = this.queues.get(account)!;
      const next = q.shift()!;
      if (!q.length) {
        this.ring.splice(i, 1);
        this.queues.delete(account);
      }
      next();
    }
  }

  /** The waiting account served least recently among those under budget, else among all; -1 when none may start. */
  private pick(): number {
    let best = -1;
    let bestKey = Infinity;
    for (let i = 0; i < this.ring.length; i++) {
      const account = this.ring[i]!;
      if (this.runningOf(account) >= this.o.perAccount) continue;
      const key = (this.used(account) > this.o.budgetMs ? 1e15 : 0) + (this.served.get(account) ?? 0);
      if (key < bestKey) { best = i; bestKey = key; }
    }
    return best;
  }

  private retryAfter(account: string): number {
    // A rough wait: the account's queue at a second a task, within 1..30 s.
    return Math.min(30, Math.max(1, Math.ceil(((this.queues.get(account)?.length ?? 0) / this.o.slots) * 1)));
  }
}
