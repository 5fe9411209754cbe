// Importing the same export twice: the library says which chats it already has, and imports copies on one click.
import { test, expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import { importFixture, signUp, screenshotDir, shot } from './helpers';

const fixture = () => JSON.parse(fs.readFileSync('tests/fixtures/openwebui-export.json', 'utf8')) as any[];
const upload = (page: Page, data: unknown, name = 'openwebui-export.json') =>
  page.locator('input[data-import]').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(data)) });

test('re-importing an export skips what is already there, then imports copies on request', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signUp(page, 'Ida Rhodes');
  const data = fixture();
  await importFixture(page, 'openwebui-export.json');
  for (const chat of data) await expect(page.locator('.chat-list a', { hasText: chat.title })).toHaveCount(1);

  // The very same file again, through the same file input.
  await page.locator('input[data-import]').setInputFiles('tests/fixtures/openwebui-export.json');
  const dialog = page.getByRole('dialog', { name: 'Import finished' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`0 imported, ${data.length} already in your library (skipped).`);
  for (const chat of data) await expect(dialog.getByRole('link', { name: chat.title })).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Import copies anyway' })).toBeFocused();
  fs.mkdirSync(screenshotDir, { recursive: true });
  await shot(page, { path: `${screenshotDir}/import-skipped-desktop.png` });
  // Done leaves the library as it was; the same file on a phone gets the same answer.
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await page.locator('input[data-import]').setInputFiles('tests/fixtures/openwebui-export.json');
  await expect(dialog).toContainText(`0 imported, ${data.length} already in your library (skipped).`);
  const box = (await dialog.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  expect(await dialog.evaluate((d) => d.scrollWidth <= d.clientWidth)).toBe(true);
  await shot(page, { path: `${screenshotDir}/import-skipped-phone.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, { path: `${screenshotDir}/import-skipped-phone-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });

  await dialog.getByRole('button', { name: 'Import copies anyway' }).click();
  await expect(page.locator('[data-toast]')).toContainText(`Imported ${data.length} copies.`);
  await expect(dialog).toBeHidden();
  for (const chat of data) await expect(page.locator('.chat-list a', { hasText: chat.title })).toHaveCount(2);
});

test('a file with one new chat among known ones imports the new one and says how many were skipped', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signUp(page, 'Klara Dan von Neumann');
  const data = fixture();
  await importFixture(page, 'openwebui-export.json');
  const fresh = { ...structuredClone(data[0]), id: 'brand-new-chat', title: 'A chat never seen before' };
  await upload(page, [...data, fresh]);
  const dialog = page.getByRole('dialog', { name: 'Import finished' });
  await expect(dialog).toContainText(`1 imported, ${data.length} already in your library (skipped).`);
  await shot(page, { path: `${screenshotDir}/import-mixed-desktop.png` });
  // A skipped chat's link opens the copy already in the library.
  await dialog.getByRole('link', { name: data[1].title }).click();
  await expect(page.locator('h1')).toHaveText(data[1].title);
  await expect(page.locator('.chat-list a', { hasText: 'A chat never seen before' })).toHaveCount(1);

  await upload(page, [...data, fresh]);
  await expect(dialog).toContainText(`0 imported, ${data.length + 1} already in your library (skipped).`);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('.chat-list a', { hasText: 'A chat never seen before' })).toHaveCount(1);
});
