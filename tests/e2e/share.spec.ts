// Share links as people use them: the modal, each kind of share, the viewer anonymous and signed in, every error.
import { test, expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import { PASSWORD, freshContext, importFixture, signUp, screenshotDir, shot } from './helpers';

// Each test signs up its own people: the file's tests spread over the workers rather than queue on one (CI time).
test.describe.configure({ mode: 'parallel' });

async function openShareModal(page: Page) {
  await page.getByRole('button', { name: /^(Share|Shared)$/ }).click();
  await expect(page.getByRole('dialog', { name: 'Share Chat' })).toBeVisible();
  return page.getByRole('dialog', { name: 'Share Chat' });
}

async function createLink(page: Page, setup?: (dialog: ReturnType<Page['getByRole']>) => Promise<void>): Promise<string> {
  const dialog = await openShareModal(page);
  if (setup) await setup(dialog);
  await dialog.getByRole('button', { name: 'Create Link' }).click();
  const url = dialog.locator('[data-share-url]');
  await expect(url).toHaveValue(/\/s\//);
  return url.inputValue();
}

async function ownerWithChat(page: Page, name = 'Sharon Sharer') {
  await signUp(page, name);
  await importFixture(page, 'openwebui-export.json');
  return (await page.locator('h1').innerText()).trim();
}

test('the expiry sentence follows the options as they change', async ({ page }) => {
  await ownerWithChat(page);
  const dialog = await openShareModal(page);
  const summary = dialog.locator('[data-expiry-summary]');
  await expect(summary).toHaveText(/never expires/i);
  // A chat without a link offers only Create Link: nothing to revoke, restore or refresh yet.
  await expect(dialog.getByRole('button', { name: 'Revoke link' })).toBeHidden();
  await expect(dialog.getByRole('button', { name: 'Restore link' })).toBeHidden();
  await expect(dialog.getByRole('button', { name: 'Update snapshot' })).toBeHidden();
  await dialog.getByLabel('Max number of views').fill('100');
  await expect(summary).toHaveText(/after 100 views/);
  await dialog.getByLabel('Expires after').selectOption('custom');
  await dialog.getByLabel('Expires on').fill('2030-10-26T17:00');
  await expect(summary).toHaveText('Expires on 10/26/2030, 5:00:00 PM or after 100 views');
  await dialog.getByLabel('Expires after').selectOption('24h');
  await expect(summary).not.toHaveText(/10\/26\/2030/);
  fs.mkdirSync(screenshotDir, { recursive: true });
  await shot(page, { path: `${screenshotDir}/share-modal-desktop.png` });
});

test('a public snapshot: copy the link, see the QR, read it anonymously and signed in', async ({ page, browser }) => {
  const title = await ownerWithChat(page, 'Olivia Owner');
  const url = await createLink(page, async (d) => {
    await d.getByLabel(/Display username/).check();
    await d.getByLabel(/Show QR code/).check();
    await d.getByLabel(/Gradient QR code/).check();
  });
  const dialog = page.getByRole('dialog', { name: 'Share Chat' });
  await expect(dialog.locator('[data-qr-img]')).toHaveAttribute('src', /^data:image\/png/);
  await expect(dialog.locator('[data-qr-img]')).toHaveAttribute('data-gradient', 'true');
  await expect(dialog.getByRole('button', { name: 'Update Link Settings' })).toBeVisible();
  await dialog.locator('[data-qr-img]').scrollIntoViewIfNeeded();
  await shot(page, { path: `${screenshotDir}/share-modal-created.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, { path: `${screenshotDir}/share-modal-phone.png` });
  await page.setViewportSize({ width: 1280, height: 720 });

  const anon = await freshContext(browser);
  await anon.page.goto(url);
  await expect(anon.page.locator('h1')).toHaveText(title);
  await expect(anon.page.locator('#conversation .msg').first()).toBeVisible();
  await expect(anon.page.locator('.recipe')).toHaveCount(0);
  await expect(anon.page.getByText('Olivia Owner')).toHaveCount(0);
  await shot(anon.page, { path: `${screenshotDir}/viewer-desktop.png`, fullPage: false });
  await anon.page.setViewportSize({ width: 390, height: 844 });
  await shot(anon.page, { path: `${screenshotDir}/viewer-phone.png` });
  await anon.page.emulateMedia({ colorScheme: 'dark' });
  await shot(anon.page, { path: `${screenshotDir}/viewer-phone-dark.png` });
  await anon.page.setViewportSize({ width: 1280, height: 800 });
  await shot(anon.page, { path: `${screenshotDir}/viewer-desktop-dark.png` });
  const og = await anon.page.request.get(await anon.page.locator('meta[property="og:image"]').getAttribute('content') ?? '');
  expect(og.headers()['content-type']).toBe('image/png');
  fs.writeFileSync(`${screenshotDir}/og-image.png`, await og.body());

  const member = await freshContext(browser);
  await signUp(member.page, 'Victor Viewer');
  await member.page.goto(url);
  await expect(member.page.getByText('Olivia Owner')).toBeVisible();
  await member.page.locator('.recipe summary').click();
  await expect(member.page.locator('.recipe')).toContainText(/model/i);
  await anon.context.close();
  await member.context.close();
});

test('the viewer reads fully without JavaScript', async ({ page, browser }) => {
  await ownerWithChat(page);
  const url = await createLink(page);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const noJs = await context.newPage();
  await noJs.goto(url);
  await expect(noJs.locator('#conversation .msg').first()).toBeVisible();
  await expect(noJs.locator('pre.shiki').first()).toBeVisible();
  await context.close();
});

test('a login-only link sends the viewer to sign in and back', async ({ page, browser }) => {
  const title = await ownerWithChat(page);
  const url = await createLink(page, (d) => d.getByLabel(/Public access/).uncheck());
  const anon = await freshContext(browser);
  await anon.page.goto(url);
  await expect(anon.page).toHaveURL(/\/auth\/signin\?next=/);
  await expect(anon.page.getByText('Sign in to view this shared chat.')).toBeVisible();
  await anon.page.getByRole('link', { name: 'Create an account' }).click();
  await anon.page.getByLabel('Email').fill(`back-${Date.now()}@example.com`);
  await anon.page.getByLabel('Password').fill(PASSWORD);
  await anon.page.getByRole('button', { name: 'Create account' }).click();
  await expect(anon.page).toHaveURL(url);
  await expect(anon.page.locator('h1')).toHaveText(title);
  await anon.context.close();
});

test('a password link: wrong, then right', async ({ page, browser }) => {
  const title = await ownerWithChat(page);
  const url = await createLink(page, (d) => d.getByLabel('Password', { exact: true }).fill('open sesame'));
  const anon = await freshContext(browser);
  await anon.page.goto(url);
  await expect(anon.page.getByLabel('Password')).toBeVisible();
  await expect(anon.page.getByText(title)).toHaveCount(0);
  await shot(anon.page, { path: `${screenshotDir}/password-page.png` });
  await anon.page.getByLabel('Password').fill('wrong guess');
  await anon.page.getByRole('button', { name: 'View chat' }).click();
  await expect(anon.page.getByText('Incorrect password.')).toBeVisible();
  await anon.page.getByLabel('Password').fill('open sesame');
  await anon.page.getByRole('button', { name: 'View chat' }).click();
  await expect(anon.page.locator('h1')).toHaveText(title);
  await anon.page.reload();
  await expect(anon.page.locator('h1')).toHaveText(title);
  await anon.context.close();
});

test('revoked, expired and unknown links show their pages; restore brings a link back', async ({ page, browser }) => {
  await ownerWithChat(page);
  const url = await createLink(page, (d) => d.getByLabel('Max number of views').fill('1'));
  const anon = await freshContext(browser);
  await anon.page.goto(url);
  await expect(anon.page.locator('#conversation')).toBeVisible();
  await anon.page.goto(url);
  await expect(anon.page.getByText('This shared link has expired and is no longer accessible.')).toBeVisible();
  await expect(anon.page.getByText('SHARE_LINK_EXPIRED')).toBeVisible();
  await shot(anon.page, { path: `${screenshotDir}/error-expired.png` });

  const dialog = page.getByRole('dialog', { name: 'Share Chat' });
  // The modal follows the link's status while open: the views limit just expired it.
  await expect(dialog.getByText('This link has expired.', { exact: false })).toBeVisible();
  await dialog.getByRole('button', { name: 'Restore link' }).click();
  // Restored once its button is gone (Revoke link shows on an expired link too, so it cannot tell; seen racing in CI).
  await expect(dialog.getByRole('button', { name: 'Restore link' })).toBeHidden();
  await expect(dialog.getByRole('button', { name: 'Revoke link' })).toBeVisible();
  await anon.page.goto(url);
  await expect(anon.page.locator('#conversation')).toBeVisible();

  // Revoking asks first, inside the dialog.
  await dialog.getByRole('button', { name: 'Revoke link' }).click();
  await dialog.getByRole('button', { name: 'Revoke', exact: true }).click();
  await expect(dialog.getByRole('button', { name: 'Restore link' })).toBeVisible();
  await anon.page.goto(url);
  await expect(anon.page.getByText('The owner of this chat has revoked this sharing link.')).toBeVisible();
  await shot(anon.page, { path: `${screenshotDir}/error-revoked.png` });

  await anon.page.goto('/s/this-link-does-not-exist');
  await expect(anon.page.getByText("Oops! The shared link you're trying to access doesn't exist.")).toBeVisible();
  await expect(anon.page.getByText('SHARE_LINK_NOT_FOUND')).toBeVisible();
  await shot(anon.page, { path: `${screenshotDir}/error-not-found.png` });
  await anon.context.close();
});

test('a live share shows new messages in an open page without a reload', async ({ page, browser }) => {
  await ownerWithChat(page);
  const url = await createLink(page, (d) => d.getByLabel(/Enable live updates/).check());
  const chatId = page.url().split('/c/')[1]!.split(/[?#]/)[0]!;
  const anon = await freshContext(browser);
  await anon.page.goto(url);
  const count = await anon.page.locator('#conversation .msg').count();
  let navigations = 0;
  anon.page.on('framenavigated', () => navigations++);
  // The owner continues the chat through the API.
  const chat = await page.evaluate(async (id) => (await (await fetch(`/api/v1/chats/${id}`)).json()).chat, chatId);
  const leaf = chat.history.currentId;
  chat.history.messages['live-new'] = { id: 'live-new', parentId: leaf, childrenIds: [], role: 'user', content: 'A brand new live question', timestamp: Math.floor(Date.now() / 1000) };
  chat.history.messages[leaf].childrenIds.push('live-new');
  chat.history.currentId = 'live-new';
  await page.waitForTimeout(1100); // updated_at has one-second resolution
  await page.evaluate(async ({ id, history }) => fetch(`/api/v1/chats/${id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chat: { history } }) }), { id: chatId, history: chat.history });
  await expect(anon.page.locator('#conversation')).toContainText('A brand new live question', { timeout: 15_000 });
  expect(await anon.page.locator('#conversation .msg').count()).toBe(count + 1);
  expect(navigations).toBe(0);
  // Revoking the link stops the open page with the reference's message instead of leaving it silently stale.
  await page.evaluate(async (id) => fetch(`/api/v1/chats/${id}/share`, { method: 'DELETE' }), chatId);
  await expect(anon.page.locator('[data-live-banner]')).toHaveText('The owner of this chat has revoked this sharing link.', { timeout: 15_000 });
  await expect(anon.page.locator('.badge-live')).toHaveText('Not updating');
  expect(navigations).toBe(0);
  await anon.context.close();
});

test('the sidebar menu of a chat opens Share Chat for it', async ({ page }) => {
  const title = await ownerWithChat(page);
  const item = page.locator('.chat-list li', { hasText: title });
  await item.hover();
  await item.getByRole('button', { name: `Chat menu: ${title}` }).click();
  await page.getByRole('menuitem', { name: 'Share' }).click();
  await expect(page.getByRole('dialog', { name: 'Share Chat' })).toBeVisible();
  await expect(page.locator('h1')).toHaveText(title);
  await expect(page).not.toHaveURL(/share=1/);
});
