// Issue 19, "every page 8/10": what a demanding new user tripped on, each as they meet it. One owner and one chat for
// the whole file (made again only if a failed test restarts the worker), so the checks cost seconds, not a sign-up each.
import { test, expect, type Browser, type Page } from '@playwright/test';
import { freshContext, signUp } from './helpers';
import { CHAT } from '../fixtures/protocols-and-haiku';

const PHONE = { width: 390, height: 844 };

let owner: Page;
let chatId = '';
let sharePath = '';

test.beforeAll(async ({ browser }) => {
  owner = await (await browser.newContext()).newPage();
  await signUp(owner, 'Polly Polish');
  const res = await owner.request.post('/api/v1/chats/new', { data: { chat: CHAT } });
  expect(res.status()).toBe(200);
  chatId = (await res.json()).id;
  const share = await owner.request.post(`/api/v1/chats/${chatId}/share`, { data: { is_public: true } });
  expect(share.status()).toBe(200);
  sharePath = new URL((await share.json()).url).pathname;
});
test.afterAll(async () => { await owner.context().close(); });

/** Every table cell whose text is one word sits on one line: prose's overflow-wrap used to split "HTTP/2" and "Reload". */
async function brokenCells(page: Page): Promise<string[]> {
  return page.locator('.prose td, .prose th').evaluateAll((cells) => cells.filter((c) => {
    const text = (c.textContent ?? '').trim();
    if (/\s/.test(text)) return false;
    const r = document.createRange();
    r.selectNodeContents(c);
    return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size > 1;
  }).map((c) => c.textContent ?? ''));
}

async function phonePage(browser: Browser) {
  const ctx = await browser.newContext({ viewport: PHONE });
  return { ctx, page: await ctx.newPage() };
}

test('reading on a phone: table words stay whole, the wide table scrolls in its own box, a haiku keeps its lines', async ({ browser }) => {
  const { ctx, page } = await phonePage(browser);
  for (const path of [sharePath, `/c/${chatId}`]) {
    if (path.startsWith('/c/')) await page.context().addCookies(await owner.context().cookies());
    await page.goto(path);
    await expect(page.locator('.prose table')).toBeVisible();
    expect(await brokenCells(page), path).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), path).toBe(true);
    const table = await page.locator('.prose table').evaluate((t) => ({ scroll: t.scrollWidth, client: t.clientWidth }));
    expect(table.scroll, path).toBeGreaterThan(table.client); // it scrolls inside itself
    await expect(page.locator('#m-a2 .prose br'), path).toHaveCount(2);
  }
  await ctx.close();
});

