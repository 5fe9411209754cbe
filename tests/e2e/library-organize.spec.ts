// Pin, archive and tags on our own pages: the sidebar shows pinned chats first, hides archived ones behind a link, and
// shows the tags an import brought (Open WebUI's meta.tags) as chips that filter the list.
import { expect, test } from '@playwright/test';
import { screenshotDir, shot, signUp } from './helpers';

const chat = (title: string) => ({
  title, history: { currentId: 'a', messages: { a: { id: 'a', parentId: null, childrenIds: [], role: 'user', content: `About ${title}`, timestamp: 1_700_000_000 } } },
});

test('pinned first, archived behind a link, imported tags shown and filterable', async ({ page }) => {
  await signUp(page, 'Olive Organizer');
  // An Open WebUI export whose chats carry tags, as its "Export All Chats" writes them.
  const ids = await page.evaluate(async (rows) => {
    const res = await fetch('/api/v1/chats/import', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rows) });
    return ((await res.json()).imported as Array<{ id: string; title: string }>).map((c) => c.id);
  }, [
    { title: 'Tagged work chat', chat: chat('Tagged work chat'), meta: { tags: ['work_notes'] }, created_at: 1_700_000_000, updated_at: 1_700_000_000 },
    { title: 'Plain chat', chat: chat('Plain chat'), meta: {}, created_at: 1_700_000_100, updated_at: 1_700_000_100 },
    { title: 'Old chat', chat: chat('Old chat'), meta: {}, created_at: 1_700_000_200, updated_at: 1_700_000_200 },
  ]);
  expect(ids).toHaveLength(3);
  await page.goto('/');
  const sidebar = page.getByRole('complementary', { name: 'Chat library' });
  const list = sidebar.locator('[data-chat-list]');

  // Tags: a chip per tag in use, and the chat's row names its tags.
  const tags = sidebar.getByRole('navigation', { name: 'Tags' });
  await expect(tags.getByRole('link')).toHaveText(['work_notes']);
  await expect(list.locator('li', { hasText: 'Tagged work chat' }).locator('[data-chat-tags]')).toHaveText('work_notes');
  await tags.getByRole('link', { name: 'work_notes' }).click();
  await expect(list.locator('.chat-link .t')).toHaveText(['Tagged work chat']);
  await expect(sidebar.getByText('Chats tagged work_notes.')).toBeVisible();
  await sidebar.getByRole('link', { name: 'Show all chats' }).click();
  await expect(list.locator('.chat-link .t')).toHaveCount(3);

  // Pin from the row's menu: the chat moves to a Pinned group at the top.
  await sidebar.getByRole('button', { name: 'Chat menu: Plain chat' }).click();
  await page.getByRole('menuitem', { name: 'Pin' }).click();
  await expect(list.locator('.list-group').first()).toHaveText('Pinned');
  await expect(list.locator('.chat-link .t').first()).toHaveText('Plain chat');
  await shot(page, { path: `${screenshotDir}/library-pinned-and-tags.png` });

  // Archive: the chat leaves the list; a link shows the archived ones, where the menu brings it back.
  await sidebar.getByRole('button', { name: 'Chat menu: Old chat' }).click();
  await page.getByRole('menuitem', { name: 'Archive' }).click();
  await expect(list.locator('.chat-link .t')).toHaveText(['Plain chat', 'Tagged work chat']);
  await sidebar.getByRole('link', { name: '1 archived chat' }).click();
  await expect(list.locator('.chat-link .t')).toHaveText(['Old chat']);
  await sidebar.getByRole('button', { name: 'Chat menu: Old chat' }).click();
  await page.getByRole('menuitem', { name: 'Unarchive' }).click();
  await expect(list.locator('.chat-link .t')).toHaveCount(0);
  await page.goto('/');
  await expect(list.locator('.chat-link .t')).toHaveCount(3);
  await expect(sidebar.locator('[data-show-archived]')).toHaveCount(0);
});
