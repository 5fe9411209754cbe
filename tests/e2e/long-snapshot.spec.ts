// A long snapshot in the browser: the published page has the opening and the latest messages, "Show earlier messages"
// brings the rest in place from the revision's part files, and the same link works as a plain link without script.
import { test, expect, type Page } from '@playwright/test';
import { signUp, shotsAtGap } from './helpers';
import { longChat } from '../helpers/long-chat';

async function longSnapshot(page: Page, n: number, options: Record<string, unknown> = {}): Promise<string> {
  await signUp(page, 'Sam Snapshot');
  return page.evaluate(async ({ chat, options }) => {
    const created = await (await fetch('/api/v1/chats/new', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chat }) })).json();
    const share = await (await fetch(`/api/v1/chats/${created.id}/share`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ is_live: false, ...options }) })).json();
    return `/s/${share.share_id}`;
  }, { chat: longChat('A very long snapshot', n), options });
}

test('a long snapshot shows its opening and latest messages, and loads the earlier ones in place', async ({ page, browser }) => {
  // View-limited: the part fetch rides on the proof of the page's counted view.
  const url = await longSnapshot(page, 400, { max_views: 5 });
  const anon = await (await browser.newContext()).newPage();
  await anon.goto(url);
  const conv = anon.locator('#conversation');
  await expect(conv.locator('#m-m0')).toBeVisible();
  await expect(conv.locator('#m-m399')).toBeAttached();
  await expect(conv.locator('#m-m300')).toHaveCount(0);
  let navigations = 0;
  anon.on('framenavigated', () => navigations++);
  await anon.getByRole('link', { name: 'Show 130 earlier messages' }).click();
  await expect(conv.locator('#m-m300')).toBeAttached();
  await expect(conv.locator('#m-m219')).toHaveCount(0);
  await anon.getByRole('link', { name: 'Show 200 earlier messages' }).click();
  await expect(conv.locator('#m-m20')).toBeAttached();
  await expect(conv.locator('.conv-gap')).toHaveCount(0);
  expect(navigations).toBe(0);
  const ids = await conv.locator('.msg').evaluateAll((els) => els.map((e) => e.id));
  expect(ids).toEqual(Array.from({ length: 400 }, (_, i) => `m-m${i}`));
  // One page view counted, however many parts came in.
  const views = await page.evaluate(async () => (await (await fetch('/api/v1/chats/shared')).json())[0].views);
  expect(views).toBe(1);
});

test('without JavaScript the snapshot\'s "Show earlier messages" link is a page with that part', async ({ page, browser }) => {
  const url = await longSnapshot(page, 400);
  const anon = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await anon.goto(url);
  await anon.getByRole('link', { name: 'Show 130 earlier messages' }).click();
  await expect(anon).toHaveURL(/\?part=2$/);
  const conv = anon.locator('#conversation');
  await expect(conv.locator('#m-m220')).toBeAttached();
  await expect(conv.locator('#m-m399')).toBeAttached();
  await anon.getByRole('link', { name: 'Show 200 earlier messages' }).click();
  await expect(anon).toHaveURL(/\?part=1$/);
  await expect(conv.locator('#m-m20')).toBeAttached();
  await expect(anon.getByRole('link', { name: 'Show 130 later messages' })).toBeVisible();

  await shotsAtGap(browser, url, 'long-snapshot');
});
