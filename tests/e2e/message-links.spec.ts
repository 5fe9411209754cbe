// Links to a message in the browser (issue 17.5): "Copy link to this message" copies the message's address, and
// opening it scrolls to that message and highlights it, also when it sits in a part of a long chat not loaded yet.
import path from 'node:path';
import { test, expect, type Browser, type Page } from '@playwright/test';
import { signUp, SCREENSHOTS, schemes, screenshotDir } from './helpers';
import { longChat } from '../helpers/long-chat';

/** A snapshot of `chat` by a fresh account; its path. */
async function publish(page: Page, chat: unknown): Promise<string> {
  return page.evaluate(async (chat) => {
    const created = await (await fetch('/api/v1/chats/new', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chat }) })).json();
    const share = await (await fetch(`/api/v1/chats/${created.id}/share`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ is_live: false }) })).json();
    return `/s/${share.share_id}`;
  }, chat);
}

// The first message is long (a pasted text), so the second starts well below the fold on a phone and on a desktop.
const long = `Summarize this for me:\n\n${Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1} of a long text about the Roman aqueducts.`).join('\n\n')}`;
const chat = longChat('Roman aqueducts', 4, (i) => [long, 'Roman aqueducts carried water by gravity alone, on a gentle slope.', 'How long was the longest one?', 'About 426 km (Constantinople).'][i]!);

// One owner publishes both chats (a sign-up is seconds of password hashing on a loaded machine).
let url = '';
let longUrl = '';
test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await signUp(page, 'Lina Links');
  url = await publish(page, chat);
  longUrl = await publish(page, longChat('A long chat', 400));
  await page.context().close();
});

test('copy the link to a message, open it: the page lands on that message and highlights it, in three languages', async ({ browser }) => {

  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const reader = await context.newPage();
  await reader.goto(url);
  const second = reader.locator('#m-m1');
  const copy = second.getByRole('button', { name: 'Copy link to this message' });
  await second.hover();
  await copy.click();
  await expect(second.locator('.msg-link-tip')).toHaveText('Link copied');
  await expect(reader.getByRole('status').filter({ hasText: 'Link copied' })).toBeAttached();
  const copied = await reader.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(`${new URL(reader.url()).origin}${url}?m=m1#m-m1`);

  const opened = await context.newPage();
  await opened.goto(copied);
  const target = opened.locator('#m-m1');
  await expect(target).toBeInViewport();
  await expect(opened.locator('#m-m0 .msg-head')).not.toBeInViewport();
  expect(await target.evaluate((el) => el.matches(':target') && el.classList.contains('is-target'))).toBe(true);
  // The highlight is drawn (a tinted box behind the message), and only there.
  const tint = (sel: string) => opened.locator(sel).evaluate((el) => getComputedStyle(el, '::before').backgroundColor);
  expect(await tint('#m-m1')).not.toBe('rgba(0, 0, 0, 0)');
  expect(await tint('#m-m2')).toBe('rgba(0, 0, 0, 0)');
  await shots(browser, copied, 'message-link', async (p) => {
    await p.locator('#m-m3').hover();
    await p.locator('#m-m3 .msg-link').click();
  });
  await context.close();

  // Without JavaScript the link still lands on the message, highlighted (:target), and the control is a plain link to it.
  const noScript = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await noScript.goto(copied);
  await expect(noScript.locator('#m-m1')).toBeInViewport();
  expect(await noScript.locator('#m-m1').evaluate((el) => el.matches(':target'))).toBe(true);
  await noScript.locator('#m-m3').getByRole('link', { name: 'Link to this message' }).click();
  await expect(noScript).toHaveURL(/#m-m3$/);
  await noScript.context().close();

  // French and Spanish readers: the control and its confirmation in their language.
  for (const [locale, name, done] of [['fr-FR', 'Copier le lien vers ce message', 'Lien copié'], ['es-ES', 'Copiar el enlace a este mensaje', 'Enlace copiado']] as const) {
    const ctx = await browser.newContext({ locale, permissions: ['clipboard-read', 'clipboard-write'] });
    const p = await ctx.newPage();
    await p.goto(url);
    await p.locator('#m-m2').getByRole('button', { name }).press('Enter');
    await expect(p.locator('#m-m2 .msg-link-tip')).toHaveText(done);
    expect(await p.evaluate(() => navigator.clipboard.readText())).toMatch(/\?m=m2#m-m2$/);
    await ctx.close();
  }
});

test('a link to a message in a part of a long chat not loaded yet loads that part and lands on it', async ({ browser }) => {
  const url = longUrl;
  const reader = await (await browser.newContext()).newPage();
  await reader.goto(`${url}?m=m100#m-m100`);
  const target = reader.locator('#m-m100');
  await expect(target).toBeInViewport();
  await expect(target).toHaveClass(/is-target/);
  // The part came in place with links both ways, so the rest of the chat can still be read in order.
  await expect(reader.getByRole('link', { name: 'Show 130 later messages' })).toBeVisible();
  await reader.getByRole('link', { name: 'Show 130 later messages' }).click();
  await expect(reader.locator('#m-m300')).toBeAttached();
  const ids = await reader.locator('#conversation .msg').evaluateAll((els) => els.map((e) => e.id));
  expect(ids).toEqual(Array.from({ length: 400 }, (_, i) => `m-m${i}`));
  await shots(browser, `${url}?m=m100#m-m100`, 'message-link-part');
});

/** Pictures of a landed link, phone and desktop, light and dark (only with SCREENSHOTS=1). */
async function shots(browser: Browser, url: string, name: string, then?: (p: Page) => Promise<void>): Promise<void> {
  if (!SCREENSHOTS) return;
  for (const [width, height] of [[390, 844], [1280, 800]] as const) {
    for (const colorScheme of schemes) {
      const context = await browser.newContext({ viewport: { width, height }, colorScheme, permissions: ['clipboard-read', 'clipboard-write'] });
      const p = await context.newPage();
      await p.goto(url);
      await expect(p.locator('.msg.is-target')).toBeInViewport();
      await p.screenshot({ path: path.join(screenshotDir, `${name}-${width}-${colorScheme}.png`) });
      if (then) {
        await then(p);
        await p.screenshot({ path: path.join(screenshotDir, `${name}-copied-${width}-${colorScheme}.png`) });
      }
      await context.close();
    }
  }
}
