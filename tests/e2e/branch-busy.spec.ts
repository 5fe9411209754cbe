// The branch switcher when the server cannot save the pick: the page stays on the chat and says so. On a server of its
// own, because the test holds that server's database write lock, which would stall every other flow's writes.
import { test, expect } from '@playwright/test';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { importFixture, signUp } from './helpers';
import { startServer, type TestServer } from '../helpers/server';

let app: TestServer;
test.beforeAll(async () => { app = await startServer(); });
test.afterAll(async () => { await app?.stop(); });

test('a switch the server could not save keeps the chat on screen and says so; the next one works', async ({ browser }) => {
  const page = await (await browser.newContext({ baseURL: app.url, locale: 'en-US' })).newPage();
  await signUp(page, 'Busy Reader');
  await importFixture(page, 'openwebui-export.json');
  const data = JSON.parse(fs.readFileSync('tests/fixtures/openwebui-export.json', 'utf8')) as { title: string; chat: { history: { messages: Record<string, { childrenIds?: string[] }> } } }[];
  const branched = data.find((c) => Object.values(c.chat.history.messages).some((m) => (m.childrenIds?.length ?? 0) > 1))!;
  await page.locator('.chat-list a', { hasText: branched.title }).click();
  await expect(page.locator('h1')).toHaveText(branched.title);
  const chatUrl = page.url();
  const label = page.locator('form.branch span').first();
  const before = await label.innerText();
  const [current, total] = before.split('/').map(Number);
  const side = current! < total! ? 'Next response' : 'Previous response';

  // Another writer holds the database past the server's 5 s of retries: the switch answers 503 BUSY. The page used to
  // open the form's address then, a "Page not found" for /c/…/branch.
  const lock = new Database(path.join(app.dataDir, 'chatshare.sqlite'));
  try {
    lock.prepare('BEGIN IMMEDIATE').run();
    await page.locator('form.branch').first().getByRole('button', { name: side }).click();
    await expect(page.locator('[data-toast]')).toHaveText('Could not switch to that answer. Try again in a moment.', { timeout: 15_000 });
    expect(page.url()).toBe(chatUrl);
    await expect(label).toHaveText(before);
  } finally {
    lock.prepare('COMMIT').run();
    lock.close();
  }
  await page.locator('form.branch').first().getByRole('button', { name: side }).click();
  await expect(label).not.toHaveText(before);
  expect(page.url()).toBe(chatUrl);
});
