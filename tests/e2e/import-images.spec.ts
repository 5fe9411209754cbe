// Issue 16, images in imported archives, as a person meets them: a ChatGPT export ZIP picked in the library, its images
// shown in the chat, then shared and seen by a stranger in a fresh browser through the share's own image URLs, and
// cloned by another person, whose copy shows its own copies of the images.
import { test, expect, type Locator, type Page } from '@playwright/test';
import path from 'node:path';
import { freshContext, schemes, screenshotDir, shot, signUp } from './helpers';
import { chatgptImagesZip } from '../helpers/chatgpt-images';

/** Every image has loaded and decoded (a broken one has naturalWidth 0). */
async function expectLoaded(images: Locator, count: number) {
  await expect(images).toHaveCount(count);
  for (let i = 0; i < count; i++) {
    const img = images.nth(i);
    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeGreaterThan(0);
  }
}

async function importImages(page: Page) {
  await page.locator('input[data-import]').setInputFiles({ name: 'chatgpt-export.zip', mimeType: 'application/zip', buffer: chatgptImagesZip() });
  await expect(page.locator('[data-toast]')).toContainText(/Imported 1 chat/, { timeout: 30_000 });
  await expect(page.locator('h1')).toHaveText('Pictures from the trip');
}

test('a ChatGPT archive picked in the library keeps its images: shown in the chat and on its share page', async ({ page, browser }) => {
  await signUp(page, 'Dorothea Lange');
  await importImages(page);
  const images = page.locator('#conversation .msg-files img');
  await expectLoaded(images, 2);
  await expect(images.first()).toHaveAttribute('alt', 'square.png');
  await expect(images.first()).toHaveAttribute('loading', 'lazy');
  // The image that was not in the archive keeps its note; the HTML pretending to be a PNG is named as not kept.
  await expect(page.locator('.msg-user').last()).toContainText('Image not included in this import.');
  await expect(page.locator('.msg-user').last()).toContainText('Image “evil.png” was not kept');

  await page.getByRole('button', { name: /^(Share|Shared)$/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Share Chat' });
  await dialog.getByRole('button', { name: 'Create Link' }).click();
  await expect(dialog.locator('[data-share-url]')).toHaveValue(/\/s\//);
  const url = await dialog.locator('[data-share-url]').inputValue();

  const stranger = await freshContext(browser);
  await stranger.page.goto(url);
  const shared = stranger.page.locator('.msg-files img');
  await expectLoaded(shared, 2);
  const shareId = new URL(url).pathname.split('/')[2];
  await expect(shared.first()).toHaveAttribute('src', new RegExp(`^/s/${shareId}/files/[A-Za-z0-9_-]{22}$`));
  await stranger.context.close();

  // Another person clones the share: the copy's images are their own (new ids at their owner URL), and they load.
  const owned = await images.evaluateAll((els) => els.map((el) => el.getAttribute('src')));
  const cloner = await freshContext(browser);
  await signUp(cloner.page, 'Gordon Parks');
  await cloner.page.goto(url);
  await cloner.page.getByRole('button', { name: 'Clone Chat' }).click();
  await expect(cloner.page).toHaveURL(/\/c\/[0-9a-f-]+/);
  await expect(cloner.page.locator('h1')).toHaveText('Clone of Pictures from the trip');
  const copied = cloner.page.locator('#conversation .msg-files img');
  await expectLoaded(copied, 2);
  const srcs = await copied.evaluateAll((els) => els.map((el) => el.getAttribute('src')));
  for (const src of srcs) {
    expect(src).toMatch(/^\/api\/v1\/files\/[A-Za-z0-9_-]{22}\/content$/);
    expect(owned).not.toContain(src);
  }
  await cloner.context.close();
});

test('screenshots: a chat with kept images, phone and desktop', async ({ page, browser }) => {
  test.skip(process.env.SCREENSHOTS !== '1', 'pictures for a person to look at: taken with SCREENSHOTS=1, left out of CI for time (the test above checks the images load)');
  await signUp(page, 'Vivian Maier');
  await importImages(page);
  const chatUrl = page.url();
  const state = await page.context().storageState();
  for (const [width, height] of [[390, 844], [1280, 800]] as const) {
    for (const colorScheme of schemes) {
      const context = await browser.newContext({ viewport: { width, height }, colorScheme, storageState: state });
      const p = await context.newPage();
      await p.goto(chatUrl);
      await expectLoaded(p.locator('#conversation .msg-files img'), 2);
      await p.locator('#conversation .msg-files').first().scrollIntoViewIfNeeded();
      await shot(p, { path: path.join(screenshotDir, `chat-images-${width}-${colorScheme}.png`) });
      await context.close();
    }
  }
});
