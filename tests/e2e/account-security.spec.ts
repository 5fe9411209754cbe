// Settings → Password and "Where you are signed in": change the password (errors beside their field, the notice in
// view without scrolling), see the other sessions, sign out of them; screenshots at phone and desktop, light and dark.
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { PASSWORD, screenshotDir, signUp, shot, schemes } from './helpers';

// Another browser: a request that shares nothing with the page (page.request would replace the page's own cookie).
const base = `http://127.0.0.1:${process.env.E2E_PORT ?? 4399}`;
async function signInElsewhere(_page: Page, email: string, password = PASSWORD): Promise<number> {
  const r = await fetch(`${base}/api/v1/auths/signin`, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/605.1' }, body: JSON.stringify({ email, password }) });
  return r.status;
}

test('change the password in Settings: wrong current password beside its field, then success at the top; other sessions end', async ({ page }) => {
  const email = await signUp(page, 'Pat Password');
  expect(await signInElsewhere(page, email)).toBe(200);
  const other = (await (await fetch(`${base}/api/v1/auths/signin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) })).json()).token as string;
  await page.goto('/settings');

  await page.getByLabel('Current password').fill('not the password');
  await page.getByLabel('New password').fill('a much better secret');
  await page.getByRole('button', { name: 'Change password' }).click();
  const wrong = page.locator('#current-password-error');
  await expect(wrong).toHaveText('Your current password is not right.');
  await expect(page.getByLabel('Current password')).toHaveAttribute('aria-invalid', 'true');
  await expect(wrong).toBeInViewport();
  // The cursor waits in the field to fix (it was nowhere: the page had to be clicked into again).
  await expect(page.getByLabel('Current password')).toBeFocused();

  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByLabel('New password').fill('short');
  // The browser's own check (minlength) stops it first; the server says the same when it gets that far.
  await page.getByLabel('New password').evaluate((el) => el.removeAttribute('minlength'));
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.locator('#new-password-error')).toContainText('at least 8 characters');

  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByLabel('New password').fill('a much better secret');
  await page.getByRole('button', { name: 'Change password' }).click();
  const notice = page.getByRole('status').filter({ hasText: 'Password changed. Every other session has been signed out.' });
  await expect(notice).toBeInViewport();
  // The other session is over; this one goes on.
  expect((await fetch(`${base}/api/v1/auths/`, { headers: { authorization: `Bearer ${other}` } })).status).toBe(401);
  await expect(page.locator('[data-session]')).toHaveCount(1);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Where you are signed in' })).toBeVisible();
});

test('the sessions list shows each browser and its last use; sign out of all other sessions', async ({ page, browser }) => {
  const email = await signUp(page, 'Sam Sessions');
  expect(await signInElsewhere(page, email)).toBe(200);
  expect(await signInElsewhere(page, email)).toBe(200);
  await page.goto('/settings#sessions');
  const rows = page.locator('[data-session]');
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: '(this browser)' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'Safari · iOS' })).toHaveCount(2);
  await expect(rows.first()).toContainText(/last used/);

  // Screenshots of the two sections, light and dark, phone and desktop.
  for (const [name, width, height] of [['phone', 390, 844], ['desktop', 1280, 900]] as const) {
    for (const colorScheme of schemes) {
      const context = await browser.newContext({ viewport: { width, height }, colorScheme, storageState: await page.context().storageState() });
      const p = await context.newPage();
      await p.goto('/settings');
      await p.locator('#password').scrollIntoViewIfNeeded();
      await shot(p, { path: path.join(screenshotDir, `settings-security-${name}-${colorScheme}.png`), fullPage: true });
      await context.close();
    }
  }

  await rows.filter({ hasText: 'Safari · iOS' }).first().getByRole('button', { name: 'Sign out Safari · iOS' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'That session has been signed out.' })).toBeInViewport();
  await expect(page.locator('[data-session]')).toHaveCount(2);
  await page.getByRole('button', { name: 'Sign out of all other sessions' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Signed out of every other session.' })).toBeInViewport();
  await expect(page.locator('[data-session]')).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Sign out of all other sessions' })).toHaveCount(0);
});
