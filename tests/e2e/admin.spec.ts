// The admin panel as an admin uses it: users (approve, edit, add, delete), groups with member pickers, settings and
// their effect on people's links, moderation of every share, closed sign-up; plus screenshots of every page.
import { test, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PASSWORD, freshContext, screenshotDir, signUp, uniqueEmail, shot, schemes } from './helpers';

test.describe.configure({ mode: 'serial' });

let adminContext: BrowserContext;
let admin: Page;
let adminEmail: string;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Makes an account an admin through the command-line tool, whatever order the spec files ran in. */
function makeAdmin(email: string): void {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/make-admin.ts', email], {
    env: { ...process.env, DATA_DIR: process.env.E2E_INSTANCE_DATA_DIR }, stdio: 'pipe',
  });
}

async function person(browser: Browser, name: string) {
  const { context, page } = await freshContext(browser);
  const email = await signUp(page, name);
  return { context, page, email };
}

const chatBody = (title: string) => ({
  chat: { title, history: { currentId: 'a', messages: {
    q: { id: 'q', parentId: null, childrenIds: ['a'], role: 'user', content: `Tell me about ${title}` },
    a: { id: 'a', parentId: 'q', childrenIds: [], role: 'assistant', content: 'Here is what I know.' },
  } } },
});

/** A chat shared through the API with the page's own session (no Origin header: allowed like any script). */
async function sharedChat(page: Page, title: string, options: Record<string, unknown> = {}) {
  const chat = await (await page.request.post('/api/v1/chats/new', { data: chatBody(title) })).json();
  const share = await (await page.request.post(`/api/v1/chats/${chat.id}/share`, { data: options })).json();
  return { chatId: chat.id as string, shareId: share.share_id as string };
}

async function saveSettings(change: (page: Page) => Promise<unknown>) {
  await admin.goto('/admin/settings');
  await change(admin);
  await admin.getByRole('button', { name: 'Save settings' }).click();
  await expect(admin.getByRole('status')).toHaveText('Settings saved.');
}

async function resetSettings() {
  await saveSettings(async (p) => {
    await p.getByLabel('Enable sign-up').check();
    await p.getByLabel('Default role for new accounts').selectOption('user');
    for (const name of ['Share chats', 'Make links public', 'Clone shared chats']) await p.getByRole('checkbox', { name: new RegExp(`^${name}`) }).check();
  });
}

test.beforeAll(async ({ browser }) => {
  ({ context: adminContext, page: admin } = await freshContext(browser));
  adminEmail = await signUp(admin, 'Ada Admin');
  makeAdmin(adminEmail);
  await admin.reload();
  await expect(admin.getByRole('link', { name: 'Admin panel' })).toBeVisible();
});
test.afterAll(async () => {
  await resetSettings();
  await adminContext.close();
});

test('a non-admin has no Admin panel link and /admin is not found', async ({ browser }) => {
  const u = await person(browser, 'Nadia Nonadmin');
  await expect(u.page.getByRole('link', { name: 'Admin panel' })).toHaveCount(0);
  const res = await u.page.goto('/admin/users');
  expect(res?.status()).toBe(404);
  await expect(u.page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  expect((await u.page.request.get('/api/v1/users/')).status()).toBe(403);
  await u.context.close();
});

test('pending accounts: the default role set to Pending, a sign-up waits, the admin approves it from the list', async ({ browser }) => {
  await saveSettings((p) => p.getByLabel('Default role for new accounts').selectOption('pending'));
  const { context, page } = await freshContext(browser);
  const email = uniqueEmail('penny');
  await page.goto('/auth/signup');
  await page.getByLabel('Name').fill('Penny Pending');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/pending$/);
  await expect(page.getByRole('heading', { name: 'Waiting for approval' })).toBeVisible();
  await page.goto('/settings');
  await expect(page).toHaveURL(/\/pending$/);

  await admin.goto('/admin/users');
  await expect(admin.locator('.admin-tabs').getByText('waiting for approval')).toBeAttached();
  await admin.getByLabel('Role', { exact: true }).selectOption('pending'); // submits on change
  await expect(admin).toHaveURL(/role=pending/);
  const row = admin.locator(`[data-user-row="${email}"]`);
  await expect(row.locator('.role-chip')).toHaveText('Pending');
  await row.getByRole('button', { name: `Approve ${email}` }).click();
  await expect(admin.getByRole('status')).toContainText('Account approved');

  await page.getByRole('link', { name: 'Check again' }).click();
  await expect(page.getByRole('complementary', { name: 'Chat library' })).toBeVisible();
  await context.close();
  await saveSettings((p) => p.getByLabel('Default role for new accounts').selectOption('user'));
});

