// The library walkthrough's defects, each as a person meets it: the sidebar menu, the shared dot, a missing chat,
// the phone home, a search with no match, settings (file picker, Copy, revoke), and an import with a bad entry.
import { test, expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import { freshContext, importFixture, signUp, screenshotDir, shot, schemes, SCREENSHOTS } from './helpers';

// Each test signs up its own people: the file's tests spread over the workers rather than queue on one (CI time).
test.describe.configure({ mode: 'parallel' });

const fixture = JSON.parse(fs.readFileSync('tests/fixtures/openwebui-export.json', 'utf8')) as Array<{ title: string }>;
const titles = fixture.map((c) => c.title);

/** The id of the sidebar chat with this title. */
async function chatIdOf(page: Page, title: string): Promise<string> {
  return (await page.locator('.chat-link', { hasText: title }).getAttribute('data-chat-id'))!;
}

/** Opens the sidebar menu of the chat titled `title` and returns the popover. */
async function openMenu(page: Page, title: string) {
  const row = page.locator('.chat-list li', { hasText: title });
  await row.hover();
  await row.getByRole('button', { name: `Chat menu: ${title}` }).click();
  const menu = page.getByRole('menu');
  await expect(menu).toBeVisible();
  return menu;
}

/** The box must lie wholly inside the window, and touch the button's row (above or below it). */
async function expectAnchoredOnScreen(page: Page, title: string) {
  const size = page.viewportSize()!;
  const box = (await page.getByRole('menu').boundingBox())!;
  const btn = (await page.getByRole('button', { name: `Chat menu: ${title}` }).boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(size.width);
  expect(box.y + box.height).toBeLessThanOrEqual(size.height);
  expect(box.width).toBeLessThanOrEqual(280); // a popover, not a strip across the window
  const below = Math.abs(box.y - (btn.y + btn.height)) <= 10;
  const above = Math.abs(box.y + box.height - btn.y) <= 10;
  expect(below || above).toBe(true);
  expect(box.x).toBeLessThan(btn.x + btn.width); // horizontally over the button's column
  expect(box.x + box.width).toBeGreaterThan(btn.x);
}

test('the sidebar ⋯ menu is a compact popover by its row, and Rename and Delete work on a chat that is not open', async ({ page }) => {
  await signUp(page, 'Menu Owner');
  await importFixture(page, 'openwebui-export.json');
  const openUrl = page.url();
  const open = (await page.locator('h1').innerText()).trim();
  const [other, third] = titles.filter((t) => t !== open) as [string, string];

  const menu = await openMenu(page, other);
  await expectAnchoredOnScreen(page, other);
  await expect(menu.getByRole('menuitem')).toHaveText(['Share', 'Rename', 'Pin', 'Archive', 'Export as JSON', 'Export as Markdown', 'Delete']);
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Rename' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();

  // Rename the chat that is not open: the list follows, the open chat stays open and keeps its title.
  const otherId = await chatIdOf(page, other);
  await openMenu(page, other);
  await page.getByRole('menuitem', { name: 'Rename' }).click();
  const rename = page.getByRole('dialog', { name: 'Rename chat' });
  await expect(rename.getByLabel('Title')).toHaveValue(other);
  await rename.getByLabel('Title').fill('Renamed from the sidebar');
  await rename.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.chat-list')).toContainText('Renamed from the sidebar');
  expect(page.url()).toBe(openUrl);
  await expect(page.locator('h1')).toHaveText(open);
  expect((await (await page.request.get(`/api/v1/chats/${otherId}`)).json()).title).toBe('Renamed from the sidebar');

  // Delete asks first, naming the chat; Cancel keeps it, Delete removes it and the open chat stays open.
  const thirdId = await chatIdOf(page, third);
  await openMenu(page, third);
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete this chat?' });
  await expect(confirm).toContainText(third);
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  expect((await page.request.get(`/api/v1/chats/${thirdId}`)).status()).toBe(200);
  await openMenu(page, third);
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(page.locator('.chat-list')).not.toContainText(third);
  expect((await page.request.get(`/api/v1/chats/${thirdId}`)).status()).toBe(404);
  expect(page.url()).toBe(openUrl);

  // On a phone, the last row's menu still opens wholly on screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  const last = (await page.locator('.chat-list .chat-link .t').last().innerText()).trim();
  await openMenu(page, last);
  await expectAnchoredOnScreen(page, last);
});

test('the shared dot shows only while the link works: it goes when the link is revoked and when its one view is used', async ({ page, browser }) => {
  await signUp(page, 'Dot Owner');
  await importFixture(page, 'openwebui-export.json');
  const [a, b] = titles as [string, string];
  const dot = (title: string) => page.locator('.chat-link', { hasText: title }).locator('.shared-dot');
  const idA = await chatIdOf(page, a);
  const idB = await chatIdOf(page, b);

  expect((await page.request.post(`/api/v1/chats/${idA}/share`, { data: { is_public: true } })).status()).toBe(200);
  await page.reload();
  await expect(dot(a)).toHaveCount(1);
  expect((await page.request.delete(`/api/v1/chats/${idA}/share`)).status()).toBe(200);
  await page.reload();
  await expect(dot(a)).toHaveCount(0);

  const shared = await (await page.request.post(`/api/v1/chats/${idB}/share`, { data: { is_public: true, max_views: 1 } })).json();
  await page.goto(`/c/${idB}`);
  await expect(dot(b)).toHaveCount(1);
  await expect(page.locator('[data-share-label]')).toHaveText('Shared');
  const anon = await freshContext(browser);
  expect((await anon.page.goto(new URL(shared.url).pathname))!.status()).toBe(200);
  await anon.context.close();
  await page.reload();
  await expect(dot(b)).toHaveCount(0);
  await expect(page.locator('[data-share-label]')).toHaveText('Share');
});

test('/c/bad-id and another user’s chat answer the not-found page with 404 and a way back', async ({ page, browser }) => {
  await signUp(page, 'Owner Of Chats');
  await importFixture(page, 'openwebui-export.json');
  const theirs = new URL(page.url()).pathname;
  const other = await freshContext(browser);
  await signUp(other.page, 'Someone Else');
  for (const path of ['/c/bad-id', theirs]) {
    const res = await other.page.goto(path);
    expect(res!.status()).toBe(404);
    expect(new URL(other.page.url()).pathname).toBe(path);
    await expect(other.page.getByRole('heading', { level: 1 })).toHaveText('Chat not found');
    await expect(other.page.locator('body')).not.toContainText(titles[0]!);
  }
  await other.page.getByRole('link', { name: 'Back to your chats' }).click();
  await expect(other.page).toHaveURL(/\/$/);
  // A page that rewrites to the not-found page (the admin panel, for a non-admin) names the address asked for, not /404.
  expect((await other.page.goto('/admin/users'))!.status()).toBe(404);
  await expect(other.page.locator('code.path')).toHaveText(/^\/admin\/users\/?$/);
  // At no phone width does the period after the address start a line of its own (it did at some: "/admin/users" then
  // ". The address…").
  for (let width = 300; width <= 440; width += 4) {
    await other.page.setViewportSize({ width, height: 844 });
    const orphan = await other.page.locator('code.path').evaluate((code) => {
      const range = document.createRange();
      const after = code.nextSibling ?? code.parentElement!.nextSibling!;
      range.setStart(after, 0);
      range.setEnd(after, 1);
      return range.getBoundingClientRect().top >= code.getBoundingClientRect().bottom - 1;
    });
    expect(orphan, `the period is alone on its line at ${width} px`).toBe(false);
  }
  await other.context.close();
});

test('on a phone the library home is the chat list, and a chat has a clear way back to it', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signUp(page, 'Phone Person');
  await importFixture(page, 'openwebui-export.json');
  await page.goto('/');
  await expect(page.getByRole('searchbox', { name: 'Search chats' })).toBeInViewport();
  await expect(page.getByText('Import chats')).toBeInViewport();
  for (const t of titles) await expect(page.locator('.chat-link', { hasText: t })).toBeInViewport();
  await page.locator('.chat-link', { hasText: titles[1]! }).click();
  await expect(page.locator('h1')).toHaveText(titles[1]!);
  const back = page.getByRole('link', { name: 'Back to chats' });
  await expect(back).toBeInViewport();
  await back.click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator('.chat-link', { hasText: titles[0]! })).toBeInViewport();
});

