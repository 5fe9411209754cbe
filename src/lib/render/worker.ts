// A render pool thread (bundled to dist/chatshare/render-worker.mjs): warms up once, tells the pool, then runs render tasks.
import { parentPort, threadId } from 'node:worker_threads';
import { runTask, type RenderTask } from './tasks';
import { warmRenderer, type WarmMessage } from './warm';

// piscina waits for this module before it hands the thread a task, so no task pays for compiling grammars.
if (!process.env.CHATSHARE_NO_WARMUP) {
  const report = await warmRenderer();
  parentPort?.postMessage({ chatshareWarm: { threadId, ...report } } satisfies WarmMessage);
}

export default function render(task: RenderTask) {
  return runTask(task);
}
