// A big import as a person sees it: a panel under Import chats with the file's name and a progress bar, the upload's
// share while it is sent, then "Importing… N of M chats" from the progress poll, and the first chat once it is done.
import { test, expect } from '@playwright/test';
import path from 'node:path';
import { bigExport } from '../helpers/big-exports';
import { SCREENSHOTS, schemes, screenshotDir, shot, signUp } from './helpers';

test('a 4 MB export shows its upload, then its chats counted, in a progress panel, then opens the first chat', async ({ page }) => {
  await signUp(page, 'Progress Panel');
  // 600 chats of 6.5 KB: a few MB to send, and only a few seconds of the import thread (other tests' imports share it).
  const text = bigExport(600, 6500, 'panel');
  expect(text.length).toBeGreaterThan(3.5 * 1024 * 1024);
  // Every line the panel shows, with its bar, kept here (the page moves on to the first chat at the end).
  const seen: Array<{ text: string; value: number | null; max: number }> = [];
  await page.exposeFunction('recordImportStatus', (line: { text: string; value: number | null; max: number }) => void seen.push(line));
  await page.evaluate(() => {
    const text = document.querySelector('[data-import-progress-text]')!;
    const bar = document.querySelector<HTMLProgressElement>('[data-import-progress-bar]')!;
    new MutationObserver(() => (window as any).recordImportStatus({ text: text.textContent, value: bar.hasAttribute('value') ? bar.value : null, max: bar.max }))
      .observe(text, { childList: true, characterData: true, subtree: true });
  });
  // A slow uplink (about 3 MB/s), so the upload takes long enough to be seen; the page's own requests are small.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 3 * 1024 * 1024 });

  const panel = page.locator('[data-import-progress]');
  await expect(panel).toBeHidden();
  await page.locator('input[data-import]').setInputFiles({ name: 'big-export.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(panel).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Importing big-export.json' })).toBeVisible();
  await expect(panel.locator('[data-import-progress-name]')).toHaveText('big-export.json');
  await expect.poll(() => seen.some((l) => l.text.startsWith('Uploading'))).toBe(true);
  await shot(page, { path: path.join(screenshotDir, 'import-progress-uploading-1280-light.png') });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

  // Done: the library opens the first new chat and says how many came in.
  await expect(page.locator('[data-toast]')).toContainText('Imported 600 chats.', { timeout: 20_000 });
  await expect(page.locator('h1')).toHaveText('panel chat 0');
  await expect(page.locator('[data-import-progress]')).toBeHidden();

  // What the panel said on the way: the upload growing, then the server's count of stored chats against the file's.
  const uploads = seen.filter((l) => l.text.startsWith('Uploading'));
  const counts = seen.filter((l) => /^Importing… [\d,]+ of 600 chats$/.test(l.text));
  expect(uploads.length).toBeGreaterThan(1);
  for (const l of uploads) expect(l.text).toMatch(/^Uploading \d+% \(\d(\.\d)? of \d\.\d MB\)$/);
  expect(counts.length).toBeGreaterThan(0);
  expect(seen.findIndex((l) => l.text.startsWith('Importing'))).toBeGreaterThan(seen.findLastIndex((l) => l.text.startsWith('Uploading')));
  for (let i = 1; i < uploads.length; i++) expect(uploads[i]!.value!).toBeGreaterThanOrEqual(uploads[i - 1]!.value!);
  for (const l of counts) {
    expect(l.max).toBe(600);
    expect(Number(/^Importing… ([\d,]+)/.exec(l.text)![1]!.replace(/,/g, ''))).toBe(l.value);
  }
  expect(seen.at(-1)!.text).toBe('Done: 600 chats imported');
});

test('pictures of the panel at 390 and 1280 px, light and dark', async ({ browser }) => {
  test.skip(!SCREENSHOTS, 'pictures for a person to look at: taken with SCREENSHOTS=1, left out of CI for time (the test above checks what the panel says)');
  for (const [width, height] of [[390, 844], [1280, 800]] as const) {
    for (const colorScheme of schemes) {
      const context = await browser.newContext({ viewport: { width, height }, colorScheme });
      const page = await context.newPage();
      await signUp(page, 'Panel Pictures');
      // The import is held and its figures are fixed, so the picture shows the panel mid-way.
      await page.route('**/api/v1/chats/import?*', () => undefined);
      await page.route('**/api/v1/chats/import/progress?*', (route) => route.fulfill({ json: {
        state: 'importing', received_bytes: 4e6, total_bytes: 4e6, files_done: 0, chats_imported: 1180, chats_skipped: 70, chats_rejected: 0, chats_total: 4000, started_at: 0,
      } }));
      await page.locator('input[data-import]').setInputFiles({ name: 'conversations-2026-12-06.json', mimeType: 'application/json', buffer: Buffer.from('[]') });
      await expect(page.locator('[data-import-progress-text]')).toHaveText('Importing… 1,250 of 4,000 chats');
      await page.screenshot({ path: path.join(screenshotDir, `import-progress-${width}-${colorScheme}.png`) });
      // Before the file's size in chats is known: no figure, a band sweeping the bar (caught mid-sweep).
      await page.unroute('**/api/v1/chats/import/progress?*');
      await page.route('**/api/v1/chats/import/progress?*', (route) => route.fulfill({ json: {
        state: 'waiting', received_bytes: 0, total_bytes: 4e6, files_done: 0, chats_imported: 0, chats_skipped: 0, chats_rejected: 0, chats_total: null, started_at: 0,
      } }));
      await expect(page.locator('[data-import-progress-text]')).toHaveText('Waiting for your earlier import to finish…');
      await page.locator('[data-import-progress]').screenshot({ path: path.join(screenshotDir, `import-progress-waiting-${width}-${colorScheme}.png`), animations: 'allow' });
      await context.close();
    }
  }
});