test('a search with no match says so, shows no empty date headers, and clearing it brings the chats back', async ({ page }) => {
  await signUp(page, 'Search Person');
  await importFixture(page, 'openwebui-export.json');
  const search = page.getByRole('searchbox', { name: 'Search chats' });
  const headers = page.locator('.chat-list .list-group:visible');
  const chats = page.locator('.chat-list .chat-link:visible');

  // As you type (script).
  await search.fill('fetchwithretry');
  await expect(chats).toHaveCount(1);
  await expect(headers).toHaveCount(1);
  await search.fill('zzzz nothing');
  await expect(chats).toHaveCount(0);
  await expect(headers).toHaveCount(0);
  await expect(page.locator('.chat-list')).toContainText('No chats match “zzzz nothing”');
  await page.getByRole('link', { name: 'Clear search' }).click();
  await expect(search).toHaveValue('');
  await expect(chats).toHaveCount(titles.length);
  await expect(page.getByText('No chats match')).toBeHidden();

  // Submitted (the server's filter, as without script).
  await page.goto('/?q=zzzz');
  await expect(headers).toHaveCount(0);
  await expect(page.locator('.chat-list')).toContainText('No chats match “zzzz”');
  await page.getByRole('link', { name: 'Clear search' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(chats).toHaveCount(titles.length);
});

test('settings: the avatar picker looks like a button, a new key has Copy, and revoking a key asks first', async ({ page, browser }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await signUp(page, 'Settings Person');
  await page.goto('/settings');

  // The file picker's button is drawn like the page's other buttons, not the browser's grey default.
  const picker = await page.locator('#avatar').evaluate((input) => {
    const ref = document.createElement('button');
    ref.className = 'btn';
    document.body.append(ref);
    const want = getComputedStyle(ref);
    const got = getComputedStyle(input, '::file-selector-button');
    const same = ['backgroundColor', 'borderRadius', 'fontWeight', 'borderTopColor'].every((k) => got[k as 'color'] === want[k as 'color']);
    ref.remove();
    return { same, cursor: got.cursor };
  });
  expect(picker).toEqual({ same: true, cursor: 'pointer' });

  await page.getByLabel('Key name').fill('CI script');
  await page.getByRole('button', { name: 'Create key' }).click();
  const key = (await page.locator('[data-secret]').innerText()).trim();
  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(page.locator('[data-copy-key]')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);

  // Revoke asks in a dialog; Escape keeps the key, the keyboard can confirm.
  await page.getByRole('button', { name: 'Revoke CI script' }).click();
  const ask = page.getByRole('dialog', { name: 'Revoke “CI script”?' });
  await expect(ask).toBeVisible();
  await expect(ask.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(ask).toBeHidden();
  expect((await page.request.get('/api/v1/auths/', { headers: { authorization: `Bearer ${key}` } })).status()).toBe(200);
  await page.getByRole('button', { name: 'Revoke CI script' }).focus();
  await page.keyboard.press('Enter');
  await expect(ask).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(ask.getByRole('button', { name: 'Revoke key' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText('API key revoked');
  await expect(page.locator('.api-key-list')).toHaveCount(0);
  expect((await page.request.get('/api/v1/auths/', { headers: { authorization: `Bearer ${key}` } })).status()).toBe(401);

  // Without script the revoke button leads to a confirm step first.
  await page.getByLabel('Key name').fill('No script key');
  await page.getByRole('button', { name: 'Create key' }).click();
  const state = await page.context().storageState();
  const noJs = await browser.newContext({ javaScriptEnabled: false, storageState: state });
  const plain = await noJs.newPage();
  await plain.goto('/settings');
  await plain.getByRole('button', { name: 'Revoke No script key' }).click();
  await expect(plain.getByRole('heading', { name: 'Revoke “No script key”?' })).toBeVisible();
  await expect(plain.locator('.api-key-list')).toContainText('No script key');
  fs.mkdirSync(screenshotDir, { recursive: true });
  await shot(plain, { path: `${screenshotDir}/library-revoke-no-script-desktop.png` });
  await plain.getByRole('button', { name: 'Revoke key' }).click();
  await expect(plain.getByRole('status')).toContainText('API key revoked');
  await expect(plain.locator('.api-key-list')).toHaveCount(0);
  await noJs.close();
});

test('an import with a bad entry names the entry and says why it was not imported', async ({ page }) => {
  await signUp(page, 'Import Person');
  const good = fixture[1];
  const body = JSON.stringify([good, { title: 'Broken chat', chat: { history: 'not a history' } }, 42]);
  await page.locator('input[data-import]').setInputFiles({ name: 'mixed.json', mimeType: 'application/json', buffer: Buffer.from(body) });
  const result = page.getByRole('dialog', { name: 'Import finished' });
  await expect(result).toBeVisible();
  await expect(result).toContainText('1 imported, 2 could not be read');
  const rejected = result.locator('[data-import-rejected] li');
  await expect(rejected).toHaveCount(2);
  await expect(rejected.first()).toContainText('Broken chat');
  await expect(rejected.first()).toContainText('its messages cannot be read');
  await expect(rejected.nth(1)).toContainText('Entry 3');
  await expect(rejected.nth(1)).toContainText('not a chat');
  await expect(result.getByRole('button', { name: /Import cop/ })).toBeHidden();
  fs.mkdirSync(screenshotDir, { recursive: true });
  await shot(page, { path: `${screenshotDir}/library-import-rejected-desktop.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, { path: `${screenshotDir}/library-import-rejected-phone.png` });
  await result.getByRole('button', { name: 'Done' }).click();
  await expect(page.locator('h1')).toHaveText(good!.title);
});

test('screenshots: library home, a chat, the menu open and settings, desktop and phone, light and dark', async ({ page }) => {
  test.skip(!SCREENSHOTS, 'pictures for a person to look at: taken with SCREENSHOTS=1, left out of CI for time (the layout checks live in the other tests)');
  await signUp(page, 'Screen Person');
  await importFixture(page, 'openwebui-export.json');
  const chatPath = new URL(page.url()).pathname;
  fs.mkdirSync(screenshotDir, { recursive: true });
  for (const [w, h, device] of [[1280, 800, 'desktop'], [390, 844, 'phone']] as const) {
    for (const scheme of schemes) {
      await page.setViewportSize({ width: w, height: h });
      await page.emulateMedia({ colorScheme: scheme });
      const snap = (name: string) => shot(page, { path: `${screenshotDir}/library-${name}-${device}-${scheme}.png` });
      await page.goto('/');
      await snap('home');
      await openMenu(page, titles[2]!);
      await snap('menu');
      await page.goto(chatPath);
      await snap('chat');
      await page.goto('/settings');
      await page.getByLabel('Key name').fill(`Laptop ${device} ${scheme}`);
      await page.getByRole('button', { name: 'Create key' }).click();
      await expect(page.locator('[data-copy-key]')).toBeVisible();
      await snap('settings');
      await page.getByRole('button', { name: `Revoke Laptop ${device} ${scheme}` }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await snap('revoke');
      await page.keyboard.press('Escape');
      await page.goto('/c/bad-id');
      await snap('not-found');
    }
  }
});
