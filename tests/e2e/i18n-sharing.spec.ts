// The Share Chat dialog and the Shared Chats page for a French and a Spanish browser (context locale + Accept-Language):
// a link with a password and an expiry, the expiry sentence and field errors in that language, then the dashboard's row,
// statuses, filters, a bulk action and a typed-word confirmation; <html lang>; screenshots at 390 and 1280 px, light and
// dark; the new-link dialog still fits a 900 px tall window.
import { test, expect, type Browser, type Page, type Locator } from '@playwright/test';
import fs from 'node:fs';
import { PASSWORD, uniqueEmail, screenshotDir, shot, schemes } from './helpers';

// Each test signs up its own people: the file's tests spread over the workers rather than queue on one (CI time).
test.describe.configure({ mode: 'parallel' });

interface Words {
  lang: 'fr' | 'es'; tag: string; header: string; title: string; customLink: string; password: string; expiresAfter: string;
  expiresOn: string; maxViews: string; create: string; update: string; badChars: string; notWhole: string; taken: string;
  summary: string; summaryViews: string; created: string; active: string; revoked: string; passwordBadge: string;
  dashboard: string; tabs: string[]; visibility: string; privateOption: string; selected: string; revokeSelected: string;
  revokedNotice: string; revokeAll: string; revokeAllDialog: string; word: string; typeLabel: string; revokeAllNotice: RegExp;
  links: string; expiryWordsEn: RegExp; selectRow: (title: string) => RegExp; resetStats: string; modify: string;
}

const LANGS: Words[] = [
  {
    lang: 'fr', tag: 'fr-FR', header: 'fr-FR,fr;q=0.9', title: 'Partager le chat', customLink: 'Lien personnalisé', password: 'Mot de passe',
    expiresAfter: 'Expire après', expiresOn: 'Expire le', maxViews: 'Nombre maximal de vues', create: 'Créer le lien', update: 'Enregistrer',
    badChars: 'Utilisez des lettres, des chiffres, des tirets (-), des points (.), des tirets bas (_) ou des tildes (~).',
    notWhole: 'Saisissez un nombre entier, par exemple 10 (0 signifie illimité).', taken: 'Ce lien est déjà utilisé. Choisissez-en un autre.',
    summary: 'Expire le 26/10/2030 17:00:00 ou après 100 vues', summaryViews: 'Expire après 1 vue',
    created: 'Lien créé. Copiez-le pour le partager.', active: 'Actif', revoked: 'Révoqué', passwordBadge: 'Mot de passe',
    dashboard: 'Chats partagés', tabs: ['Tous', 'Actif', 'Expiré', 'Révoqué'], visibility: 'Visibilité', privateOption: 'Privé',
    selected: '1 lien sélectionné', revokeSelected: 'Révoquer la sélection', revokedNotice: '1 lien révoqué.',
    revokeAll: 'Tout révoquer…', revokeAllDialog: 'Révoquer tous les liens ?', word: 'RÉVOQUER', typeLabel: 'Saisissez RÉVOQUER pour confirmer',
    revokeAllNotice: /^\d+ liens? révoqués?\./, links: 'liens', expiryWordsEn: /\b(Expires|views|never)\b/, selectRow: (t) => new RegExp(`^Sélectionner «\\s${t}\\s»$`), resetStats: 'Réinitialiser les statistiques', modify: 'Modifier…',
  },
  {
    lang: 'es', tag: 'es-ES', header: 'es-ES,es;q=0.9', title: 'Compartir chat', customLink: 'Enlace personalizado', password: 'Contraseña',
    expiresAfter: 'Caduca tras', expiresOn: 'Caduca el', maxViews: 'Número máximo de vistas', create: 'Crear enlace', update: 'Guardar',
    badChars: 'Usa letras, números, guiones (-), puntos (.), guiones bajos (_) o virgulillas (~).',
    notWhole: 'Escribe un número entero, como 10 (0 significa ilimitado).', taken: 'Este enlace ya está en uso. Elige otro.',
    summary: 'Caduca el 26/10/2030, 17:00:00 o tras 100 vistas', summaryViews: 'Caduca tras 1 vista',
    created: 'Enlace creado. Cópialo para compartirlo.', active: 'Activo', revoked: 'Revocado', passwordBadge: 'Contraseña',
    dashboard: 'Chats compartidos', tabs: ['Todos', 'Activo', 'Caducado', 'Revocado'], visibility: 'Visibilidad', privateOption: 'Privado',
    selected: '1 enlace seleccionado', revokeSelected: 'Revocar selección', revokedNotice: '1 enlace revocado.',
    revokeAll: 'Revocar todos…', revokeAllDialog: '¿Revocar todos los enlaces?', word: 'REVOCAR', typeLabel: 'Escribe REVOCAR para confirmar',
    revokeAllNotice: /^\d+ enlaces? revocados?\./, links: 'enlaces', expiryWordsEn: /\b(Expires|views|never)\b/, selectRow: (t) => new RegExp(`^Seleccionar «${t}»$`), resetStats: 'Restablecer estadísticas', modify: 'Modificar…',
  },
];

