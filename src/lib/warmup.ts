// Start-up warm-up: the render pool's threads, which warm themselves up; without a build, this thread, off the request path.
import type { WarmReport } from './render/warm';
import { renderPoolStatus, renderPoolWarm, startRenderPool } from './render/pool';

export interface WarmStatus { warm: boolean; threads: number; warmThreads: number; languages: number; fonts: boolean }

let started: Promise<void> | null = null;
let inProcess: WarmReport | null = null;

/**
 * Starts the warm-up once; the promise resolves when the renderers are warm (at once when CHATSHARE_NO_WARMUP is set).
 * The server entry waits for it before it listens, so the first publish after a start is as fast as later ones.
 */
export function warmUp(): Promise<void> {
  if (process.env.CHATSHARE_NO_WARMUP) return Promise.resolve();
  if (started) return started;
  if (startRenderPool()) return (started = renderPoolWarm());
  // In process (astro dev): one message per macrotask, so requests arriving meanwhile are not held up for long.
  // warm.ts is loaded here only: with a pool, its threads load it, and the request thread never needs the renderers.
  return (started = import('./render/warm')
    .then(({ warmRenderer }) => warmRenderer(() => new Promise((resolve) => setImmediate(resolve))))
    .then((report) => { inProcess = report; }));
}

/** Whether the renderers are warm, and what they made ready (GET /healthz shows it). */
export function warmStatus(): WarmStatus {
  const pool = renderPoolStatus();
  if (pool) return { warm: pool.warm >= pool.threads, threads: pool.threads, warmThreads: pool.warm, languages: pool.languages, fonts: pool.fonts };
  return { warm: inProcess !== null, threads: 0, warmThreads: 0, languages: inProcess?.languages ?? 0, fonts: inProcess?.fonts ?? false };
}