test('users: search, rename and change role, add a user with errors beside the fields, delete after typing the email', async ({ browser }) => {
  const u = await person(browser, 'Rita Rename');
  await admin.goto('/admin/users');
  await admin.getByLabel('Search by name or email').fill('rita');
  await admin.getByRole('button', { name: 'Search' }).click();
  await expect(admin.locator('[data-user-row]')).toHaveCount(1);
  await admin.getByRole('link', { name: `Edit ${u.email}` }).click();
  await admin.getByLabel('Name', { exact: true }).fill('Rita Renamed');
  await admin.getByLabel('Role', { exact: true }).selectOption('admin');
  await admin.getByRole('button', { name: 'Save changes' }).click();
  await expect(admin.getByRole('status')).toHaveText('Saved.');
  await expect(admin.locator('.user-head')).toContainText('Rita Renamed');
  await expect(admin.locator('.user-head .role-chip')).toHaveText('Admin');
  await u.page.reload();
  await expect(u.page.getByRole('link', { name: 'Admin panel' })).toBeVisible();
  await admin.getByLabel('Role', { exact: true }).selectOption('user');
  await admin.getByRole('button', { name: 'Save changes' }).click();
  await expect(admin.locator('.user-head .role-chip')).toHaveText('User');
  // Your own role cannot be changed here.
  await admin.goto(`/admin/users?query=${encodeURIComponent(adminEmail)}`);
  await admin.getByRole('link', { name: `Edit ${adminEmail}` }).click();
  await expect(admin.getByLabel('Role', { exact: true })).toBeDisabled();

  await admin.goto('/admin/users');
  await admin.getByRole('link', { name: 'Add user' }).click();
  const newEmail = uniqueEmail('made');
  await admin.getByLabel('Name', { exact: true }).fill('Made Byadmin');
  await admin.getByLabel('Email', { exact: true }).fill(newEmail);
  await admin.getByLabel('Password', { exact: true }).fill('short');
  await admin.getByRole('button', { name: 'Create account' }).click();
  await expect(admin.locator('#new-password-help')).toHaveText('Use at least 8 characters.');
  await expect(admin.getByLabel('Email', { exact: true })).toHaveValue(newEmail);
  await admin.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await admin.getByRole('button', { name: 'Create account' }).click();
  await expect(admin.getByRole('status')).toHaveText('Account created.');

  // The new account signs in, owns a shared chat; deleting it takes both.
  const { context, page } = await freshContext(browser);
  await page.goto('/auth/signin');
  await page.getByLabel('Email').fill(newEmail);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('complementary', { name: 'Chat library' })).toBeVisible();
  const { shareId } = await sharedChat(page, 'Soon gone');
  await admin.goto(`/admin/users?query=${encodeURIComponent(newEmail)}`);
  await admin.getByRole('link', { name: `Edit ${newEmail}` }).click();
  await expect(admin.getByText('with 1 chat and 1 share link')).toBeVisible();
  const confirm = admin.getByLabel(`Type ${newEmail} to confirm`);
  const del = admin.getByRole('button', { name: 'Delete account' });
  await confirm.fill('someone-else@example.com');
  await expect(del).toBeDisabled();
  await confirm.fill(newEmail);
  await del.click();
  await expect(admin.getByRole('status')).toHaveText('Account deleted, with its chats and share links.');
  await expect(admin.locator(`[data-user-row="${newEmail}"]`)).toHaveCount(0);
  expect((await page.request.get(`/s/${shareId}`)).status()).toBe(404);
  await context.close();
  await u.context.close();
});

