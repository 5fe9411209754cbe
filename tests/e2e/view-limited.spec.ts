// A view-limited link in a browser without JavaScript, reached by something that is not its own navigation (here a
// prefetch, as a chat app's in-app browser or an old browser would be treated): the "Show conversation" page, whose
// plain form shows the conversation and spends the one view.
import { test, expect } from '@playwright/test';
import { importFixture, signUp, shot } from './helpers';

test('"Show conversation" works without JavaScript and spends the view only when pressed', async ({ page, browser }) => {
  await signUp(page, 'Vera Viewlimit');
  await importFixture(page, 'openwebui-export.json');
  const chatId = new URL(page.url()).pathname.split('/').pop()!;
  const title = (await page.locator('h1').innerText()).trim();
  const res = await page.request.post(`/api/v1/chats/${chatId}/share`, { data: { max_views: 1 } });
  const path = new URL((await res.json()).url).pathname;

  const context = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { 'sec-purpose': 'prefetch' } });
  const anon = await context.newPage();
  await anon.goto(path);
  const show = anon.getByRole('button', { name: 'Show conversation' });
  await expect(show).toBeVisible();
  await expect(anon.locator('#conversation')).toHaveCount(0);
  await shot(anon, { path: 'test-results/screens/view-limited-confirm.png' });
  expect((await (await page.request.get(`/api/v1/chats/${chatId}/share`)).json()).views).toBe(0);

  await show.click();
  await expect(anon.locator('h1')).toHaveText(title);
  await expect(anon.locator('#conversation')).toBeVisible();
  expect((await (await page.request.get(`/api/v1/chats/${chatId}/share`)).json()).views).toBe(1);
  await context.close();

  // The next reader learns the views are used up (the page said only "expired", and the link had no date to expire).
  const late = await browser.newContext();
  const next = await late.newPage();
  expect((await next.goto(path))!.status()).toBe(410);
  await expect(next.getByText('This shared link has expired and is no longer accessible.')).toBeVisible();
  await expect(next.getByText('It could be opened a limited number of times, and every view has been used.', { exact: false })).toBeVisible();
  await late.close();
});
