// Issue 18.1 as an owner meets it: Share Chat on a chat holding a (fake) API key and an e-mail address warns before the
// link exists; Redact all, Create link, and a stranger's page has neither. The fake key is built at runtime.
import { test, expect } from '@playwright/test';
import { freshContext, signUp } from './helpers';

const KEY = 'sk-' + 'Fa4e'.repeat(12);
const EMAIL = 'sam.scan@example.com';
const SHOTS = process.env.SCAN_SHOTS; // a folder: pictures of the panel at 390 and 1280 px, light and dark

test('the owner sees the warning, redacts all, creates the link; a stranger never sees the values', async ({ page, browser }) => {
  await signUp(page, 'Sam Scan');
  const chat = {
    title: 'Deploy help', models: ['gpt-test'], history: {
      currentId: 'a', messages: {
        q: { id: 'q', parentId: null, childrenIds: ['a'], role: 'user', content: `My key is ${KEY} and my mail ${EMAIL}. Why 401?` },
        a: { id: 'a', parentId: 'q', childrenIds: [], role: 'assistant', content: 'Rotate that key: it is now public to anyone reading this.' },
      },
    },
  };
  const chatId = await page.evaluate(async (body) => {
    const res = await fetch('/api/v1/chats/new', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chat: body }) });
    return (await res.json() as { id: string }).id;
  }, chat);
  await page.goto(`/c/${chatId}`);
  await page.waitForLoadState('load');
  await page.getByRole('button', { name: /^(Share|Shared)$/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Share Chat' });
  const panel = dialog.locator('[data-scan]');
  await expect(panel.locator('[data-scan-summary]')).toHaveText('1 possible secret and 1 e-mail address in what you share');
  const rows = panel.getByRole('listitem');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('OpenAI API key');
  await expect(rows.nth(0)).toContainText('Your message 1');
  await expect(rows.nth(0)).toContainText('sk-F•••');
  await expect(rows.nth(1)).toContainText('E-mail address');
  await expect(dialog).not.toContainText(KEY);
  if (SHOTS) {
    for (const [w, h] of [[390, 844], [1280, 900]] as const) {
      for (const scheme of ['light', 'dark'] as const) {
        await page.setViewportSize({ width: w, height: h });
        await page.emulateMedia({ colorScheme: scheme });
        await page.screenshot({ path: `${SHOTS}/scan-${w}-${scheme}.png` });
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  // "It's fine" on the e-mail, then Redact all: the key is redacted, the e-mail keeps the owner's answer.
  await rows.nth(1).getByRole('button', { name: /^It's fine/ }).click();
  await expect(rows.nth(1)).toContainText('Marked as fine');
  await rows.nth(1).getByRole('button', { name: /^Redact/ }).click(); // changed their mind
  await expect(rows.nth(1)).toContainText('Redacted');
  await panel.getByRole('button', { name: 'Redact all' }).click();
  await expect(rows.nth(0)).toContainText('Redacted');
  await expect(panel.getByRole('button', { name: 'Redact all' })).toBeHidden();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/scan-redacted-1280-light.png` });

  await dialog.getByRole('button', { name: 'Create link' }).click();
  await expect(dialog.locator('[data-share-url]')).toHaveValue(/\/s\//);
  const url = await dialog.locator('[data-share-url]').inputValue();

  const stranger = await freshContext(browser);
  await stranger.page.goto(url);
  await expect(stranger.page.getByText('My key is [redacted] and my mail [redacted]. Why 401?')).toBeVisible();
  const html = await stranger.page.content();
  expect(html).not.toContain(KEY);
  expect(html).not.toContain(EMAIL);
  await stranger.context.close();

  // The owner's chat is untouched.
  await page.goto(`/c/${chatId}`);
  await expect(page.getByText(KEY)).toBeVisible();
});
