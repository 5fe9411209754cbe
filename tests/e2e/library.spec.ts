// The foundation as a person uses it: sign up, sign out and in, import by upload and by drop, read, branch, keys.
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import { PASSWORD, importFixture, signUp, signUpThroughPage, screenshotDir, shot } from './helpers';
import { makeZip } from '../helpers/zip';

// Each test signs up its own people: the file's tests spread over the workers rather than queue on one (CI time).
test.describe.configure({ mode: 'parallel' });

test('sign up, sign out, sign in again', async ({ page }) => {
  const email = await signUpThroughPage(page, 'Ada Lovelace');
  await expect(page.locator('.sidebar-foot')).toContainText('Ada Lovelace');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/auth\/signin/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('wrong password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('incorrect');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('.sidebar-foot')).toContainText(email);
});

test('import an Open WebUI export by upload, open a chat, switch a branch', async ({ page }) => {
  await signUp(page, 'Grace Hopper');
  await importFixture(page, 'openwebui-export.json');
  const data = JSON.parse(fs.readFileSync('tests/fixtures/openwebui-export.json', 'utf8')) as any[];
  for (const chat of data) await expect(page.locator('.chat-list')).toContainText(chat.title);
  // Open the chat whose history has a regenerated answer.
  const branched = data.find((c) => Object.values(c.chat.history.messages).some((m: any) => m.childrenIds?.length > 1))!;
  await page.locator('.chat-list a', { hasText: branched.title }).click();
  await expect(page.locator('h1')).toHaveText(branched.title);
  const nav = page.locator('form.branch').first();
  await expect(nav).toBeVisible();
  const before = await page.locator('#conversation').innerText();
  const label = await nav.locator('span').innerText();
  const [current, total] = label.split('/').map(Number);
  await nav.getByRole('button', { name: current! < total! ? 'Next response' : 'Previous response' }).click();
  await expect(page.locator('form.branch span').first()).not.toHaveText(label);
  expect(await page.locator('#conversation').innerText()).not.toBe(before);
  // Code is highlighted by shiki without inline styles. (Another chat: the switch above is saved, and the branch now
  // shown may have no code.)
  await page.locator('.chat-list a').filter({ hasText: data.find((c) => c !== branched && JSON.stringify(c.chat).includes('```'))!.title }).first().click();
  await expect(page.locator('pre.shiki').first()).toBeVisible();
  expect(await page.locator('#conversation [style]').count()).toBe(0);
  fs.mkdirSync(screenshotDir, { recursive: true });
  await shot(page, { path: `${screenshotDir}/library-chat-desktop.png`, fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, { path: `${screenshotDir}/library-chat-phone-dark.png` });
  await page.getByRole('link', { name: 'Back to chats' }).click();
  await expect(page.locator('.sidebar')).toBeInViewport({ ratio: 1 });
  await shot(page, { path: `${screenshotDir}/library-nav-phone-dark.png` });
});

test('import a ChatGPT export by dropping it on the library', async ({ page }) => {
  await signUp(page, 'Alan Turing');
  const text = fs.readFileSync('tests/fixtures/chatgpt-conversations.json', 'utf8');
  const data = JSON.parse(text) as any[];
  const dt = await page.evaluateHandle((content) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([content], 'conversations.json', { type: 'application/json' }));
    return transfer;
  }, text);
  // The drop handlers come with the page's script: a drag that starts before it has run is the browser's (seen in CI).
  await page.waitForLoadState('load');
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: dt });
  await expect(page.locator('.drop-overlay')).toBeVisible();
  await page.dispatchEvent('body', 'drop', { dataTransfer: dt });
  await expect(page.locator('[data-toast]')).toContainText(`Imported ${data.length} chats`);
  await expect(page.locator('h1')).toHaveText(data[0].title);
  await expect(page.locator('.msg').first()).toBeVisible();
});

test('import the ZIP claude.ai sends by the file picker: reasoning folded, attachment shown', async ({ page }) => {
  await signUp(page, 'Claude Shannon');
  await expect(page.locator('input[data-import]')).toHaveAttribute('accept', /\.zip/);
  const zip = makeZip({ 'conversations.json': fs.readFileSync('tests/fixtures/claude-conversations.json', 'utf8'), 'users.json': '[]' });
  await page.locator('input[data-import]').setInputFiles({ name: 'data-2025-03-01.zip', mimeType: 'application/zip', buffer: zip });
  // The export's empty conversation is named as not imported; Done opens the first imported chat.
  const dialog = page.locator('[data-import-result]');
  await expect(dialog).toContainText('2 imported, 1 could not be read.');
  await expect(dialog).toContainText('“Empty” (entry 3)');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(page.locator('h1')).toHaveText('Parsing CSV in Rust');
  const thinking = page.locator('.msg-assistant details', { hasText: 'Thinking' });
  await expect(thinking).toHaveCount(1);
  await expect(thinking).not.toHaveAttribute('open');
  await expect(page.locator('.msg-user summary', { hasText: 'Attachment: data.csv' })).toBeVisible();
  await expect(page.locator('.msg-user')).toContainText('File “screenshot.png” is not included in this export.');
});

test('rename, export and delete a chat from its menu', async ({ page }) => {
  await signUp(page, 'Katherine Johnson');
  await importFixture(page, 'openwebui-export.json');
  await page.getByRole('button', { name: 'Chat actions' }).click();
  await page.getByRole('button', { name: 'Rename' }).click();
  await page.getByLabel('Title').fill('Orbital mechanics notes');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('h1')).toHaveText('Orbital mechanics notes');
  await page.getByRole('button', { name: 'Chat actions' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export as Markdown' }).click()]);
  const md = fs.readFileSync((await download.path())!, 'utf8');
  expect(md).toContain('# Orbital mechanics notes');
  await page.getByRole('button', { name: 'Chat actions' }).click();
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.locator('#delete-dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator('.chat-list')).not.toContainText('Orbital mechanics notes');
});

test('create an API key, see it once, use it, revoke it', async ({ page, request }) => {
  await signUp(page, 'Margaret Hamilton');
  await page.goto('/settings');
  await page.getByLabel('Key name').fill('CI script');
  await page.getByRole('button', { name: 'Create key' }).click();
  const key = (await page.locator('[data-secret]').innerText()).trim();
  expect(key).toMatch(/^sk-/);
  const ok = await request.get('/api/v1/auths/', { headers: { authorization: `Bearer ${key}` } });
  expect((await ok.json()).name).toBe('Margaret Hamilton');
  await page.reload();
  await expect(page.locator('[data-secret]')).toHaveCount(0);
  await page.getByRole('button', { name: 'Revoke CI script' }).click();
  await page.getByRole('dialog', { name: 'Revoke “CI script”?' }).getByRole('button', { name: 'Revoke key' }).click();
  await expect(page.getByRole('status')).toContainText('revoked');
  const denied = await request.get('/api/v1/auths/', { headers: { authorization: `Bearer ${key}` } });
  expect(denied.status()).toBe(401);
});