test('an admin sets a locked-out user\'s password: every session of theirs ends and the new one signs in (issue 19)', async ({ browser }) => {
  const u = await person(browser, 'Lou Locked');
  await admin.goto(`/admin/users?query=${encodeURIComponent(u.email)}`);
  await admin.getByRole('link', { name: `Edit ${u.email}` }).click();
  await admin.getByLabel('New password').fill('short');
  await admin.getByRole('button', { name: 'Set password' }).click();
  await expect(admin.locator('#new-password-error')).toHaveText('Use at least 8 characters.');
  await admin.getByLabel('New password').fill('a brand new secret');
  await admin.getByRole('button', { name: 'Set password' }).click();
  await expect(admin.getByRole('status')).toHaveText('Password set: they were signed out everywhere.');
  await u.page.reload();
  await expect(u.page).toHaveURL(/\/auth\/signin/);
  const res = await u.page.request.post('/api/v1/auths/signin', { data: { email: u.email, password: 'a brand new secret' } });
  expect(res.status()).toBe(200);
  await u.context.close();
});

test('groups: create with the member picker, then edit members and delete', async ({ browser }) => {
  const m = await person(browser, 'Gemma Groupie');
  const other = await person(browser, 'Otto Outsider');
  await admin.goto('/admin/groups');
  await admin.getByRole('link', { name: 'New group' }).click();
  await admin.getByRole('button', { name: 'Create group' }).click();
  await expect(admin.locator('#group-name-error')).toHaveText('Name cannot be empty.');
  await admin.getByLabel('Name', { exact: true }).fill(`Publishers ${Date.now()}`);
  await admin.getByLabel(/^Description/).fill('May publish public links');
  await admin.getByRole('checkbox', { name: /^Make links public/ }).check();
  const picker = admin.locator('[data-member-picker]');
  await picker.getByLabel('Filter people').fill('gemma');
  await expect(picker.locator('li:visible')).toHaveCount(1);
  await picker.getByRole('checkbox', { name: new RegExp(escapeRe(m.email)) }).check();
  await expect(picker.locator('[data-member-count]')).toHaveText('(1 selected)');
  await picker.getByLabel('Filter people').fill('no such person at all');
  await expect(picker.getByText('Nobody matches that filter.')).toBeVisible();
  await admin.getByRole('button', { name: 'Create group' }).click();
  await expect(admin.getByRole('status')).toHaveText('Group created.');
  const card = admin.locator('.group-list li', { hasText: 'May publish public links' });
  await expect(card).toContainText('1 member');
  await expect(card).toContainText('Public links');

  await card.getByRole('link').click();
  const picker2 = admin.locator('[data-member-picker]');
  await picker2.getByRole('checkbox', { name: new RegExp(escapeRe(other.email)) }).check();
  await picker2.getByRole('checkbox', { name: new RegExp(escapeRe(m.email)) }).uncheck();
  await admin.getByRole('button', { name: 'Save group' }).click();
  await expect(admin.getByRole('status')).toHaveText('Group saved.');
  await expect(picker2.getByRole('checkbox', { name: new RegExp(escapeRe(other.email)) })).toBeChecked();
  await expect(picker2.getByRole('checkbox', { name: new RegExp(escapeRe(m.email)) })).not.toBeChecked();

  await admin.getByRole('button', { name: 'Delete group' }).click();
  await expect(admin.getByText('Tick the box to confirm.')).toBeVisible();
  await admin.getByRole('checkbox', { name: /I understand/ }).check();
  await admin.getByRole('button', { name: 'Delete group' }).click();
  await expect(admin.getByRole('status')).toHaveText('Group deleted.');
  await m.context.close();
  await other.context.close();
});

