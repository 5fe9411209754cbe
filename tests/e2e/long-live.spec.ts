// A long live share in the browser: the opening and latest messages first, "Show earlier messages" bringing the rest in
// place with script, and the same link working as a plain link without it.
import { test, expect, type Page } from '@playwright/test';
import { signUp, shotsAtGap } from './helpers';
import { longChat } from '../helpers/long-chat';

async function longLiveShare(page: Page, n: number): Promise<string> {
  await signUp(page, 'Lena Long');
  return page.evaluate(async ({ chat }) => {
    const created = await (await fetch('/api/v1/chats/new', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chat }) })).json();
    const share = await (await fetch(`/api/v1/chats/${created.id}/share`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ is_live: true }) })).json();
    return `/s/${share.share_id}`;
  }, { chat: longChat('A very long live chat', 400) });
}

test('a long live share shows its opening and latest messages, and loads the earlier ones in place', async ({ page, browser }) => {
  const url = await longLiveShare(page, 400);
  const anon = await (await browser.newContext()).newPage();
  await anon.goto(url);
  const conv = anon.locator('#conversation');
  await expect(conv.locator('#m-m0')).toBeVisible();
  await expect(conv.locator('#m-m399')).toBeAttached();
  await expect(conv.locator('#m-m300')).toHaveCount(0);
  let navigations = 0;
  anon.on('framenavigated', () => navigations++);
  const more = anon.getByRole('link', { name: 'Show 130 earlier messages' });
  await more.click();
  await expect(conv.locator('#m-m300')).toBeAttached();
  await expect(conv.locator('#m-m220')).toBeAttached();
  await expect(conv.locator('#m-m219')).toHaveCount(0);
  await anon.getByRole('link', { name: 'Show 200 earlier messages' }).click();
  await expect(conv.locator('#m-m20')).toBeAttached();
  await expect(conv.locator('.conv-gap')).toHaveCount(0);
  expect(navigations).toBe(0);
  // In order: every message once, 0 to 399.
  const ids = await conv.locator('.msg').evaluateAll((els) => els.map((e) => e.id));
  expect(ids).toEqual(Array.from({ length: 400 }, (_, i) => `m-m${i}`));
});

test('without JavaScript the "Show earlier messages" link is a page with that part', async ({ page, browser }) => {
  const url = await longLiveShare(page, 400);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const anon = await context.newPage();
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

  await shotsAtGap(browser, url, 'long-live');
});
