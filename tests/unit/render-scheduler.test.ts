// The render pool's scheduler: per-account FIFOs, round-robin between accounts, bounds, and the render-time budget.
// Deterministic: tasks end when the test releases them, and the clock is the test's.
import { describe, expect, it } from 'vitest';
import { FairScheduler, RenderBusyError, type Release, type SchedulerOptions } from '../../src/lib/render/scheduler';

function setup(o: Partial<SchedulerOptions> = {}) {
  let clock = 0;
  const s = new FairScheduler({ slots: 1, perAccount: 1, maxQueued: 100, budgetMs: 1e9, halfLifeMs: 10_000, now: () => clock, ...o });
  const started: string[] = [];
  const releases: Release[] = [];
  const submit = (account: string, label = account) => s.acquire(account).then((release) => { started.push(label); releases.push(release); });
  const settle = () => new Promise((r) => setTimeout(r, 0));
  /** Ends the oldest running task after `ms` of render time. */
  const finish = async (ms = 10) => { clock += ms; releases.shift()!(ms); await settle(); };
  return { s, started, submit, finish, settle, tick: (ms: number) => { clock += ms; } };
}

describe('FairScheduler', () => {
  it('takes turns between accounts: one account\'s long queue does not hold back another\'s task', async () => {
    const { started, submit, finish, settle } = setup();
    for (let i = 0; i < 5; i++) void submit('flood', `flood${i}`);
    await settle();
    void submit('small');
    await settle();
    expect(started).toEqual(['flood0']);
    await finish();
    expect(started).toEqual(['flood0', 'small']); // next, ahead of flood1..4
    await finish(); await finish(); await finish();
    expect(started).toEqual(['flood0', 'small', 'flood1', 'flood2', 'flood3']);
  });

  it('round-robin over three accounts, each account first in first out', async () => {
    const { started, submit, finish, settle } = setup();
    void submit('a', 'a0');
    await settle();
    for (const label of ['a1', 'a2', 'b0', 'b1', 'c0']) void submit(label[0]!, label);
    await settle();
    for (let i = 0; i < 5; i++) await finish();
    expect(started).toEqual(['a0', 'b0', 'c0', 'a1', 'b1', 'a2']);
  });

  it('one account runs at most perAccount tasks: the other slot stays for someone else', async () => {
    const { s, started, submit, settle } = setup({ slots: 2, perAccount: 1 });
    void submit('flood', 'f0');
    void submit('flood', 'f1');
    await settle();
    expect(started).toEqual(['f0']); // a slot is free, but flood already has its one
    expect(s.stats('flood')).toEqual({ queued: 1, running: 1 });
    void submit('small');
    await settle();
    expect(started).toEqual(['f0', 'small']);
  });

  it('a full queue refuses with RenderBusyError and a Retry-After, for that account only', async () => {
    const { submit, settle } = setup({ maxQueued: 3 });
    void submit('flood');
    await settle();
    for (let i = 0; i < 3; i++) void submit('flood');
    await settle();
    let refused: unknown;
    try { await submit('flood'); } catch (err) { refused = err; }
    expect(refused).toBeInstanceOf(RenderBusyError);
    expect((refused as RenderBusyError).retryAfterSec).toBeGreaterThanOrEqual(1);
    void submit('other'); // another account still queues
  });

  it('an account over its render-time budget is served after accounts within theirs, and recovers as its use fades', async () => {
    const { s, started, submit, finish, settle, tick } = setup({ budgetMs: 1000, halfLifeMs: 1000 });
    void submit('heavy', 'h0');
    await settle();
    await finish(5000); // heavy used 5 s
    expect(s.used('heavy')).toBe(5000);
    void submit('light', 'l0');
    await settle();
    void submit('heavy', 'h1');
    void submit('light', 'l1');
    void submit('light', 'l2');
    await settle();
    await finish(10); await finish(10); await finish(10);
    // Round-robin would give heavy the second turn; over budget, it waits until light has nothing queued.
    expect(started).toEqual(['h0', 'l0', 'l1', 'l2', 'h1']);
    tick(10_000);
    expect(s.used('heavy')).toBeLessThan(10);
  });

  it('a task released twice frees its slot once', async () => {
    const { s, submit, settle } = setup({ slots: 1 });
    const release = await s.acquire('a');
    release(1);
    release(1);
    void submit('b'); void submit('c');
    await settle();
    expect(s.stats('b').running + s.stats('c').running).toBe(1);
  });
});
