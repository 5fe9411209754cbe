// Heavy requests (chat writes, publishes) of one account run one at a time, in a bounded line; other accounts never wait.
import { describe, expect, it } from 'vitest';
import { heavyStats, heavyTurn } from '../../src/lib/render/admission';
import { RenderBusyError } from '../../src/lib/render/scheduler';

const settle = () => new Promise((r) => setTimeout(r, 0));

/** A request whose work ends when the test says so. */
function request(account: string, log: string[], label: string) {
  let end!: () => void;
  const ended = new Promise<void>((r) => (end = r));
  const done = heavyTurn(account, async () => { log.push(`start ${label}`); await ended; log.push(`end ${label}`); return label; });
  return { end, done };
}

describe('heavyTurn', () => {
  it("runs one heavy request of an account at a time, in arrival order, while another account's runs at once", async () => {
    const log: string[] = [];
    const a = [0, 1, 2].map((i) => request('flood', log, `f${i}`));
    await settle();
    expect(log).toEqual(['start f0']);
    expect(heavyStats('flood')).toEqual({ running: 1, waiting: 2 });
    const b = request('bystander', log, 'b0');
    await settle();
    expect(log).toEqual(['start f0', 'start b0']); // not behind the flooder's line
    b.end();
    a[0]!.end();
    await settle();
    expect(log.slice(2)).toEqual(['end b0', 'end f0', 'start f1']);
    // A request arriving as f1 takes over the slot goes to the back of the line, not ahead of f2.
    const late = request('flood', log, 'f3');
    a[1]!.end(); await settle();
    a[2]!.end(); await settle();
    late.end(); await settle();
    expect(log.filter((l) => l.startsWith('start f'))).toEqual(['start f0', 'start f1', 'start f2', 'start f3']);
    expect(await Promise.all([...a.map((r) => r.done), late.done])).toEqual(['f0', 'f1', 'f2', 'f3']);
    expect(heavyStats('flood')).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses with RenderBusyError once the line is full, before running anything; a failed request frees its slot', async () => {
    const log: string[] = [];
    const first = request('busy', log, 'r0');
    const waiting = Array.from({ length: 32 }, (_, i) => request('busy', log, `w${i}`)); // RENDER_QUEUE_PER_ACCOUNT: 32
    await settle();
    let ran = false;
    const refused = await heavyTurn('busy', () => { ran = true; }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(RenderBusyError);
    expect((refused as RenderBusyError).retryAfterSec).toBeGreaterThanOrEqual(1);
    expect(ran).toBe(false);
    first.end();
    for (const w of waiting) w.end();
    await Promise.all(waiting.map((w) => w.done));
    await expect(heavyTurn('busy', () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(heavyStats('busy')).toEqual({ running: 0, waiting: 0 });
    expect(await heavyTurn('busy', () => 'next')).toBe('next');
  });
});
