// A link an administrator revoked, as its owner sees it: the Shared Chats row and card, the row menu and the Share Chat
// dialog say it was revoked by an administrator, and offer no Restore (the owner's restore would be refused).
import { test, expect, type Browser } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freshContext, screenshotDir, signUp, shot } from './helpers';

function makeAdmin(email: string): void {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/make-admin.ts', email], { env: { ...process.env, DATA_DIR: process.env.E2E_DATA_DIR }, stdio: 'pipe' });
}

const chatBody = (title: string) => ({ chat: { title, history: { currentId: 'a', messages: {
  q: { id: 'q', parentId: null, childrenIds: ['a'], role: 'user', content: `Tell me about ${title}` },
  a: { id: 'a', parentId: 'q', childrenIds: [], role: 'assistant', content: 'Here is what I know.' },
} } } });

async function person(browser: Browser, name: string) {
  const { context, page } = await freshContext(browser);
  return { context, page, email: await signUp(page, name) };
}

test.beforeAll(() => fs.mkdirSync(screenshotDir, { recursive: true }));

test('the owner of a moderated link sees "Revoked by an administrator" and no Restore', async ({ browser }) => {
  const admin = await person(browser, 'Ada Admin');
  makeAdmin(admin.email);
  const owner = await person(browser, 'Bob Owner');
  const title = `Reported chat ${Date.now()}`;
  const chat = await (await owner.page.request.post('/api/v1/chats/new', { data: chatBody(title) })).json();
  const mine = await (await owner.page.request.post(`/api/v1/chats/${chat.id}/share`, { data: {} })).json();
  const other = await (await owner.page.request.post('/api/v1/chats/new', { data: chatBody(`Own revoke ${Date.now()}`) })).json();
  await owner.page.request.post(`/api/v1/chats/${other.id}/share`, { data: {} });
  await owner.page.request.delete(`/api/v1/chats/${other.id}/share`);
  expect((await admin.page.request.post(`/api/v1/admin/shares/${mine.share_id}/revoke`)).ok()).toBe(true);

  const page = owner.page;
  await page.goto('/shared');
  const row = page.locator('tr[data-row]').filter({ has: page.locator('th.c-title', { hasText: title }) });
  await expect(row.locator('[data-status-pill]')).toHaveText('Revoked');
  await expect(row.locator('[data-status-note]')).toHaveText('by an administrator');
  await row.locator('summary').click();
  await expect(row.getByRole('button', { name: 'Reset statistics', exact: true })).toBeVisible();
  await expect(row.getByRole('button', { name: 'Restore', exact: true })).toHaveCount(0);
  // The owner's own revoke still reads "by you", with Restore.
  const own = page.locator('tr[data-row]').filter({ has: page.locator('th.c-title', { hasText: 'Own revoke' }) });
  await expect(own.locator('[data-status-note]')).toHaveText('by you');
  await page.keyboard.press('Escape');

  for (const [width, height, scheme] of [[1280, 800, 'light'], [390, 844, 'dark']] as const) {
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ colorScheme: scheme });
    await shot(page, { path: path.join(screenshotDir, `moderated-dashboard-${width}-${scheme}.png`), fullPage: true });
  }

  // The chat page's Share Chat dialog.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`/c/${chat.id}`);
  await page.locator('[data-open-share]').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.locator('[data-status-text]')).toHaveText(/An administrator revoked this link/);
  await expect(dialog.locator('[data-restore]')).toBeHidden();
  await shot(page, { path: path.join(screenshotDir, 'moderated-dialog-1280-light.png') });

  // Lifted by the administrator: the owner's screens offer Restore again (here: the link is active).
  expect((await admin.page.request.post(`/api/v1/admin/shares/${mine.share_id}/restore`)).ok()).toBe(true);
  await page.goto('/shared');
  await expect(row.locator('[data-status-pill]')).toHaveText('Active');
  await admin.context.close();
  await owner.context.close();
});
