// Shared steps for the browser tests: accounts through the real pages, imports through the real file input.
import { expect, type Page, type Browser } from '@playwright/test';
import path from 'node:path';

let counter = 0;
// The worker's index and a random tail keep two workers' sign-ups in one millisecond apart.
export const uniqueEmail = (prefix: string) =>
  `${prefix}-${Date.now()}-${process.env.TEST_WORKER_INDEX ?? 0}-${counter++}-${Math.random().toString(36).slice(2, 8)}@example.com`;
export const PASSWORD = 'correct horse battery';

/** Signs up through the sign-up page, as a person does (the flows that test that page use this). */
export async function signUpThroughPage(page: Page, name: string, email = uniqueEmail(name.toLowerCase().replace(/\W+/g, ''))): Promise<string> {
  await page.goto('/auth/signup');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await libraryOpened(page, email);
  return email;
}

/**
 * A new account for a flow that tests something else: the sign-up API (the browser context keeps its session cookie),
 * then the library. One page load less than the form; the form has its own flows (library.spec, i18n-library, admin).
 */
export async function signUp(page: Page, name: string, email = uniqueEmail(name.toLowerCase().replace(/\W+/g, ''))): Promise<string> {
  const res = await page.request.post('/api/v1/auths/signup', { data: { name, email, password: PASSWORD } });
  if (!res.ok()) throw new Error(`sign-up of ${email} refused: ${res.status()} ${await res.text()}`);
  await page.goto('/');
  await libraryOpened(page, email);
  return email;
}

// A sign-up hashes a password (argon2id) and opens the library: on two loaded CI cores with three browsers and three
// servers it has taken over 10 s. A refused sign-up shows its reason beside a field; name it in the failure.
async function libraryOpened(page: Page, email: string): Promise<void> {
  const library = page.getByRole('complementary', { name: 'Chat library' });
  await expect(library.or(page.locator('.field-error:not(:empty), [role=alert]:not(:empty)')).first()).toBeVisible({ timeout: 30_000 });
  if (!(await library.isVisible())) throw new Error(`sign-up of ${email} refused: ${(await page.locator('body').innerText()).slice(0, 500)}`);
}

export async function importFixture(page: Page, file: string): Promise<void> {
  await page.locator('input[data-import]').setInputFiles(path.resolve('tests/fixtures', file));
  // The import opens the first new chat and the toast shows on that page: on two loaded CI cores that navigation alone
  // has taken over 10 s (a CI run failed here waiting for it), so the toast gets the sign-up's 30 s.
  await expect(page.locator('[data-toast]')).toContainText(/Imported \d+ chat/, { timeout: 30_000 });
}

export async function freshContext(browser: Browser) {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

export const screenshotDir = path.resolve('test-results/screens');

// Pictures are for a person to look at: `SCREENSHOTS=1 npm run test:e2e` takes them all, in light and dark, into
// test-results/screens. In CI (unset) the screenshot steps do nothing and the dark pass is left out, which saves
// minutes of browser time; every layout assertion those passes make (nothing overflows, a row fits) still runs in light.
export const SCREENSHOTS = process.env.SCREENSHOTS === '1';
export const schemes: readonly ('light' | 'dark')[] = SCREENSHOTS ? ['light', 'dark'] : ['light'];
export async function shot(page: Page, options: Parameters<Page['screenshot']>[0]): Promise<void> {
  if (SCREENSHOTS) await page.screenshot(options);
}

/** Pictures of a long conversation at its gap, phone and desktop, light and dark (only with SCREENSHOTS=1). */
export async function shotsAtGap(browser: Browser, url: string, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  for (const [width, height] of [[390, 844], [1280, 800]] as const) {
    for (const colorScheme of schemes) {
      const context = await browser.newContext({ viewport: { width, height }, colorScheme });
      const p = await context.newPage();
      await p.goto(url);
      await p.locator('.conv-gap').scrollIntoViewIfNeeded();
      await p.screenshot({ path: path.join(screenshotDir, `${name}-${width}-${colorScheme}.png`) });
      await context.close();
    }
  }
}
