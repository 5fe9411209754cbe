// A big import as a person sees it: a panel under Import chats with the file's name and a progress bar, the upload's
// share while it is sent, then "Importing… N of M chats" from the progress poll, and the first chat once it is done, with
// the result in the panel until it is dismissed. On a phone the panel follows the import to every page (a bar at the
// bottom); a file dropped on Shared Chats shows the same panel.
import { test, expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bigExport } from '../helpers/big-exports';
import { SCREENSHOTS, importFixture, schemes, screenshotDir, shot, signUp } from './helpers';

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
  // The result stays in the panel on the page it opened, with a link to that chat, until dismissed.
  await expect(panel.locator('[data-import-progress-text]')).toHaveText('Done: 600 chats imported');
  await expect(panel.getByRole('link', { name: 'Open the first imported chat' })).toHaveAttribute('href', /^\/c\//);
  await panel.getByRole('button', { name: 'Dismiss' }).click();
  await expect(panel).toBeHidden();
  await page.reload();
  await expect(page.locator('h1')).toHaveText('panel chat 0');
  await expect(panel).toBeHidden();

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

/** Records every line the import panel shows on this page (its text and whether it is on screen). */
async function watchPanel(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.exposeFunction('recordPanelLine', (line: string) => void seen.push(line));
  await page.evaluate(() => {
    const text = document.querySelector('[data-import-progress-text]')!;
    new MutationObserver(() => (window as any).recordPanelLine(text.textContent)).observe(text, { childList: true, characterData: true, subtree: true });
  });
  return seen;
}

test('on a phone, an import started on the chat list shows on every page it goes to, then its result, until dismissed', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await signUp(page, 'Phone Import');
  await importFixture(page, 'openwebui-export.json'); // a chat to open while the big import runs
  const chatUrl = page.url();
  expect(chatUrl).toMatch(/\/c\//);
  await page.goto('/');
  // 1,500 chats: seconds of the import thread, so the person is on other pages while it runs.
  const text = bigExport(1500, 3000, 'phone');
  const panel = page.locator('[data-import-progress]');
  await page.locator('input[data-import]').setInputFiles({ name: 'phone-export.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(panel).toBeVisible();
  // Once the file is sent the import goes on without this page: move on. On a quiet machine the 1,500 chats can be in
  // before a poll sees "Importing…" (a CI run failed waiting for it with their "Done" on screen). Their own "Done", not
  // any: until the file input's handler runs, the panel still shows the first import's "Done: 3 chats imported", and
  // leaving on that left mid-upload (the next run showed "Stopped").
  await expect(panel.locator('[data-import-progress-text]')).toHaveText(/^(Importing…|Done: 1,500 chats imported)/, { timeout: 20_000 });

  await page.goto('/shared');
  await expect(page.locator('h1')).toHaveText('Shared Chats');
  // The sidebar is hidden on this page on a phone: the panel is the bar at the bottom, on screen, within the width.
  const docked = page.locator('[data-import-dock] [data-import-progress]');
  await expect(docked).toBeVisible();
  await expect(docked.locator('[data-import-progress-name]')).toHaveText('phone-export.json');
  await expect(docked.locator('[data-import-progress-text]')).toHaveText(/^(Importing…|Done: )/);
  await shot(page, { path: path.join(screenshotDir, 'import-progress-docked-390-light.png') });

  await page.goto(chatUrl);
  await expect(docked).toBeVisible();
  await expect(docked.locator('[data-import-progress-name]')).toHaveText('phone-export.json');
  // The end, in words, with the way to the chats: every one of the 1,500, whichever page was open when it ended.
  await expect(docked.locator('[data-import-progress-text]')).toHaveText('Done: 1,500 chats imported', { timeout: 30_000 });
  await expect(docked.getByRole('link', { name: /^Open (the first imported chat|your chats)$/ })).toBeVisible();
  const box = (await docked.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  expect(box.y + box.height).toBeLessThanOrEqual(844);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shot(page, { path: path.join(screenshotDir, 'import-progress-docked-done-390-light.png') });

  // Dismissed: gone here and on the next pages.
  await docked.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.locator('[data-import-progress]')).toBeHidden();
  await page.goto('/shared/with-me');
  await expect(page.locator('[data-import-progress]')).toBeHidden();
  await context.close();
});

test('a file dropped on Shared Chats shows the import panel: its progress, then the result with a link to the chats', async ({ page }) => {
  await signUp(page, 'Shared Drop Panel');
  await page.goto('/shared');
  await expect(page.locator('h1')).toHaveText('Shared Chats');
  const lines = await watchPanel(page);
  const text = bigExport(400, 6500, 'drop');
  const dt = await page.evaluateHandle((content) => { const d = new DataTransfer(); d.items.add(new File([content], 'dropped-export.json', { type: 'application/json' })); return d; }, text);
  await page.dispatchEvent('.dash', 'dragenter', { dataTransfer: dt });
  await page.dispatchEvent('.dash', 'drop', { dataTransfer: dt });
  const panel = page.locator('[data-import-progress]');
  await expect(panel).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Importing dropped-export.json' })).toBeVisible();
  await expect(panel.locator('[data-import-progress-text]')).toHaveText('Done: 400 chats imported', { timeout: 30_000 });
  await expect(panel.getByRole('link', { name: 'Open the first imported chat' })).toHaveAttribute('href', /^\/c\//);
  // The Share Chat dialog opens for the first chat, as before.
  const dialog = page.locator('dialog[open]');
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('[data-notice]')).toHaveText('Imported 400 chats. Sharing the first: “drop chat 0”.');
  // On the way: the upload or the server's count, not only the end.
  expect(lines.some((l) => /^(Uploading|Importing…)/.test(l))).toBe(true);
});

test('pictures of the docked panel and the result at 390 and 1280 px, light and dark', async ({ browser }) => {
  test.skip(!SCREENSHOTS, 'pictures for a person to look at: taken with SCREENSHOTS=1 (the tests above check what the panel says and where)');
  for (const [width, height] of [[390, 844], [1280, 800]] as const) {
    for (const colorScheme of schemes) {
      const context = await browser.newContext({ viewport: { width, height }, colorScheme });
      const page = await context.newPage();
      await signUp(page, 'Dock Pictures');
      // A running import this tab sent from a page it left: the next page follows it (figures fixed for the picture).
      await page.route('**/api/v1/chats/import/progress?*', (route) => route.fulfill({ json: {
        state: 'importing', received_bytes: 4e6, total_bytes: 4e6, files_done: 0, chats_imported: 1180, chats_skipped: 70, chats_rejected: 0, chats_total: 4000, started_at: 0,
      } }));
      await page.evaluate(() => sessionStorage.setItem('cs-import', JSON.stringify({ id: 'picture-import-1', name: 'conversations-2026-12-06.json', zip: false, state: 'running', sent: true })));
      await page.goto('/shared');
      await expect(page.locator('[data-import-progress-text]')).toHaveText('Importing… 1,250 of 4,000 chats');
      await page.screenshot({ path: path.join(screenshotDir, `import-progress-running-shared-${width}-${colorScheme}.png`) });
      // Its one file done: the figures are final, and the result stays on the next page.
      await page.unroute('**/api/v1/chats/import/progress?*');
      await page.route('**/api/v1/chats/import/progress?*', (route) => route.fulfill({ json: {
        state: 'importing', received_bytes: 4e6, total_bytes: 4e6, files_done: 1, chats_imported: 3930, chats_skipped: 70, chats_rejected: 2, chats_total: 4002, started_at: 0,
      } }));
      await expect(page.locator('[data-import-progress-text]')).toHaveText(/^Done: /);
      await page.goto('/settings');
      await expect(page.locator('[data-import-progress-text]')).toHaveText('Done: 3,930 chats imported, 70 already in your library (skipped), 2 could not be read');
      await page.screenshot({ path: path.join(screenshotDir, `import-progress-result-settings-${width}-${colorScheme}.png`) });
      await context.close();
    }
  }
});

test('a JSON export over 50 MB is imported from the page, sent as it is (the server reads it as a stream)', async ({ page }) => {
  // Before: the page refused it ("That file is over 50 MB.") and never sent it.
  await signUp(page, 'Big JSON');
  // A small chat first (the page opens it), then 120 of 460 KB: over 50 MB in all. (Seven chats of 8.5 MB made another
  // flow's sign-up answer 503 BUSY once in a full run: see the stop's note.)
  const big = JSON.parse(bigExport(120, 460_000, 'huge')) as Array<{ title: string }>;
  const text = JSON.stringify([JSON.parse(bigExport(1, 2000, 'small'))[0], ...big]);
  expect(text.length).toBeGreaterThan(50 * 1024 * 1024);
  const sent: string[] = [];
  page.on('request', (r) => { if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/chats/import') sent.push(r.headers()['content-type'] ?? ''); });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cs-huge-')), 'huge-export.json'); // over Playwright's 50 MB for a buffer
  fs.writeFileSync(file, text);
  await page.locator('input[data-import]').setInputFiles(file);
  await expect(page.locator('[data-toast]')).toContainText('Imported 121 chats.', { timeout: 60_000 });
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  await expect(page.locator('h1')).toHaveText('small chat 0');
  expect(sent).toEqual(['application/json']);
});
