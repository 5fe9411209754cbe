// Issue 17.6, report and moderate, as people do it: strangers open share links and report them from the footer's Report
// link (in English, French and Spanish, no account); the admin sees the count on the Reports tab, opens the queue and
// revokes one link with a reason; its viewers get the revoked page and its owner reads the reason in Shared Chats, on
// the chat's page and in the Share Chat dialog.
import { test, expect, type Browser } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freshContext, schemes, screenshotDir, shot, signUp } from './helpers';

function makeAdmin(email: string): void {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/make-admin.ts', email], { env: { ...process.env, DATA_DIR: process.env.E2E_INSTANCE_DATA_DIR }, stdio: 'pipe' });
}

const chatBody = (title: string) => ({ chat: { title, history: { currentId: 'a', messages: {
  q: { id: 'q', parentId: null, childrenIds: ['a'], role: 'user', content: `Tell me about ${title}` },
  a: { id: 'a', parentId: 'q', childrenIds: [], role: 'assistant', content: 'Buy my pills at a very special price.' },
} } } });

async function person(browser: Browser, name: string) {
  const { context, page } = await freshContext(browser);
  return { context, page, email: await signUp(page, name) };
}

test.beforeAll(() => fs.mkdirSync(screenshotDir, { recursive: true }));

test('a stranger reports a link; the admin revokes it with a reason; the owner reads the reason', async ({ browser }) => {
  const admin = await person(browser, 'Rita Reviewer');
  makeAdmin(admin.email);
  const owner = await person(browser, 'Sam Spammer');
  const run = Date.now().toString(36);
  const links: Record<'en' | 'fr' | 'es', { chatId: string; shareId: string; title: string }> = {} as never;
  for (const lang of ['en', 'fr', 'es'] as const) {
    const title = `Pills ${lang} ${run}`;
    const chat = await (await owner.page.request.post('/api/v1/chats/new', { data: chatBody(title) })).json();
    const share = await (await owner.page.request.post(`/api/v1/chats/${chat.id}/share`, { data: {} })).json();
    links[lang] = { chatId: chat.id, shareId: share.share_id, title };
  }

  // Strangers, signed out, each in their own language: the footer's Report link, a reason, a note, Send.
  const words = {
    en: { link: 'Report', heading: 'Report this link', reason: 'Spam or scam', note: 'Anything else', send: 'Send report', thanks: 'Thank you for your report' },
    fr: { link: 'Signaler', heading: 'Signaler ce lien', reason: 'Spam ou arnaque', note: 'Autre chose', send: 'Envoyer le signalement', thanks: 'Merci pour votre signalement' },
    es: { link: 'Denunciar', heading: 'Denunciar este enlace', reason: 'Spam o estafa', note: '¿Algo más', send: 'Enviar denuncia', thanks: 'Gracias por tu denuncia' },
  } as const;
  for (const lang of ['en', 'fr', 'es'] as const) {
    const w = words[lang];
    const context = await browser.newContext({ locale: lang === 'en' ? 'en-US' : lang });
    const page = await context.newPage();
    await page.goto(`/s/${links[lang].shareId}`);
    await expect(page.locator('h1')).toHaveText(links[lang].title);
    await page.getByRole('link', { name: w.link, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/s/${links[lang].shareId}/report$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(w.heading);
    await expect(page.locator('[data-report-title]')).toHaveText(links[lang].title);
    if (lang === 'en') {
      // Sending without a reason says so beside the reasons, and keeps the note.
      await page.getByLabel(w.note).fill('Selling pills in the answer.');
      await page.getByRole('button', { name: w.send }).click();
      await expect(page.locator('#reason-error')).toHaveText('Pick the reason that fits best.');
      await expect(page.getByLabel(w.note)).toHaveValue('Selling pills in the answer.');
      // The cursor waits on the reasons to pick from (it was nowhere on the refused form).
      await expect(page.getByLabel(w.reason)).toBeFocused();
      for (const [width, height] of [[390, 844], [1280, 800]] as const) {
        for (const scheme of schemes) {
          await page.setViewportSize({ width, height });
          await page.emulateMedia({ colorScheme: scheme });
          await shot(page, { path: path.join(screenshotDir, `report-form-error-${width}-${scheme}.png`), fullPage: true });
        }
      }
    }
    await page.getByLabel(w.reason).check();
    if (lang !== 'en') await page.getByLabel(w.note).fill(`Note ${lang}`);
    await page.getByRole('button', { name: w.send }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(w.thanks);
    if (lang === 'en') await shot(page, { path: path.join(screenshotDir, 'report-thanks-1280-light.png') });
    await context.close();
  }

  // The admin: a badge with the open count on the Reports tab of every admin page, then the queue, newest first.
  const a = admin.page;
  const open = (await (await a.request.get('/api/v1/admin/reports')).json()).open as number;
  expect(open).toBeGreaterThanOrEqual(3);
  await a.goto('/admin/users');
  const tab = a.locator('.admin-tabs a', { hasText: 'Reports' });
  await expect(tab.locator('[data-reports-badge] [aria-hidden=true]')).toHaveText(String(open));
  await tab.click();
  await expect(a).toHaveURL(/\/admin\/reports$/);
  const items = a.locator('[data-report]');
  await expect(items.first().locator('[data-report-title]')).toHaveText(links.es.title);
  const item = items.filter({ has: a.locator('[data-report-title]', { hasText: links.en.title }) });
  await expect(item.locator('[data-report-reason]')).toHaveText('Spam or scam');
  await expect(item.locator('[data-report-note]')).toHaveText('Selling pills in the answer.');
  await expect(item.locator('[data-report-count]')).toHaveText('1 open report for this link');
  await expect(item.getByRole('link', { name: `Open ${links.en.title} in a new tab` })).toHaveAttribute('href', `/s/${links.en.shareId}`);
  await item.getByText('Revoke…').click();
  const reason = item.getByLabel('Reason shown to the owner');
  await expect(reason).toHaveValue('Spam or scam'); // prefilled from the report, editable
  for (const [width, height] of [[390, 844], [1280, 800]] as const) {
    for (const scheme of schemes) {
      await a.setViewportSize({ width, height });
      await a.emulateMedia({ colorScheme: scheme });
      await shot(a, { path: path.join(screenshotDir, `admin-reports-${width}-${scheme}.png`), fullPage: true });
    }
  }
  await a.setViewportSize({ width: 1280, height: 800 });
  await reason.fill('Spam or scam: selling pills');
  await item.getByRole('button', { name: 'Revoke link' }).click();
  await expect(a.locator('.notice')).toHaveText('Link revoked as moderation; 1 open report of it was closed.');
  await expect(a.locator('[data-report-title]', { hasText: links.en.title })).toHaveCount(0);
  await expect(a.locator('.admin-tabs [data-reports-badge] [aria-hidden=true]')).toHaveText(String(open - 1));

  // Viewers of the link get the revoked page.
  const stranger = await freshContext(browser);
  const gone = await stranger.page.goto(`/s/${links.en.shareId}`);
  expect(gone?.status()).toBe(410);
  await stranger.context.close();

  // The owner: the reason beside "by an administrator" in Shared Chats, on the chat's page and in Share Chat.
  const o = owner.page;
  await o.goto('/shared');
  const row = o.locator('tr[data-row]').filter({ has: o.locator('th.c-title', { hasText: links.en.title }) });
  await expect(row.locator('[data-status-pill]')).toHaveText('Revoked');
  await expect(row.locator('[data-status-note]')).toHaveText('by an administrator: Spam or scam: selling pills');
  for (const [width, height] of [[390, 844], [1280, 800]] as const) {
    for (const scheme of schemes) {
      await o.setViewportSize({ width, height });
      await o.emulateMedia({ colorScheme: scheme });
      await shot(o, { path: path.join(screenshotDir, `report-owner-dashboard-${width}-${scheme}.png`), fullPage: true });
    }
  }
  await o.setViewportSize({ width: 1280, height: 800 });
  await o.goto(`/c/${links.en.chatId}`);
  await expect(o.locator('[data-moderated-note]')).toContainText('An administrator revoked the share link of this chat. Reason: Spam or scam: selling pills');
  await o.locator('[data-open-share]').click();
  const dialog = o.getByRole('dialog');
  await expect(dialog.locator('[data-moderation-reason]')).toHaveText('Reason given: Spam or scam: selling pills');
  await shot(o, { path: path.join(screenshotDir, 'report-owner-dialog-1280-light.png') });
  await admin.context.close();
  await owner.context.close();
});
