// A render pool thread (bundled to dist/chatshare/render-worker.mjs): warms up once, tells the pool, then runs render tasks.
import { parentPort, threadId } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { runTask, type RenderTask } from './tasks';
import { warmRenderer, type WarmMessage } from './warm';

// piscina waits for this module before it hands the thread a task, so no task pays for compiling grammars.
if (!process.env.CHATSHARE_NO_WARMUP) {
  const report = await warmRenderer();
  parentPort?.postMessage({ chatshareWarm: { threadId, ...report } } satisfies WarmMessage);
}

export default async function render(task: RenderTask) {
  const result = await runTask(task);
  const moved = movable(result);
  // Moved, not copied: a 10 MB answer or file copied into the request thread cost it tens of ms.
  return moved.length ? Piscina.move({ [Piscina.transferableSymbol]: moved, [Piscina.valueSymbol]: result } as never) : result;
}

/** The memory a result hands over whole: a created or updated chat's answer, a snapshot's {rev}.json, when they own it. */
function movable(result: unknown): ArrayBuffer[] {
  if (!result || typeof result !== 'object') return [];
  const out: ArrayBuffer[] = [];
  for (const key of ['shown', 'file'] as const) {
    const b = (result as Partial<Record<typeof key, unknown>>)[key];
    if (b instanceof Uint8Array && b.buffer instanceof ArrayBuffer && b.byteOffset === 0 && b.byteLength === b.buffer.byteLength) out.push(b.buffer);
  }
  return out;
}
