// Issue 18 items 3 and 4 in a browser: an owner ticks "Allow search engines" (the admin allows it on this server), a
// reader downloads the chat as Markdown from the share page. Its own server: indexing is an instance-wide setting.
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import { startServer, type TestServer } from '../helpers/server';
import { screenshotDir, shot, signUp } from './helpers';

let app: TestServer;
test.beforeAll(async () => { app = await startServer({ ENABLE_SHARE_INDEXING: 'true' }); });
test.afterAll(async () => { await app?.stop(); });

test('an owner opens a link to search engines; a reader downloads it as Markdown and can print it', async ({ browser }) => {
  const owner = await (await browser.newContext({ baseURL: app.url, locale: 'en-US' })).newPage();
  await signUp(owner, 'Ina Indexer');
  const title = 'Indexing and exports';
  const made = await owner.request.post(`${app.url}/api/v1/chats/new`, { headers: { origin: app.url }, data: { chat: { title, history: { currentId: 'a', messages: {
    q: { id: 'q', parentId: null, childrenIds: ['a'], role: 'user', content: 'What is a sitemap?' },
    a: { id: 'a', parentId: 'q', childrenIds: [], role: 'assistant', content: 'A list of **pages** for search engines.' },
  } } } } });
  expect(made.status()).toBe(200);
  await owner.goto(`/c/${(await made.json()).id}`);
  await owner.waitForLoadState('load');
  await owner.getByRole('button', { name: /^(Share|Shared)$/ }).click();
  const dialog = owner.getByRole('dialog', { name: 'Share Chat' });
  await expect(dialog.getByRole('switch', { name: /Allow viewers to download/ })).toBeChecked(); // on by default
  const indexing = dialog.getByRole('switch', { name: /Allow search engines/ });
  await expect(indexing).not.toBeChecked(); // off by default
  await indexing.check();
  // Only for open links: a view limit is refused beside the switch, before anything is sent.
  await dialog.getByLabel('Max number of views').fill('5');
  await expect(dialog.locator('[data-error-for="allow_indexing"]')).toHaveText('Remove the expiry and the view and clone limits to let search engines index this link.');
  await dialog.getByLabel('Max number of views').fill('');
  await expect(dialog.locator('[data-error-for="allow_indexing"]')).toBeHidden();
  await dialog.getByRole('button', { name: 'Create Link' }).click();
  await expect(dialog.locator('[data-share-url]')).toHaveValue(/\/s\//);
  const url = await dialog.locator('[data-share-url]').inputValue();
  fs.mkdirSync(screenshotDir, { recursive: true });
  await indexing.scrollIntoViewIfNeeded();
  await shot(owner, { path: `${screenshotDir}/share-modal-readers.png` });
  expect(await (await owner.request.get(`${app.url}/sitemap.xml`)).text()).toContain(`<loc>${url}</loc>`);

  const reader = await (await browser.newContext({ acceptDownloads: true, locale: 'en-US' })).newPage();
  const page = await reader.goto(url);
  expect(page!.headers()['x-robots-tag']).toBe('all');
  await expect(reader.locator('link[rel="canonical"]')).toHaveAttribute('href', url);
  await expect(reader.locator('meta[name="robots"]')).toHaveCount(0);
  await reader.getByText('Download', { exact: true }).click();
  await expect(reader.getByRole('button', { name: 'Print or save as PDF' })).toBeVisible(); // shown by the page's script
  await shot(reader, { path: `${screenshotDir}/viewer-download-menu.png` });
  const [file] = await Promise.all([reader.waitForEvent('download'), reader.getByRole('link', { name: 'Markdown (.md)' }).click()]);
  const text = fs.readFileSync((await file.path())!, 'utf8');
  expect(file.suggestedFilename()).toMatch(/\.md$/);
  expect(text.startsWith(`# ${title}\n`)).toBe(true);
  expect(text).toContain(`<${url}>`);
  // Printing: the page's print stylesheet keeps the link on paper and drops the bar's buttons.
  await reader.emulateMedia({ media: 'print' });
  await expect(reader.locator('.print-link')).toBeVisible();
  await expect(reader.getByRole('link', { name: 'Sign in' })).toBeHidden();
  await shot(reader, { path: `${screenshotDir}/viewer-print.png`, fullPage: true });
});
