// Issue 17.1 and 17.2 as people do it: an owner shares a chat with one person and one group from the Share Chat dialog's
// picker (search, pick, chips); the person opens the link; a stranger signed in gets "You don't have access" (in French
// too) and never the title; the person finds the link under Shared with me. Runs on the instance server: it makes an
// admin, who creates the group.
import { test, expect, type Browser } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freshContext, PASSWORD, schemes, screenshotDir, shot, uniqueEmail } from './helpers';

const chatBody = (title: string) => ({ chat: { title, history: { currentId: 'a', messages: {
  q: { id: 'q', parentId: null, childrenIds: ['a'], role: 'user', content: 'What is the launch date?' },
  a: { id: 'a', parentId: 'q', childrenIds: [], role: 'assistant', content: 'The launch is on the 14th, keep it quiet.' },
} } } });

/** Signs up through the API (sign-up is not under test here); the context's cookie jar keeps the session. */
async function person(browser: Browser, name: string) {
  const { context, page } = await freshContext(browser);
  const email = uniqueEmail(name.toLowerCase().replace(/\W+/g, ''));
  const res = await page.request.post('/api/v1/auths/signup', { data: { name, email, password: PASSWORD } });
  expect(res.ok(), await res.text()).toBe(true);
  return { context, page, email };
}

test.beforeAll(() => fs.mkdirSync(screenshotDir, { recursive: true }));

