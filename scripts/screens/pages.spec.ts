// Every page an owner, a viewer and an admin meet, at 390x844 and 1280x800, light and dark, in English and French.
import { test, expect, type Browser } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHAT } from '../../tests/fixtures/protocols-and-haiku';

// Outside test-results/, which every Playwright run empties.
const out = process.env.SCREENS_DIR ?? path.join(os.tmpdir(), 'chatshare-screens');
const only = process.env.SCREENS_ONLY?.split(',');

async function shoot(browser: Browser, state: string, pages: Record<string, string>) {
  fs.mkdirSync(out, { recursive: true });
  for (const [device, viewport] of [['phone', { width: 390, height: 844 }], ['desktop', { width: 1280, height: 800 }]] as const) {
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const locale of ['en-US', 'fr-FR']) {
        const ctx = await browser.newContext({ viewport, colorScheme, locale, storageState: state === 'anon' ? undefined : state });
        const page = await ctx.newPage();
        for (const [name, url] of Object.entries(pages)) {
          if (only && !only.includes(name)) continue;
          await page.goto(url);
          await page.screenshot({ path: `${out}/${name}-${device}-${colorScheme}-${locale.slice(0, 2)}.png`, fullPage: name !== 'library' });
        }
        await ctx.close();
      }
    }
  }
}

test('every page, every size, both schemes, two languages', async ({ browser }) => {
  const owner = await (await browser.newContext()).newPage();
  await owner.goto('/auth/signup');
  await owner.getByLabel('Name').fill('Ada Admin');
  await owner.getByLabel('Email').fill('ada@example.com');
  await owner.getByLabel('Password').fill('correct horse battery');
  await owner.getByRole('button', { name: 'Create account' }).click();
  await expect(owner.getByRole('complementary', { name: 'Chat library' })).toBeVisible();
  const chat = await (await owner.request.post('/api/v1/chats/new', { data: { chat: CHAT } })).json();
  for (let i = 0; i < 3; i++) await owner.request.post('/api/v1/chats/new', { data: { chat: { title: 'New Chat', models: ['qwen2.5:7b'], messages: [] } } });
  const share = await (await owner.request.post(`/api/v1/chats/${chat.id}/share`, { data: { is_public: true } })).json();
  const state = path.join(out, 'owner-state.json');
  fs.mkdirSync(out, { recursive: true });
  await owner.context().storageState({ path: state });
  const sharePath = new URL(share.url).pathname;
  await shoot(browser, state, {
    viewer: sharePath, chat: `/c/${chat.id}`, library: '/', settings: '/settings', shared: '/shared', admin: '/admin',
    adminShares: '/admin/shares', notFound: '/no/such/page',
  });
  await shoot(browser, 'anon', { viewerAnon: sharePath, signup: '/auth/signup', signin: '/auth/signin' });
});