test('the viewer’s bar: Sign in (back here after), Copy link, and a badge on a sign-in-only link', async ({ browser }) => {
  const anon = await freshContext(browser);
  await anon.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await anon.page.goto(sharePath);
  const bar = anon.page.locator('.vbar');
  await expect(bar.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', `/auth/signin?next=${encodeURIComponent(sharePath)}`);
  await expect(bar.getByText('Sign-in only')).toHaveCount(0);
  await bar.getByRole('button', { name: 'Copy link' }).click();
  await expect(bar.getByRole('button', { name: 'Link copied' })).toBeVisible();
  expect(await anon.page.evaluate(() => navigator.clipboard.readText())).toBe(new URL(sharePath, anon.page.url()).href);
  await anon.context.close();

  expect((await owner.request.post(`/api/v1/chats/${chatId}/share`, { data: { is_public: false } })).status()).toBe(200);
  await owner.goto(sharePath);
  await expect(owner.locator('.vbar .badge-login')).toHaveText('Sign-in only');
  await expect(owner.locator('.vbar').getByRole('link', { name: 'Your chats' })).toHaveAttribute('href', '/');
  // The fullest bar (badge, Copy link, Download, Your chats) on a phone, in French: it wraps, nothing spills sideways.
  const phone = await browser.newContext({ viewport: PHONE, locale: 'fr-FR', storageState: await owner.context().storageState() });
  const reader = await phone.newPage();
  await reader.goto(sharePath);
  await expect(reader.locator('.vbar .badge-login')).toBeVisible();
  expect(await reader.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await phone.close();
  expect((await owner.request.post(`/api/v1/chats/${chatId}/share`, { data: { is_public: true } })).status()).toBe(200);
});

test('the chat page’s ⋯ Rename opens with the title, and Delete names the chat and warns about its link', async () => {
  await owner.goto(`/c/${chatId}`);
  await owner.getByRole('button', { name: 'Chat actions' }).click();
  await owner.locator('[data-menu]').getByRole('button', { name: 'Rename' }).click();
  await expect(owner.locator('#rename-input')).toHaveValue(CHAT.title);
  await owner.keyboard.press('Escape');
  await owner.getByRole('button', { name: 'Chat actions' }).click();
  await owner.locator('[data-menu]').getByRole('button', { name: 'Delete' }).click();
  await expect(owner.locator('[data-delete-text]')).toContainText(`“${CHAT.title}”`);
  await expect(owner.locator('[data-delete-text]')).toContainText(/link/i);
  await owner.keyboard.press('Escape');
});

test('the library: Import chats shows keyboard focus, and chats with one title can be told apart', async () => {
  for (let i = 0; i < 2; i++) expect((await owner.request.post('/api/v1/chats/new', { data: { chat: { title: 'New Chat', models: ['qwen2.5:7b'], messages: [] } } })).status()).toBe(200);
  await owner.goto('/');
  await owner.locator('#chat-search').focus();
  await owner.keyboard.press('Tab');
  await expect(owner.locator('#import-file')).toBeFocused();
  expect(await owner.locator('.import-btn').evaluate((l) => getComputedStyle(l).outlineStyle)).toBe('solid');
  const twins = owner.locator('.chat-link', { hasText: 'New Chat' });
  await expect(twins).toHaveCount(2);
  await expect(twins.locator('.chat-sub')).toHaveCount(2);
  await expect(twins.first().locator('.chat-sub')).toContainText('qwen2.5:7b');
  await expect(owner.locator('.chat-link', { hasText: CHAT.title }).locator('.chat-sub')).toHaveCount(0);
  // The main pane opens on the latest chats, not only a drop zone.
  const recent = owner.getByRole('region', { name: 'Latest chats' });
  await expect(recent.getByRole('listitem')).toHaveCount(3);
  await expect(recent.getByRole('link', { name: new RegExp(CHAT.title) })).toHaveAttribute('href', `/c/${chatId}`);
});

test('the 404 page shows the path as asked, whole on its line, in the share error pages’ card', async ({ browser }) => {
  const { ctx, page } = await phonePage(browser);
  expect((await page.goto('/no/such/page'))!.status()).toBe(404);
  const code = page.locator('code.path');
  await expect(code).toHaveText('/no/such/page'); // no slash added
  expect(await code.evaluate((c) => c.getClientRects().length)).toBe(1); // not cut across two lines
  await expect(page.locator('.not-found .notice-icon')).toBeVisible();
  await expect(page.locator('.notice-code')).toHaveText('Error 404 NOT_FOUND');
  await ctx.close();
});

test('Shared Chats on a desktop: a long title shows whole, and Created and Updated take one line each', async () => {
  const title = 'Deduplicating a list in Python while keeping order';
  const chat = await (await owner.request.post('/api/v1/chats/new', { data: { chat: { title, messages: [] } } })).json();
  expect((await owner.request.post(`/api/v1/chats/${chat.id}/share`, { data: { is_public: true } })).status()).toBe(200);
  await owner.setViewportSize({ width: 1280, height: 800 });
  await owner.goto('/shared');
  const link = owner.locator('th.c-title a', { hasText: title });
  expect(await link.evaluate((a) => a.scrollHeight <= a.clientHeight + 1 && a.scrollWidth <= a.clientWidth + 1)).toBe(true);
  const lines = await owner.locator('.c-created time, .c-updated time').evaluateAll((times) => times.map((el) => {
    const r = document.createRange();
    r.selectNodeContents(el);
    return new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top))).size;
  }));
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.every((n) => n === 1)).toBe(true);
});

// A 1x1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

test('settings on a phone: a new key opens the page at it (said at the top); a good avatar clears the old error and shows', async () => {
  await owner.setViewportSize(PHONE);
  await owner.goto('/settings');
  await owner.getByLabel('Key name').fill('CI script');
  await owner.getByRole('button', { name: 'Create key' }).click();
  await expect(owner.locator('[data-new-key]')).toBeFocused();
  await expect(owner.locator('[data-new-key]')).toBeInViewport();
  await expect(owner.locator('[data-new-key-top]')).toHaveText('Your new API key is ready below, shown once: copy it now.');

  await owner.locator('#avatar').setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: Buffer.concat([PNG, Buffer.alloc(600 * 1024)]) });
  await owner.getByRole('button', { name: 'Save profile' }).click();
  await expect(owner.locator('#avatar-error')).toBeVisible();
  await owner.locator('#avatar').setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: PNG });
  await expect(owner.locator('#avatar-error')).toHaveCount(0);
  await expect(owner.locator('#avatar')).not.toHaveAttribute('aria-invalid', 'true');
  await expect(owner.locator('[data-avatar-preview]')).toHaveAttribute('src', /^blob:/);
  await expect(owner.locator('[data-avatar-picked]')).toBeVisible();
});
