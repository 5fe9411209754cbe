// The compiled-artifact cache is bounded by bytes: many big pages in many languages cannot grow it past its budget,
// and the page being viewed most recently stays.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

describe('artifact cache', () => {
  it('keeps at most ARTIFACT_CACHE_MB of compiled pages, evicting the least recently viewed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'artifact-cache-'));
    vi.stubEnv('DATA_DIR', dir);
    vi.stubEnv('ARTIFACT_CACHE_MB', '1');
    vi.resetModules();
    const { writeArtifact, readViewerArtifact, artifactCacheStats } = await import('../../src/lib/shares/documents/artifacts');
    const page = (n: number) => `<!doctype html><html lang="<!--cs:lang-->"><body>${`<p>chat ${n} ${'x'.repeat(100)}</p>`.repeat(1300)}</body></html>`; // ~150 KB
    for (let n = 0; n < 6; n++) await writeArtifact(`chat-${n}`, 1, 'html', page(n));
    const first = await readViewerArtifact('chat-0', 1, 'en');
    expect(first).not.toBeNull();
    for (let n = 1; n < 6; n++) {
      for (const locale of ['en', 'fr', 'es'] as const) expect(await readViewerArtifact(`chat-${n}`, 1, locale)).not.toBeNull();
      await readViewerArtifact('chat-0', 1, 'en'); // the popular one, viewed between the others
    }
    const stats = artifactCacheStats();
    expect(stats.maxBytes).toBe(1024 * 1024);
    expect(stats.bytes).toBeLessThanOrEqual(stats.maxBytes);
    expect(stats.entries).toBeGreaterThan(0);
    expect(stats.entries).toBeLessThan(16);
    expect(await readViewerArtifact('chat-0', 1, 'en')).toBe(first); // still cached: the same object
    vi.unstubAllEnvs();
  });
});