const chatBody = (title: string) => ({ chat: { title, models: ['gpt-4o'], history: { currentId: 'a', messages: {
  q: { id: 'q', parentId: null, childrenIds: ['a'], role: 'user', content: `Une question sur ${title}` },
  a: { id: 'a', parentId: 'q', childrenIds: [], role: 'assistant', content: 'Une réponse soignée.', model: 'gpt-4o' },
} } } });

/** A browser that asks for the language the way a real one does: its locale and its Accept-Language header. */
async function browserIn(browser: Browser, w: Words): Promise<Page> {
  const context = await browser.newContext({ locale: w.tag, extraHTTPHeaders: { 'Accept-Language': w.header } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  return context.newPage();
}

/** Signs up through the API (the sign-up page's own words belong to another catalog) and makes chats to share. */
async function ownerWithChats(page: Page, name: string, titles: string[]): Promise<string[]> {
  await page.goto('/healthz');
  const res = await page.request.post('/api/v1/auths/signup', { data: { name, email: uniqueEmail(name.toLowerCase().replace(/\W+/g, '')), password: PASSWORD } });
  expect(res.ok(), await res.text()).toBe(true);
  const ids: string[] = [];
  for (const title of titles) {
    const made = await page.request.post('/api/v1/chats/new', { data: chatBody(title) });
    expect(made.ok()).toBe(true);
    ids.push((await made.json()).id);
  }
  return ids;
}

const errorBeside = (input: Locator) => input.locator('xpath=ancestor::div[contains(@class,"sd-field")][1]').locator('.sd-error');
const API_NAMES = /\b(share_id|max_views|max_clones|expires_at|expires_in|current_password|is_public|allow_cloning)\b/;

for (const w of LANGS) {
  test(`${w.lang}: the Share Chat dialog and the Shared Chats page speak the browser's language`, async ({ browser }) => {
    const page = await browserIn(browser, w);
    const run = Date.now().toString(36);
    const [chatId, otherId, thirdId] = await ownerWithChats(page, `Lola ${w.lang}`, [`Voyage ${w.lang} ${run}`, `Autre ${w.lang} ${run}`, `Troisième ${w.lang} ${run}`]);
    // Another chat already holds a custom link: the server's refusal must come back in words, beside the field.
    const taken = await page.request.post(`/api/v1/chats/${otherId}/share`, { data: { share_id: `pris-${run}-${w.lang}`, is_public: false } });
    expect(taken.ok()).toBe(true);
    expect((await page.request.post(`/api/v1/chats/${thirdId}/share`, { data: {} })).ok()).toBe(true);
    expect((await page.request.delete(`/api/v1/chats/${thirdId}/share`)).ok()).toBe(true);

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`/c/${chatId}`);
    await expect(page.locator('html')).toHaveAttribute('lang', w.lang);
    await page.waitForLoadState('load');
    await page.locator('[data-open-share]').click();
    const dialog = page.getByRole('dialog', { name: w.title });
    await expect(dialog).toBeVisible();

    // A new link's dialog still fits a 900 px tall window, with everything and the primary button in view.
    const body = dialog.locator('[data-body]');
    expect(await body.evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(true);
    const create = dialog.getByRole('button', { name: w.create });
    const box = (await create.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(900);
    fs.mkdirSync(screenshotDir, { recursive: true });
    await shot(page, { path: `${screenshotDir}/i18n-${w.lang}-dialog-new-desktop-light.png` });

    // Field errors, as you type, in plain words of the language.
    const customId = dialog.getByLabel(w.customLink);
    await customId.fill('!!!');
    await expect(errorBeside(customId)).toHaveText(w.badChars);
    const views = dialog.getByLabel(w.maxViews);
    await views.fill('1.5');
    await expect(errorBeside(views)).toHaveText(w.notWhole);
    await views.fill('1');
    const summary = dialog.locator('[data-expiry-summary]');
    await expect(summary).toHaveText(w.summaryViews); // plural "one"
    await views.fill('100');

    // A password and an expiry; the sentence follows, in the language, with the language's date.
    await dialog.getByLabel(w.password, { exact: true }).fill('un secret solide');
    await dialog.getByLabel(w.expiresAfter).selectOption('custom');
    await dialog.getByLabel(w.expiresOn).fill('2030-10-26T17:00');
    await expect(summary).toHaveText(w.summary);
    await expect(summary).not.toHaveText(w.expiryWordsEn);

    // The server refuses a custom link in use: its code becomes the dialog's own words beside the field.
    await customId.fill(`pris-${run}-${w.lang}`);
    await create.click();
    await expect(errorBeside(customId)).toHaveText(w.taken);
    await expect(customId).toBeFocused();
    await shot(page, { path: `${screenshotDir}/i18n-${w.lang}-dialog-error-desktop-light.png` });
    expect(await dialog.innerText()).not.toMatch(API_NAMES);

    await customId.fill('');
    await create.click();
    await expect(dialog.locator('[data-share-url]')).toHaveValue(/\/s\//);
    await expect(dialog.locator('[data-notice]')).toHaveText(w.created);
    await expect(dialog.locator('[data-status-badge]')).toHaveText(w.active);
    await expect(dialog.locator('[data-password-badge]')).toHaveText(w.passwordBadge);
    await expect(dialog.getByRole('button', { name: w.update })).toBeVisible();
    await expect(dialog.locator('[data-stats]')).toContainText(w.summary);
    // With its link, password and expiry: the link, Copy and the primary button in a 900 px window, the footer in one row.
    for (const el of [dialog.locator('[data-share-url]'), dialog.locator('[data-copy-link]'), dialog.getByRole('button', { name: w.update })]) {
      const b = (await el.boundingBox())!;
      expect(b.y).toBeGreaterThanOrEqual(0);
      expect(b.y + b.height).toBeLessThanOrEqual(900);
    }
    expect((await dialog.locator('[data-foot-row]').boundingBox())!.height).toBeLessThan(60);
    await expect(dialog.locator('[data-notice]')).toHaveText('', { timeout: 6000 }); // let the message fade before the shots
    for (const scheme of schemes) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(await body.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true); // nothing spills sideways
      await shot(page, { path: `${screenshotDir}/i18n-${w.lang}-dialog-desktop-${scheme}.png` });
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await body.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
      await shot(page, { path: `${screenshotDir}/i18n-${w.lang}-dialog-phone-${scheme}.png` });
      await body.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await shot(page, { path: `${screenshotDir}/i18n-${w.lang}-dialog-phone-settings-${scheme}.png` });
      await body.evaluate((el) => el.scrollTo(0, 0));
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.keyboard.press('Escape');

    // A link with its QR code (the state the English dialog test measures): everything fits 900 px without scrolling.
    expect((await page.request.post(`/api/v1/chats/${otherId}/share`, { data: { show_qr_code: true } })).ok()).toBe(true);
    await page.goto(`/c/${otherId}`);
    await page.waitForLoadState('load');
    await page.locator('[data-open-share]').click();
    await expect(dialog.locator('[data-qr-img]')).toBeVisible();
    expect(await body.evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(true);
    await shot(page, { path: `${screenshotDir}/i18n-${w.lang}-dialog-qr-desktop-light.png` });
    await page.keyboard.press('Escape');

    // The dashboard: title, row, statuses, filters, a bulk action and a typed-word confirmation, all in the language.
    await page.goto('/shared');
    await expect(page.locator('html')).toHaveAttribute('lang', w.lang);
    await expect(page.locator('h1')).toHaveText(w.dashboard);
    const row = page.locator('tr[data-row]', { has: page.locator('th.c-title', { hasText: `Voyage ${w.lang} ${run}` }) });
    await expect(row.locator('[data-status-pill]')).toHaveText(w.active);
    const revokedRow = page.locator('tr[data-row]', { has: page.locator('th.c-title', { hasText: `Troisième ${w.lang} ${run}` }) });
    await expect(revokedRow.locator('[data-status-pill]')).toHaveText(w.revoked);
    for (const [i, tab] of w.tabs.entries()) {
      await expect(page.locator(`[data-status-tab=${['all', 'active', 'expired', 'revoked'][i]}]`)).toContainText(tab);
    }
    await expect(page.locator('.topbar-count')).toHaveText(`3 ${w.links}`);
    for (const scheme of schemes) {
      await page.emulateMedia({ colorScheme: scheme });
      await shot(page, { path: `${screenshotDir}/i18n-${w.lang}-dashboard-desktop-${scheme}.png`, fullPage: true });
    }
    await page.emulateMedia({ colorScheme: 'light' });

    // The row menu's longest action keeps to one line.
    await row.locator('summary').click();
    expect((await row.getByRole('button', { name: w.resetStats }).boundingBox())!.height).toBeLessThan(40);
    await page.keyboard.press('Escape');

    // Modify opens the same dialog, fetched for that row: its scripted words (the primary button, the stats) in the language too.
    await row.locator('summary').click();
    await row.getByRole('link', { name: w.modify }).click();
    const fetched = page.getByRole('dialog', { name: w.title });
    await expect(fetched.getByRole('button', { name: w.update })).toBeVisible();
    await expect(fetched.locator('[data-stats]')).toContainText(w.summary);
    await fetched.locator('[data-close]').click();

    await page.getByRole('combobox', { name: w.visibility }).selectOption({ label: w.privateOption });
    await expect(page).toHaveURL(/is_public=false/);
    await expect(page.locator('tr[data-row]')).toHaveCount(1); // only the "Autre" chat's link is private
    await page.goBack();
    await expect(page.locator('tr[data-row]')).toHaveCount(3);

    await page.getByRole('checkbox', { name: w.selectRow(`Voyage ${w.lang} ${run}`) }).check();
    const bar = page.locator('[data-bulk]');
    await expect(bar.locator('[data-bulk-count]')).toHaveText(w.selected);
    await bar.getByRole('button', { name: w.revokeSelected }).click();
    await expect(page.locator('[data-page-notice]')).toHaveText(w.revokedNotice);
    await expect(row.locator('[data-status-pill]')).toHaveText(w.revoked);

    await page.getByRole('link', { name: w.revokeAll }).click();
    const confirm = page.getByRole('dialog', { name: w.revokeAllDialog });
    await expect(confirm).toBeVisible();
    const word = confirm.getByLabel(w.typeLabel);
    const go = confirm.locator('[data-confirm-submit]');
    await word.fill('REVOKE'); // the English word does not confirm a French or Spanish dialog
    await expect(go).toBeDisabled();
    await word.fill(w.word);
    await expect(go).toBeEnabled();
    await shot(page, { path: `${screenshotDir}/i18n-${w.lang}-dashboard-danger-desktop.png` });
    await go.click();
    await expect(page.locator('[data-page-notice]')).toHaveText(w.revokeAllNotice);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/shared');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The status tabs scroll without a scrollbar: all four must fit, or the last one's count is cut off unseen.
    expect(await page.locator('.status-tabs').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await page.getByRole('checkbox', { name: w.selectRow(`Autre ${w.lang} ${run}`) }).check();
    for (const scheme of schemes) {
      await page.emulateMedia({ colorScheme: scheme });
      await shot(page, { path: `${screenshotDir}/i18n-${w.lang}-dashboard-phone-${scheme}.png`, fullPage: true });
    }
    await page.context().close();
  });
}

test('the server checks the typed word in the language it was asked in, and answers a wrong one in the page\'s language', async ({ browser }) => {
  const w = LANGS[0]!;
  const context = await browser.newContext({ locale: w.tag, extraHTTPHeaders: { 'Accept-Language': w.header }, javaScriptEnabled: false });
  const page = await context.newPage();
  await ownerWithChats(page, 'Noé Sansscript', ['Sans script']).then(async ([id]) => {
    expect((await page.request.post(`/api/v1/chats/${id}/share`, { data: {} })).ok()).toBe(true);
  });
  await page.goto('/shared');
  await page.getByRole('link', { name: w.revokeAll }).click();
  const dialog = page.locator('#confirm-revoke_all');
  await dialog.getByLabel(w.typeLabel).fill('REVOKE');
  await dialog.locator('[data-confirm-submit]').click();
  await expect(dialog.locator('.field-error')).toHaveText(`Saisissez ${w.word} en majuscules pour confirmer.`);
  await dialog.getByLabel(w.typeLabel).fill('REVOQUER'); // accents are optional
  await dialog.locator('[data-confirm-submit]').click();
  await expect(page.locator('[data-page-notice]')).toHaveText('1 lien révoqué.');
  await context.close();
});

test('es: the owner limits a link to one person; someone else reads "No tienes acceso", asks, the owner approves, the link opens', async ({ browser }) => {
  const run = Date.now().toString(36);
  const person = async (name: string) => {
    const context = await browser.newContext({ locale: 'es-ES', extraHTTPHeaders: { 'Accept-Language': 'es-ES,es;q=0.9' } });
    const page = await context.newPage();
    const email = uniqueEmail(name.toLowerCase().replace(/\W+/g, ''));
    const res = await page.request.post('/api/v1/auths/signup', { data: { name, email, password: PASSWORD } });
    expect(res.ok(), await res.text()).toBe(true);
    return { context, page, email };
  };
  // Lucía signs up first: were this the server's first account (an admin, in every audience and shown emails), it is
  // hers, and the owner and the asker are ordinary members whatever ran before.
  const lucia = await person(`Lucía ${run}`);
  const owner = await person(`Olga ${run}`);
  const asker = await person(`Tomás ${run}`);
  const title = `Presupuesto ${run}`;
  const chat = await (await owner.page.request.post('/api/v1/chats/new', { data: { chat: { title, history: { currentId: 'a', messages: {
    q: { id: 'q', parentId: null, childrenIds: ['a'], role: 'user', content: '¿Cuál es el presupuesto?' },
    a: { id: 'a', parentId: 'q', childrenIds: [], role: 'assistant', content: 'Doce mil euros, no lo digas.' },
  } } } } })).json();

  // The owner, in Spanish: only chosen people, then Lucía found by name (without her email) and picked.
  const o = owner.page;
  await o.goto(`/c/${chat.id}`);
  await o.getByRole('button', { name: /^(Compartir|Compartido)$/ }).click();
  const dialog = o.getByRole('dialog', { name: 'Compartir chat' });
  await dialog.getByRole('switch', { name: /Solo personas y grupos elegidos/ }).check();
  await dialog.getByRole('combobox', { name: 'Añadir personas o grupos' }).fill(`Lucía ${run}`);
  const option = dialog.getByRole('option', { name: new RegExp(`Lucía ${run}`) });
  await expect(option).toHaveText(new RegExp(`^Lucía ${run}\\s*Persona$`));
  await option.click();
  await expect(dialog.getByRole('list', { name: 'Personas y grupos' }).getByRole('listitem')).toHaveText([new RegExp(`Persona.*Lucía ${run}`)]);
  await dialog.getByRole('button', { name: 'Crear enlace' }).click();
  await expect(dialog.locator('[data-visibility-badge]')).toHaveText('Personas elegidas');
  const url = await dialog.locator('[data-share-url]').inputValue();

  // Someone not chosen: the refusal in Spanish, without the conversation; they ask.
  const a = asker.page;
  expect((await a.goto(url))?.status()).toBe(403);
  await expect(a.getByRole('heading', { level: 1 })).toHaveText('No tienes acceso a esta conversación');
  expect(await a.content()).not.toContain('Doce mil euros');
  await a.getByRole('button', { name: 'Solicitar acceso' }).click();
  await expect(a.locator('[data-request-state="pending"]')).toContainText('Tu solicitud se ha enviado.');

  // The owner approves from Chats compartidos; the asker's page then opens the conversation.
  await o.goto('/');
  await o.getByRole('link', { name: /Chats compartidos/ }).click();
  const request = o.locator('[data-access-requests] li').first();
  await expect(request).toContainText(`Tomás ${run} pide leer «${title}»`);
  await request.getByRole('button', { name: 'Aprobar' }).click();
  await expect(o.locator('[data-access-requests]')).toHaveCount(0);
  await a.reload();
  await expect(a.getByText('Doce mil euros, no lo digas.')).toBeVisible();
  // Lucía, chosen, reads it too.
  await lucia.page.goto(url);
  await expect(lucia.page.getByText('Doce mil euros, no lo digas.')).toBeVisible();
  for (const p of [owner, lucia, asker]) await p.context.close();
});
