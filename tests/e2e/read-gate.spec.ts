// Reads counted in the browser (issue 13): a one-view link cloned after signing in uses the view its page counted, and a
// live page keeps following its share across many renewals of its short-lived token (6 s in the e2e server).
import { test, expect, type Page } from '@playwright/test';
import { freshContext, importFixture, signUp, screenshotDir, shot } from './helpers';

async function sharedByOwner(page: Page, options: Record<string, unknown>): Promise<{ path: string; title: string; chatId: string }> {
  await signUp(page, 'Olive Owner');
  await importFixture(page, 'openwebui-export.json');
  const chatId = new URL(page.url()).pathname.split('/').pop()!;
  const title = (await page.locator('h1').innerText()).trim();
  const res = await page.request.post(`/api/v1/chats/${chatId}/share`, { data: options });
  expect(res.status()).toBe(200);
  return { path: new URL((await res.json()).url).pathname, title, chatId };
}

test('a viewer of a max_views=1 link clicks Clone Chat, signs in, and gets the copy', async ({ page, browser }) => {
  const { path, title, chatId } = await sharedByOwner(page, { max_views: 1 });
  const anon = await freshContext(browser);
  await anon.page.goto(path);
  await expect(anon.page.locator('h1')).toHaveText(title);
  await anon.page.getByRole('button', { name: 'Clone Chat' }).click();
  await expect(anon.page).toHaveURL(/\/auth\/signin\?next=/);
  await anon.page.getByRole('link', { name: 'Create an account' }).click();
  await anon.page.getByLabel('Name').fill('Una Oneview');
  await anon.page.getByLabel('Email').fill(`oneview-${Date.now()}@example.com`);
  await anon.page.getByLabel('Password').fill('correct horse battery');
  await anon.page.getByRole('button', { name: 'Create account' }).click();
  await expect(anon.page).toHaveURL(/\/c\/[0-9a-f-]+/);
  await expect(anon.page.locator('h1')).toHaveText(`Clone of ${title}`);
  // One read in all: the page's view, used by the clone; the link is spent for everyone else.
  const share = await (await page.request.get(`/api/v1/chats/${chatId}/share`)).json();
  expect(share).toMatchObject({ views: 1, clones: 1 });
  const other = await freshContext(browser);
  await other.page.goto(path);
  await expect(other.page.getByText('SHARE_LINK_EXPIRED')).toBeVisible();
  await anon.context.close();
  await other.context.close();
});

test('a live page keeps updating across many renewals of its token', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const { path, chatId } = await sharedByOwner(page, { is_live: true, max_views: 1 });
  const anon = await freshContext(browser);
  await anon.page.goto(path);
  let refused = 0;
  anon.page.on('response', (r) => { if (r.url().includes('/live?') && r.status() >= 400) refused++; });
  const say = async (text: string) => {
    const chat = await page.evaluate(async (id) => (await (await fetch(`/api/v1/chats/${id}`)).json()).chat, chatId);
    const leaf = chat.history.currentId;
    const id = `m-${Date.now()}`;
    chat.history.messages[id] = { id, parentId: leaf, childrenIds: [], role: 'user', content: text, timestamp: Math.floor(Date.now() / 1000) };
    chat.history.messages[leaf].childrenIds.push(id);
    chat.history.currentId = id;
    await page.evaluate(async ({ id, history }) => fetch(`/api/v1/chats/${id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chat: { history } }) }), { id: chatId, history: chat.history });
  };
  // Two token lifetimes (6 s each) with an update in each: the page follows both, never refused, never reloaded.
  let navigations = 0;
  anon.page.on('framenavigated', () => navigations++);
  for (let i = 1; i <= 2; i++) {
    await page.waitForTimeout(6_000);
    await say(`Live update number ${i}`);
    await expect(anon.page.locator('#conversation')).toContainText(`Live update number ${i}`, { timeout: 15_000 });
  }
  expect(refused).toBe(0);
  expect(navigations).toBe(0);
  await expect(anon.page.locator('.badge-live')).not.toHaveText('Not updating');
  await shot(anon.page, { path: `${screenshotDir}/live-renewed.png` });
  // The link's one view was this page: nobody else reads it, and its token is no use to another browser.
  const other = await freshContext(browser);
  await other.page.goto(path);
  await expect(other.page.getByText('SHARE_LINK_EXPIRED')).toBeVisible();
  expect((await other.page.request.get(`${path}/live?v=0`)).status()).toBeGreaterThanOrEqual(400);
  await anon.context.close();
  await other.context.close();
});
