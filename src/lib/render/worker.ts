// A render pool thread (bundled to dist/chatshare/render-worker.mjs): warms up once, then runs render tasks.
import { runTask, type RenderTask } from './tasks';
import { warmRenderer } from './warm';

// piscina waits for this module before it hands the thread a task, so no task pays for compiling grammars.
if (!process.env.CHATSHARE_NO_WARMUP) await warmRenderer();

export default function render(task: RenderTask) {
  return runTask(task);
}
