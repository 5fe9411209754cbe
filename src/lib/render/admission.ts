// One heavy request (a chat write or a publish) in flight per account; the account's others wait in a short line, and
// past it are refused with RENDER_BUSY (503), before their bodies are read or their chats parsed.
//
// Why: reading, checking and saving a 20,000-message chat holds the request thread for a few hundred ms in one go
// (JSON parse, the branch tree, JSON stringify). Four such requests of one account in flight queued four of those
// blocks on the event loop ahead of another user's callbacks, and the render pool's answers waited behind them too:
// a bystander's 10-message publish took 0.6-2.5 s. One at a time, another user waits behind at most one block.
import { RenderBusyError } from './scheduler';

const IN_FLIGHT = 1;
const MAX_WAITING = Number(process.env.RENDER_QUEUE_PER_ACCOUNT) || 32;

interface Line { running: number; waiting: Array<() => void> }
const lines = new Map<string, Line>();

/** Runs `work` when the account has no other heavy request running; throws RenderBusyError when its line is full. */
export async function heavyTurn<T>(account: string, work: () => Promise<T> | T): Promise<T> {
  let line = lines.get(account);
  if (!line) lines.set(account, (line = { running: 0, waiting: [] }));
  if (line.running >= IN_FLIGHT) {
    if (line.waiting.length >= MAX_WAITING) throw new RenderBusyError(Math.min(30, Math.max(1, Math.ceil(line.waiting.length / 4))));
    await new Promise<void>((resolve) => line!.waiting.push(resolve)); // handed a running slot by the one that ends
  } else line.running++;
  try {
    return await work();
  } finally {
    const next = line.waiting.shift();
    if (next) next(); // its slot goes straight to the next: a request arriving meanwhile cannot overtake the line
    else if (--line.running === 0) lines.delete(account); // keeps the map to accounts with requests under way
  }
}

/** How many heavy requests of an account run and wait (for tests and status). */
export function heavyStats(account: string): { running: number; waiting: number } {
  const line = lines.get(account);
  return { running: line?.running ?? 0, waiting: line?.waiting.length ?? 0 };
}
