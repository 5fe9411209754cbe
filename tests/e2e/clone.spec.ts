// Clone Chat as viewers use it: signed in, signed out (sign up and back, cloned once), and both ways a clone limit ends.
import { test, expect, type Page } from '@playwright/test';
import { freshContext, importFixture, signUp, screenshotDir, shot } from './helpers';

// Each test signs up its own people: the file's tests spread over the workers rather than queue on one (CI time).
test.describe.configure({ mode: 'parallel' });

/** An owner with the fixture chat shared with `options`; returns the share's path. */
async function sharedByOwner(page: Page, options: Record<string, unknown> = {}): Promise<{ path: string; title: string }> {
  await signUp(page, 'Olive Owner');
  await importFixture(page, 'openwebui-export.json');
  const chatId = new URL(page.url()).pathname.split('/').pop()!;
  const title = (await page.locator('h1').innerText()).trim();
  const res = await page.request.post(`/api/v1/chats/${chatId}/share`, { data: options });
  expect(res.status()).toBe(200);
  return { path: new URL((await res.json()).url).pathname, title };
}

test('a signed-in viewer clones a shared chat and lands in the copy', async ({ page, browser }) => {
  const { path, title } = await sharedByOwner(page);
  const viewer = await freshContext(browser);
  await signUp(viewer.page, 'Vera Viewer');
  await viewer.page.goto(path);
  const clone = viewer.page.getByRole('button', { name: 'Clone Chat' });
  await expect(clone).toBeVisible();
  await clone.scrollIntoViewIfNeeded();
  await shot(viewer.page, { path: `${screenshotDir}/clone-button.png`, fullPage: false });
  await clone.click();
  await expect(viewer.page).toHaveURL(/\/c\/[0-9a-f-]+/);
  await expect(viewer.page.locator('h1')).toHaveText(`Clone of ${title}`);
  await expect(viewer.page.getByRole('complementary', { name: 'Chat library' })).toContainText(`Clone of ${title}`);
  // It says so (?cloned=1 used to be read by nothing), and a reload does not say it again.
  await expect(viewer.page.locator('[data-toast]')).toContainText('Cloned: this copy is in your library now');
  expect(new URL(viewer.page.url()).search).toBe('');
  await viewer.context.close();
});

test('a signed-out viewer signs up, comes back, and the clone happens once', async ({ page, browser }) => {
  const { path, title } = await sharedByOwner(page);
  const anon = await freshContext(browser);
  await anon.page.goto(path);
  await expect(anon.page.getByText('Sign in to copy this conversation')).toBeVisible();
  await anon.page.getByRole('button', { name: 'Clone Chat' }).click();
  await expect(anon.page).toHaveURL(/\/auth\/signin\?next=/);
  await anon.page.getByRole('link', { name: 'Create an account' }).click();
  await signUpHere(anon.page, 'Newt Newcomer');
  await expect(anon.page).toHaveURL(/\/c\/[0-9a-f-]+/);
  await expect(anon.page.locator('h1')).toHaveText(`Clone of ${title}`);
  // Coming back to the clone address does not clone again.
  await anon.page.goto(`${path}/clone`);
  await expect(anon.page).toHaveURL(new RegExp(`${path}$`));
  await anon.page.goto('/');
  await expect(anon.page.getByRole('complementary', { name: 'Chat library' }).getByText(`Clone of ${title}`)).toHaveCount(1);
  await anon.context.close();
});

async function signUpHere(page: Page, name: string) {
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(`${name.toLowerCase().replace(/\W+/g, '')}-${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
}

test('reaching the clone limit revokes the link, unless viewing continues after it', async ({ page, browser }) => {
  const revoking = await sharedByOwner(page, { max_clones: 1 });
  const viewer = await freshContext(browser);
  await signUp(viewer.page, 'Cleo Cloner');
  await viewer.page.goto(revoking.path);
  await viewer.page.getByRole('button', { name: 'Clone Chat' }).click();
  await expect(viewer.page).toHaveURL(/\/c\//);
  await viewer.page.goto(revoking.path);
  await expect(viewer.page.getByRole('heading', { name: 'Link revoked' })).toBeVisible();
  await expect(viewer.page.getByText('The owner of this chat has revoked this sharing link.')).toBeVisible();

  const owner2 = await freshContext(browser);
  const keeping = await sharedByOwner(owner2.page, { max_clones: 1, allow_view_after_clone_limit: true });
  await viewer.page.goto(keeping.path);
  await viewer.page.getByRole('button', { name: 'Clone Chat' }).click();
  await expect(viewer.page).toHaveURL(/\/c\//);
  await viewer.page.goto(keeping.path);
  await expect(viewer.page.locator('h1')).toHaveText(keeping.title);
  await expect(viewer.page.getByRole('button', { name: 'Clone Chat' })).toHaveCount(0);
  await viewer.context.close();
  await owner2.context.close();
});

test('cloning a chat cloned before says so, links to the copy, and clones again only when asked', async ({ page, browser }) => {
  const { path, title } = await sharedByOwner(page);
  const viewer = await freshContext(browser);
  await signUp(viewer.page, 'Rhea Repeat');
  await viewer.page.goto(path);
  // A copy made meanwhile (another tab, the API) is found when this page's Clone Chat is pressed: nothing is cloned.
  const first = await viewer.page.request.post(`/api/v1/chats/${path.split('/').pop()}/clone/shared`);
  expect(first.status()).toBe(200);
  const firstId = (await first.json()).id as string;
  await viewer.page.getByRole('button', { name: 'Clone Chat' }).click();
  await expect(viewer.page).toHaveURL(new RegExp(`${path}#clone$`));
  await expect(viewer.page.getByText('You cloned this chat already.')).toBeVisible();
  await expect(viewer.page.getByRole('link', { name: 'Open your copy' })).toHaveAttribute('href', `/c/${firstId}`);
  await expect(viewer.page.getByRole('button', { name: 'Clone Chat' })).toHaveCount(0);
  await viewer.page.getByRole('button', { name: 'Clone again' }).click();
  await expect(viewer.page).toHaveURL(/\/c\/[0-9a-f-]+/);
  expect(viewer.page.url()).not.toContain(firstId);
  await expect(viewer.page.getByRole('complementary', { name: 'Chat library' }).getByText(`Clone of ${title}`)).toHaveCount(2);
  await viewer.context.close();
});
