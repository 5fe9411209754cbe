// Issue 18.2 as an owner sees it: a stranger opens a shared link (coming from another site), and the owner's Shared
// Chats row shows it in its 30-day sparkline; the sparkline opens the 90-day chart with previews and referring sites,
// by mouse and by keyboard; a link nobody opened says so; the dialog speaks French too.
import { test, expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import { signUp, screenshotDir, shot, schemes } from './helpers';

const chatBody = (title: string) => ({ chat: { title, models: ['gpt-4o'], history: { currentId: 'a', messages: {
  q: { id: 'q', parentId: null, childrenIds: ['a'], role: 'user', content: `Tell me about: ${title}` },
  a: { id: 'a', parentId: 'q', childrenIds: [], role: 'assistant', content: 'Here is a careful answer.', model: 'gpt-4o' },
} } } });

async function sharedChat(page: Page, title: string): Promise<{ chatId: string; url: string }> {
  const chatId = (await (await page.request.post('/api/v1/chats/new', { data: chatBody(title) })).json()).id as string;
  const res = await page.request.post(`/api/v1/chats/${chatId}/share`, { data: {} });
  expect(res.ok()).toBe(true);
  return { chatId, url: (await res.json()).url };
}

test.beforeAll(() => fs.mkdirSync(screenshotDir, { recursive: true }));

test('a stranger\'s visit shows in the owner\'s sparkline, which opens the 90-day chart', async ({ page, browser }) => {
  const run = Date.now().toString(36);
  await signUp(page, 'Stat Owner');
  const viewed = await sharedChat(page, `Viewed chat ${run}`);
  await sharedChat(page, `Quiet chat ${run}`);

  // A stranger follows the link from another site, twice; a Slack unfurl is a preview, not a view.
  const stranger = await browser.newContext();
  const visitor = await stranger.newPage();
  for (let i = 0; i < 2; i++) {
    await visitor.goto(viewed.url, { referer: 'https://news.example.com/item?id=7' });
    await expect(visitor.getByRole('heading', { name: `Viewed chat ${run}` }).first()).toBeVisible();
  }
  await stranger.close();
  expect((await fetch(viewed.url, { headers: { 'user-agent': 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)' } })).status).toBe(200);

  // The counts reach the tables within a flush (300 ms here, 5 s by default).
  const row = page.locator('tr[data-row]').filter({ hasText: `Viewed chat ${run}` });
  const spark = row.getByRole('button', { name: /Statistics of Viewed chat/ });
  await expect(async () => {
    await page.goto('/shared');
    await expect(spark).toHaveAccessibleName(`Statistics of Viewed chat ${run}: 2 views in the last 30 days`, { timeout: 500 });
  }).toPass({ timeout: 10_000 });
  await expect(row.locator('.spark polyline')).toHaveCount(1);

  await spark.click();
  const dialog = page.getByRole('dialog', { name: /Views, last 90 days/ });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`Viewed chat ${run}`);
  await expect(dialog.getByText(/2 views in 90 days · 2 views since the link was made or reset/)).toBeVisible();
  await expect(dialog.getByRole('img', { name: /2 views in 90 days/ })).toBeVisible();
  await expect(dialog.locator('.stats-bars rect')).toHaveCount(1); // today's bar; empty days draw none
  const previews = dialog.locator('section', { has: page.getByRole('heading', { name: 'Link previews' }) });
  await expect(previews.getByRole('listitem')).toHaveText(['Slack1']);
  const sites = dialog.locator('section', { has: page.getByRole('heading', { name: 'Referring sites' }) });
  await expect(sites.getByRole('listitem')).toHaveText(['news.example.com2']);
  for (const scheme of schemes) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await shot(page, { path: `${screenshotDir}/share-stats-dialog-${width}-${scheme}.png` });
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(spark).toBeFocused(); // focus goes back to the sparkline that opened it

  // By keyboard, on the link nobody opened: the empty state says what will happen.
  const quiet = page.locator('tr[data-row]').filter({ hasText: `Quiet chat ${run}` }).getByRole('button', { name: /Statistics of Quiet chat/ });
  await expect(quiet).toHaveAccessibleName(`Statistics of Quiet chat ${run}: no views in the last 30 days`);
  await quiet.focus();
  await page.keyboard.press('Enter');
  await expect(dialog.getByText('No views yet.', { exact: false })).toBeVisible();
  await expect(dialog.getByText('No link previews yet.')).toBeVisible();
  await expect(dialog.getByText('No referring sites yet.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  for (const scheme of schemes) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await shot(page, { path: `${screenshotDir}/share-stats-rows-${width}-${scheme}.png`, fullPage: true });
    }
  }

  // In French: the sparkline's name, the dialog's headings.
  await page.context().addCookies([{ name: 'cs_lang', value: 'fr', url: page.url() }]);
  await page.goto('/shared');
  const frSpark = page.getByRole('button', { name: `Statistiques de Viewed chat ${run} : 2 vues ces 30 derniers jours` });
  await frSpark.click();
  const frDialog = page.getByRole('dialog', { name: /Vues, 90 derniers jours/ });
  await expect(frDialog.getByRole('heading', { name: 'Aperçus du lien' })).toBeVisible();
  await expect(frDialog.getByRole('heading', { name: "Sites d'origine" })).toBeVisible();
});
