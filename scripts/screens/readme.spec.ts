// The README's two pictures (docs/screenshot-share.png, docs/screenshot-dashboard.png): the demo chats shared with a
// spread of settings, a share page as a viewer sees it and the owner's Shared Chats page, desktop, light.
// `CHROMIUM_PATH=… bash scripts/run.sh playwright test -c scripts/screens/playwright.config.ts readme` (after a build).
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

const docs = path.resolve(import.meta.dirname, '../../docs');

test('README screenshots', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light', locale: 'en-US' });
  const page = await ctx.newPage();
  await page.goto('/auth/signup');
  await page.getByLabel('Name').fill('Maya Chen');
  await page.getByLabel('Email').fill(`maya-${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('complementary', { name: 'Chat library' })).toBeVisible();
  const imported = await page.request.post('/api/v1/chats/import', { data: JSON.parse(fs.readFileSync('tests/fixtures/demo-chats.json', 'utf8')) });
  const chats = (await imported.json()).imported as Array<{ id: string; title: string }>;
  const settings: Array<Record<string, unknown>> = [{ display_username: true }, { is_live: true }, { password: 'kyoto-2026', expires_in: '7d' },
    { max_views: 100 }, { is_public: false }, { is_live: true, allow_cloning: false }];
  const urls: string[] = [];
  for (const [i, chat] of chats.entries()) {
    const res = await page.request.post(`/api/v1/chats/${chat.id}/share`, { data: settings[i % settings.length] });
    urls.push((await res.json()).url);
  }
  for (let k = 0; k < 3; k++) await fetch(urls[0]!); // a few views to show
  await page.request.delete(`/api/v1/chats/${chats[4]!.id}/share`);
  fs.mkdirSync(docs, { recursive: true });

  await page.goto('/shared');
  await page.waitForLoadState('load');
  await page.screenshot({ path: path.join(docs, 'screenshot-dashboard.png') });

  const viewer = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light', locale: 'en-US' });
  const share = await viewer.newPage();
  await share.goto(urls[0]!);
  await expect(share.locator('#conversation')).toBeVisible();
  await share.screenshot({ path: path.join(docs, 'screenshot-share.png') });
  await viewer.close();
  await ctx.close();
});
