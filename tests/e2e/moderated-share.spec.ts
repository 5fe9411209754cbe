// A link an administrator revoked, as its owner sees it: the Shared Chats row and card, the row menu and the Share Chat
// dialog say it was revoked by an administrator, and offer no Restore (the owner's restore would be refused).
import { test, expect, type Browser } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freshContext, schemes, screenshotDir, signUp, shot } from './helpers';

function makeAdmin(email: string): void {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/make-admin.ts', email], { env: { ...process.env, DATA_DIR: process.env.E2E_INSTANCE_DATA_DIR }, stdio: 'pipe' });
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

test('Admin → Shares moderates in bulk: ticked rows, every match after a yes to the count, and without script', async ({ browser }) => {
  const admin = await person(browser, 'Bea Bulkadmin');
  makeAdmin(admin.email);
  const owner = await person(browser, 'Otto Owner');
  const run = Date.now().toString(36);
  const titles = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'].map((w) => `${w} bulk ${run}`);
  const chatIds: string[] = [];
  for (const title of titles) {
    const chat = await (await owner.page.request.post('/api/v1/chats/new', { data: chatBody(title) })).json();
    chatIds.push(chat.id);
    expect((await owner.page.request.post(`/api/v1/chats/${chat.id}/share`, { data: {} })).ok()).toBe(true);
  }
  const ownerId = (await (await owner.page.request.get('/api/v1/auths/')).json()).id as string;
  const page = admin.page;
  const list = `/admin/shares?user_id=${ownerId}&page_size=2`; // two rows a page: "every match" reaches past it
  await page.goto(list);
  const bar = page.locator('[data-admin-bulk]');
  await expect(bar.locator('[data-bulk-count]')).toHaveText('Tick links to moderate several at once');
  await expect(bar.getByRole('button', { name: 'Revoke selected' })).toBeDisabled();
  const rowIds = await page.locator('tr[data-share-row]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.shareRow!));
  await page.getByRole('checkbox', { name: /^Select “/ }).first().check();
  await expect(bar.locator('[data-bulk-count]')).toHaveText('1 link selected');
  await bar.getByRole('button', { name: 'Revoke selected' }).click();
  await expect(page.getByRole('status')).toHaveText('1 link revoked: its owner cannot restore it.');
  await expect(page.locator(`tr[data-share-row="${rowIds[0]}"] .status-chip`)).toHaveText('Revoked');

  // Every match: a question with the count first; Cancel does nothing, the answer runs it.
  await page.getByRole('checkbox', { name: 'Select every link on this page' }).check();
  await bar.getByRole('button', { name: 'Select all 5 matching links' }).click();
  await expect(bar.locator('[data-bulk-count]')).toHaveText('5 links selected');
  await bar.getByRole('button', { name: 'Revoke selected' }).click();
  const ask = page.getByRole('dialog', { name: 'Revoke 5 links?' });
  await expect(ask.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(ask).toBeHidden();
  expect((await (await admin.page.request.get(`/api/v1/admin/shares?user_id=${ownerId}&status=revoked`)).json()).total).toBe(1);
  await bar.getByRole('button', { name: 'Revoke selected' }).click();
  await ask.getByRole('button', { name: 'Revoke 5 links' }).click();
  await expect(page.getByRole('status')).toHaveText('4 links revoked: their owners cannot restore them. 1 was already revoked.');
  // Moderation: the owner cannot restore them.
  expect((await owner.page.request.post(`/api/v1/chats/${chatIds[2]}/share/restore`)).ok()).toBe(false);
  for (const [width, height] of [[1280, 800], [390, 844]] as const) {
    await page.setViewportSize({ width, height });
    await page.getByRole('checkbox', { name: /^Select “/ }).first().check();
    // The boxes take a column: the row's Restore still fits, no sideways scrolling (a phone shows cards).
    expect(await page.locator('.table-card').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    for (const scheme of schemes) {
      await page.emulateMedia({ colorScheme: scheme });
      await shot(page, { path: path.join(screenshotDir, `admin-shares-bulk-${width}-${scheme}.png`), fullPage: true });
    }
    await page.getByRole('checkbox', { name: /^Select “/ }).first().uncheck();
  }
  await page.emulateMedia({ colorScheme: 'light' });

  // Without script: the "every matching link" box, the server's own question, and a count that must still be the count.
  const noJs = await browser.newContext({ javaScriptEnabled: false, storageState: await admin.context.storageState() });
  const plain = await noJs.newPage();
  await plain.goto(list);
  await plain.getByLabel(/Every matching link \(5\)/).check();
  await plain.getByRole('button', { name: 'Restore selected' }).click();
  const question = plain.getByRole('dialog', { name: 'Restore 5 links?' });
  await expect(question).toBeVisible();
  await shot(plain, { path: path.join(screenshotDir, 'admin-shares-bulk-nojs-1280-light.png'), fullPage: true });
  await question.locator('input[name=confirm_count]').evaluate((el: HTMLInputElement) => { el.value = '4'; }); // a stale count
  await question.getByRole('button', { name: 'Restore 5 links' }).click();
  await expect(plain.getByRole('dialog', { name: 'Restore 5 links?' })).toBeVisible(); // asked again, nothing done
  expect((await (await admin.page.request.get(`/api/v1/admin/shares?user_id=${ownerId}&status=revoked`)).json()).total).toBe(5);
  await plain.getByRole('dialog', { name: 'Restore 5 links?' }).getByRole('button', { name: 'Restore 5 links' }).click();
  await expect(plain.getByRole('status')).toHaveText('5 links restored.');
  await noJs.close();

  // Admins only, checked on the server: the owner's post is the not-found page and changes nothing.
  const forged = await owner.page.request.post(list, { form: { action: 'bulk_revoke', scope: 'matches', confirm_count: '5' }, headers: { origin: new URL(page.url()).origin } });
  expect(forged.status()).toBe(404);
  expect((await (await admin.page.request.get(`/api/v1/admin/shares?user_id=${ownerId}&status=revoked`)).json()).total).toBe(0);
  await admin.context.close();
  await owner.context.close();
});