test('turning public links off makes a user\'s public link sign-in only, and their dialog says why', async ({ browser }) => {
  const u = await person(browser, 'Paula Public');
  const { chatId, shareId } = await sharedChat(u.page, 'Once public');
  const anon = await freshContext(browser);
  await anon.page.goto(`/s/${shareId}`);
  await expect(anon.page.getByRole('heading', { name: 'Once public' })).toBeVisible();

  await saveSettings((p) => p.getByRole('checkbox', { name: /^Make links public/ }).uncheck());
  await anon.page.goto(`/s/${shareId}`);
  await expect(anon.page).toHaveURL(/\/auth\/signin\?next=/);
  await u.page.goto(`/c/${chatId}`);
  await u.page.getByRole('button', { name: /^(Share|Shared)$/ }).click();
  const dialog = u.page.getByRole('dialog', { name: 'Share Chat' });
  await expect(dialog.getByRole('switch', { name: /Public access/ })).toBeDisabled();
  await expect(dialog.getByRole('switch', { name: /Public access/ })).not.toBeChecked();
  await expect(dialog.getByText('Your administrator has not given you permission to make links public')).toBeVisible();
  await saveSettings((p) => p.getByRole('checkbox', { name: /^Make links public/ }).check());
  await anon.context.close();
  await u.context.close();
});

test('shares: every link with its owner; the admin revokes one (the owner cannot restore it) and restores it', async ({ browser }) => {
  const o = await person(browser, 'Mona Moderated');
  const { chatId, shareId } = await sharedChat(o.page, 'Reported conversation');
  await admin.goto('/admin/shares');
  await admin.getByLabel('Owner').selectOption({ label: `Mona Moderated (${o.email})` });
  await expect(admin).toHaveURL(/user_id=/);
  const row = admin.locator(`[data-share-row="${shareId}"]`);
  await expect(row).toContainText('Reported conversation');
  await expect(row).toContainText(o.email);
  await expect(row.getByText('Active')).toBeVisible();
  await row.getByRole('button', { name: 'Revoke Reported conversation' }).click();
  await expect(admin.getByRole('status')).toContainText('Link revoked');
  await expect(row.getByText('Revoked by admin')).toBeVisible();
  await expect(admin).toHaveURL(/user_id=/); // the filters survive the action
  // Created from / to (the README's promise): a day after today hides the link, today shows it (issue 19).
  const today = await admin.evaluate(() => new Date().toLocaleDateString('sv')); // YYYY-MM-DD in the browser's zone
  await admin.getByLabel('Created from').fill('2099-01-01');
  await expect(admin).toHaveURL(/from=2099-01-01/);
  await expect(row).toHaveCount(0);
  await admin.getByLabel('Created from').fill(today);
  await expect(admin).toHaveURL(new RegExp(`from=${today}`));
  await expect(row).toContainText('Reported conversation');

  const anon = await freshContext(browser);
  await anon.page.goto(`/s/${shareId}`);
  await expect(anon.page.getByText('The owner of this chat has revoked this sharing link.')).toBeVisible();
  const ownRestore = await o.page.request.post(`/api/v1/chats/${chatId}/share/restore`);
  expect(ownRestore.status()).toBe(403);
  expect((await ownRestore.json()).code).toBe('SHARE_MODERATED');

  await row.getByRole('button', { name: 'Restore Reported conversation' }).click();
  await expect(admin.getByRole('status')).toHaveText('Link restored.');
  await expect(row.getByText('Active')).toBeVisible();
  await anon.page.goto(`/s/${shareId}`);
  await expect(anon.page.getByRole('heading', { name: 'Reported conversation' })).toBeVisible();
  await anon.context.close();
  await o.context.close();
});