test('an owner picks a person and a group; the person reads, a stranger is refused, Shared with me lists it', async ({ browser }) => {
  const run = Date.now().toString(36);
  const admin = await person(browser, `Ada Admin ${run}`);
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/make-admin.ts', admin.email], { env: { ...process.env, DATA_DIR: process.env.E2E_INSTANCE_DATA_DIR }, stdio: 'pipe' });
  const alice = await person(browser, `Alice ${run}`);
  const gina = await person(browser, `Gina ${run}`);
  const stranger = await person(browser, `Stranger ${run}`);
  const owner = await person(browser, `Olive ${run}`);
  const ginaId = (await (await gina.page.request.get('/api/v1/auths/')).json()).id as string;
  const group = await admin.page.request.post('/api/v1/groups/create', { data: { name: `Launch team ${run}`, user_ids: [ginaId] } });
  expect(group.status()).toBe(200);

  // The owner: Share, "Only people and groups you choose", then a person and a group picked from the search.
  const title = `Launch plan ${run}`;
  const chat = await (await owner.page.request.post('/api/v1/chats/new', { data: chatBody(title) })).json();
  const o = owner.page;
  await o.goto(`/c/${chat.id}`);
  await o.getByRole('button', { name: /^(Share|Shared)$/ }).click();
  const dialog = o.getByRole('dialog', { name: 'Share Chat' });
  await dialog.getByRole('switch', { name: /Only people and groups you choose/ }).check();
  await expect(dialog.getByRole('switch', { name: /Public access/ })).toBeDisabled();
  await expect(dialog.getByText('Nobody chosen yet: only you can open the link.')).toBeVisible();
  const search = dialog.getByRole('combobox', { name: 'Add people or groups' });
  // One letter finds nobody (no listing every account); the list says to type more.
  await search.fill('A');
  await expect(dialog.locator('[data-principal-list]')).toHaveText('Type at least 2 letters.');
  await search.fill(`Alice ${run}`);
  // A person is shown by name, never with their account's email (the owner is not an admin).
  const aliceOption = dialog.getByRole('option', { name: new RegExp(`Alice ${run}`) });
  await expect(aliceOption).toHaveText(new RegExp(`^Alice ${run}\\s*Person$`));
  await shot(o, { path: path.join(screenshotDir, 'audience-picker-list-1280-light.png') });
  await aliceOption.click();
  await search.fill(`Launch team ${run}`);
  // The keyboard works too: down to the group, Enter picks it (and does not submit the dialog).
  await expect(dialog.getByRole('option', { name: new RegExp(`Launch team ${run}`) })).toBeVisible();
  await search.press('ArrowDown');
  await search.press('Enter');
  const chips = dialog.getByRole('list', { name: 'People and groups' });
  await expect(chips.getByRole('listitem')).toHaveText([new RegExp(`Person.*Alice ${run}`), new RegExp(`Group.*Launch team ${run}`)]);
  for (const [width, height] of [[390, 844], [1280, 800]] as const) {
    for (const scheme of schemes) {
      await o.setViewportSize({ width, height });
      await o.emulateMedia({ colorScheme: scheme });
      await dialog.getByRole('combobox', { name: 'Add people or groups' }).scrollIntoViewIfNeeded();
      // A phone gets the full-width sheet, people picker and all (it once kept the desktop's 2rem margin, off-centre).
      if (width === 390) expect((await dialog.boundingBox())?.width).toBe(390);
      await shot(o, { path: path.join(screenshotDir, `audience-dialog-${width}-${scheme}.png`) });
    }
  }
  await o.setViewportSize({ width: 1280, height: 800 });
  await dialog.getByRole('button', { name: 'Create link' }).click();
  await expect(dialog.locator('[data-visibility-badge]')).toHaveText('Chosen people');
  const url = await dialog.locator('[data-share-url]').inputValue();
  const share = await (await o.request.get(`/api/v1/chats/${chat.id}/share`)).json();
  expect(share).toMatchObject({ audience: 'people', is_public: false });
  const grants = await (await o.request.get(`/api/v1/chats/shared/${chat.id}/access`)).json();
  expect(grants.map((g: { principal_type: string }) => g.principal_type).sort()).toEqual(['group', 'user']);

  // The person opens the link and reads it; the group's member too.
  await alice.page.goto(url);
  await expect(alice.page.locator('h1')).toHaveText(title);
  await expect(alice.page.getByText('keep it quiet')).toBeVisible();
  await gina.page.goto(url);
  await expect(gina.page.getByText('keep it quiet')).toBeVisible();

  // A stranger, signed in: the 403 page, without the title or the text; switched to French from its footer, it says so in French.
  const s = stranger.page;
  const refused = await s.goto(url);
  expect(refused?.status()).toBe(403);
  await expect(s.getByRole('heading', { level: 1 })).toHaveText('You don\'t have access to this conversation');
  await s.getByRole('combobox', { name: 'Language' }).selectOption('fr'); // applies on change
  await expect(s.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(s.getByRole('heading', { level: 1 })).toHaveText('Vous n’avez pas accès à cette conversation');
  expect(await s.content()).not.toContain(title);
  expect(await s.content()).not.toContain('keep it quiet');
  for (const [width, height] of [[390, 844], [1280, 800]] as const) {
    for (const scheme of schemes) {
      await s.setViewportSize({ width, height });
      await s.emulateMedia({ colorScheme: scheme });
      await shot(s, { path: path.join(screenshotDir, `audience-403-${width}-${scheme}.png`) });
    }
  }

  // Shared with me: the person finds it in the navigation, with who shared it; the search narrows; the stranger's is empty.
  await alice.page.goto('/');
  await alice.page.getByRole('link', { name: 'Shared with me' }).click();
  await expect(alice.page).toHaveURL(/\/shared\/with-me$/);
  const row = alice.page.locator('[data-with-me-list] li').first();
  await expect(row.getByRole('link', { name: title })).toBeVisible();
  await expect(row).toContainText(`Shared by Olive ${run}`);
  await expect(row).toContainText('Active');
  await alice.page.getByRole('searchbox', { name: 'Search titles' }).fill('no such title');
  await alice.page.getByRole('button', { name: 'Search' }).click();
  await expect(alice.page.locator('[data-with-me-none]')).toContainText('no such title');
  for (const [width, height] of [[390, 844], [1280, 800]] as const) {
    for (const scheme of schemes) {
      await alice.page.goto('/shared/with-me');
      await alice.page.setViewportSize({ width, height });
      await alice.page.emulateMedia({ colorScheme: scheme });
      await shot(alice.page, { path: path.join(screenshotDir, `with-me-${width}-${scheme}.png`), fullPage: true });
    }
  }
  await s.goto('/shared/with-me');
  await expect(s.locator('[data-with-me-empty] h2')).toHaveText('Rien n’a encore été partagé avec vous');
  for (const p of [admin, alice, gina, stranger, owner]) await p.context.close();
});

test('a stranger asks for access from the 403 page; the owner approves from Shared Chats; the link opens', async ({ browser }) => {
  const run = Date.now().toString(36);
  const owner = await person(browser, `Owen ${run}`);
  const asker = await person(browser, `Asha ${run}`);
  const title = `Roadmap ${run}`;
  const chat = await (await owner.page.request.post('/api/v1/chats/new', { data: chatBody(title) })).json();
  const share = await (await owner.page.request.post(`/api/v1/chats/${chat.id}/share`, { data: { audience: 'people' } })).json();

  // The asker: the 403 page offers Request access with a note; after it, the page says the request is waiting.
  const a = asker.page;
  await a.goto(`/s/${share.share_id}`);
  await expect(a.getByRole('heading', { level: 1 })).toHaveText("You don't have access to this conversation");
  await a.getByLabel(/A note for the owner/).fill('I present it on Monday.');
  await a.getByRole('button', { name: 'Request access' }).click();
  await expect(a.locator('[data-request-state="pending"]')).toContainText('Your request was sent.');
  for (const [width, height] of [[390, 844], [1280, 800]] as const) {
    for (const scheme of schemes) {
      await a.setViewportSize({ width, height });
      await a.emulateMedia({ colorScheme: scheme });
      await shot(a, { path: path.join(screenshotDir, `audience-request-pending-${width}-${scheme}.png`) });
    }
  }

  // The owner: a badge on Shared Chats, the request with its note, Approve.
  const o = owner.page;
  await o.goto('/');
  await expect(o.locator('[data-requests-badge] [aria-hidden=true]')).toHaveText('1');
  await o.getByRole('link', { name: /Shared Chats/ }).click();
  const req = o.locator('[data-access-requests] li').first();
  await expect(req).toContainText(`Asha ${run} asks to read “${title}”`);
  await expect(req).toContainText('I present it on Monday.');
  for (const [width, height] of [[390, 844], [1280, 800]] as const) {
    for (const scheme of schemes) {
      await o.setViewportSize({ width, height });
      await o.emulateMedia({ colorScheme: scheme });
      await shot(o, { path: path.join(screenshotDir, `audience-requests-${width}-${scheme}.png`) });
    }
  }
  await req.getByRole('button', { name: 'Approve' }).click();
  await expect(o.locator('[data-access-requests]')).toHaveCount(0);
  await expect(o.locator('[data-requests-badge]')).toHaveCount(0);
  await expect(o.locator('[data-audience-people]').first()).toBeVisible(); // the row says who the link is for

  // The asker reloads: the conversation.
  await a.reload();
  await expect(a.locator('h1')).toHaveText(title);
  await expect(a.getByText('keep it quiet')).toBeVisible();
  for (const p of [owner, asker]) await p.context.close();
});
