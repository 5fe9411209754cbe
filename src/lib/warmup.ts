// Start-up warm-up, off the request path: the render pool's threads, which warm themselves up; without a build, this thread.
import { warmRenderer } from './render/warm';
import { startRenderPool } from './render/pool';

let started = false;
export function warmUp(): void {
  if (started || process.env.CHATSHARE_NO_WARMUP) return;
  started = true;
  if (startRenderPool()) return;
  // In process (astro dev): one grammar per macrotask, so requests arriving meanwhile are not held up for long.
  setTimeout(() => void warmRenderer(() => new Promise((resolve) => setImmediate(resolve))), 50);
}