test('sign-up closed: the sign-up page says so, and the sign-in page stops offering it', async ({ browser }) => {
  await saveSettings((p) => p.getByLabel('Enable sign-up').uncheck());
  const { context, page } = await freshContext(browser);
  await page.goto('/auth/signup');
  await expect(page.getByRole('heading', { name: 'Sign-up is closed' })).toBeVisible();
  await expect(page.getByLabel('Password')).toHaveCount(0);
  await page.goto('/auth/signin');
  await expect(page.getByRole('link', { name: 'Create an account' })).toHaveCount(0);
  await context.close();
  await saveSettings((p) => p.getByLabel('Enable sign-up').check());
});

test('permission choices have room: each is a 44 px target, apart from the next, its box on the first line (issue 19)', async () => {
  for (const width of [390, 1280]) {
    await admin.setViewportSize({ width, height: 844 });
    for (const url of ['/admin/settings', '/admin/groups/new']) {
      await admin.goto(url);
      const boxes = await admin.locator('.toggles .check').evaluateAll((labels) => labels.map((l) => {
        const r = l.getBoundingClientRect();
        const box = l.querySelector('input')!.getBoundingClientRect();
        const title = l.querySelector('strong')!.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, height: r.height, boxMiddle: box.top + box.height / 2, titleTop: title.top, titleBottom: title.bottom };
      }));
      expect(boxes.length).toBeGreaterThanOrEqual(3);
      for (const [i, b] of boxes.entries()) {
        expect(b.height, `${url} at ${width}px`).toBeGreaterThanOrEqual(44);
        expect(b.boxMiddle).toBeGreaterThanOrEqual(b.titleTop); // level with the choice's name, not the middle of its help
        expect(b.boxMiddle).toBeLessThanOrEqual(b.titleBottom);
        if (i > 0 && boxes[i - 1]!.bottom < b.top + 1) expect(b.top - boxes[i - 1]!.bottom).toBeGreaterThanOrEqual(8);
      }
    }
  }
  await admin.setViewportSize({ width: 1280, height: 800 });
});

test('screenshots of the admin panel, desktop and phone, light and dark', async ({ browser }) => {
  fs.mkdirSync(screenshotDir, { recursive: true });
  // Something to look at: a pending account, a group, a moderated link.
  await saveSettings((p) => p.getByLabel('Default role for new accounts').selectOption('pending'));
  const waiting = await browser.newContext();
  await waiting.request.post('/api/v1/auths/signup', { data: { name: 'Wendy Waiting', email: uniqueEmail('wendy'), password: PASSWORD } });
  await waiting.close();
  await saveSettings((p) => p.getByLabel('Default role for new accounts').selectOption('user'));
  const o = await person(browser, 'Sam Screenshot');
  const { shareId } = await sharedChat(o.page, 'Kyoto trip planning');
  await sharedChat(o.page, 'Rust lifetimes explained', { is_live: true, is_public: false });
  await admin.request.post(`/api/v1/admin/shares/${shareId}/revoke`);
  const groups = await (await admin.request.get('/api/v1/groups/')).json();
  if (!groups.length) await admin.request.post('/api/v1/groups/create', { data: { name: 'Research team', description: 'Public links and cloning', permissions: { sharing: { public_chat: true }, chat: { clone: true } } } });
  const groupId = (await (await admin.request.get('/api/v1/groups/')).json())[0].id;
  const userId = (await (await admin.request.get(`/api/v1/users/?query=${encodeURIComponent(o.email)}`)).json()).users[0].id;

  const pages: [string, string][] = [['users', '/admin/users'], ['user', `/admin/users/${userId}`], ['groups', '/admin/groups'], ['group', `/admin/groups/${groupId}`], ['settings', '/admin/settings'], ['shares', '/admin/shares']];
  for (const [vp, size] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]] as const) {
    await admin.setViewportSize(size);
    for (const scheme of schemes) {
      await admin.emulateMedia({ colorScheme: scheme });
      for (const [name, url] of pages) {
        await admin.goto(url);
        await shot(admin, { path: path.join(screenshotDir, `admin-${name}-${vp}-${scheme}.png`) });
      }
    }
  }
  await admin.setViewportSize({ width: 1280, height: 800 });
  await admin.emulateMedia({ colorScheme: 'light' });
  await o.context.close();
});
