// First contentful paint of a page in headless Chromium (Debian's, driven by Playwright), each load in a fresh context
// (empty cache), the servers taken in turn so a busy moment of the machine falls on both.
import { chromium } from 'playwright';

export interface FcpResult { medianMs: number; runs: number[]; encodedBytes: number; encoding: string }

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

// A string, not a function: tsx's transform would add helpers (__name) that do not exist in the page.
const MEASURE = `new Promise((resolve) => {
  const nav = performance.getEntriesByType('navigation')[0];
  const done = (fcp) => resolve({ fcp, encoded: nav ? nav.encodedBodySize : 0 });
  const seen = performance.getEntriesByName('first-contentful-paint')[0];
  if (seen) return done(seen.startTime);
  new PerformanceObserver((list) => { const e = list.getEntriesByName('first-contentful-paint')[0]; if (e) done(e.startTime); }).observe({ type: 'paint', buffered: true });
  setTimeout(() => done(NaN), 10000);
})`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** `loads` measured loads of each URL (after one unmeasured load each), interleaved. */
export async function measureFcp(executablePath: string, urls: Record<string, string>, loads: number): Promise<Record<string, FcpResult>> {
  const browser = await chromium.launch({ executablePath, args: ARGS });
  try {
    const runs: Record<string, number[]> = Object.fromEntries(Object.keys(urls).map((k) => [k, []]));
    const sizes: Record<string, { encodedBytes: number; encoding: string }> = {};
    for (let i = -1; i < loads; i++) {
      for (const [name, url] of Object.entries(urls)) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        let encoding = 'identity';
        page.on('response', (r) => { if (r.url() === url) encoding = r.headers()['content-encoding'] ?? 'identity'; });
        const res = await page.goto(url, { waitUntil: 'load' });
        if (!res || res.status() !== 200) throw new Error(`FCP: ${url} answered ${res?.status()}`);
        const m = await page.evaluate(MEASURE) as { fcp: number; encoded: number };
        await context.close();
        if (i < 0) continue; // the first load of each warms the browser and the server's caches
        runs[name]!.push(m.fcp);
        sizes[name] = { encodedBytes: m.encoded, encoding };
      }
    }
    return Object.fromEntries(Object.keys(urls).map((k) => [k, { medianMs: median(runs[k]!), runs: runs[k]!, ...sizes[k]! }]));
  } finally {
    await browser.close();
  }
}
