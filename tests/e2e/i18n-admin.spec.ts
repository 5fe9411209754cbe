// The admin panel walked in French (from the browser's Accept-Language) and Spanish (from the cs_lang cookie): users,
// adding a user with its errors beside the fields, a group granting a permission, settings, moderation, the typed
// confirmation; nothing wider than a phone's screen; screenshots of every page at 390 and 1280 px, light and dark.
import { test, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PASSWORD, screenshotDir, uniqueEmail, shot, schemes } from './helpers';

test.describe.configure({ mode: 'serial' });

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Everything the walk reads on screen, per language (the catalogs' words, written out so a missing translation fails). */
const WORDS = {
  fr: {
    panel: "Panneau d'administration", users: 'Utilisateurs', groups: 'Groupes', shares: 'Partages', settings: 'Paramètres',
    accounts: /^\d+ comptes$/, roleAdmin: 'Administrateur', search: 'Rechercher par nom ou e-mail', searchButton: 'Rechercher',
    addUser: 'Ajouter un utilisateur', name: 'Nom', email: 'E-mail', password: 'Mot de passe', create: 'Créer le compte',
    passwordShort: 'Doit comporter au moins 8 caractères.', created: 'Compte créé.', nameEmpty: 'Ne peut pas être vide.',
    newGroup: 'Nouveau groupe', createGroup: 'Créer le groupe', makePublic: /^Rendre les liens publics/, filterPeople: 'Filtrer les personnes',
    oneSelected: '(1 sélectionné)', groupCreated: 'Groupe créé.', oneMember: '1 membre', publicChip: 'Liens publics',
    community: /^Activer le partage communautaire/, saveSettings: 'Enregistrer les paramètres', settingsSaved: 'Paramètres enregistrés.',
    owner: 'Propriétaire', active: 'Actif', revoke: 'Révoquer', revoked: /^Lien révoqué\./, moderated: 'Révoqué par un administrateur',
    restore: 'Restaurer', restored: 'Lien restauré.', edit: 'Modifier',
    typeToConfirm: (e: string) => `Saisissez ${e} pour confirmer`, typeExactly: (e: string) => `Saisissez exactement ${e} pour confirmer.`,
    deleteAccount: 'Supprimer le compte', deleteText: 'avec 0 chat et 0 lien de partage', month: /^\d{1,2} [a-zéû]+\.? \d{4}$/,
  },
  es: {
    panel: 'Panel de administración', users: 'Usuarios', groups: 'Grupos', shares: 'Enlaces', settings: 'Configuración',
    accounts: /^\d+ cuentas$/, roleAdmin: 'Administrador', search: 'Buscar por nombre o correo', searchButton: 'Buscar',
    addUser: 'Añadir usuario', name: 'Nombre', email: 'Correo electrónico', password: 'Contraseña', create: 'Crear cuenta',
    passwordShort: 'Debe tener al menos 8 caracteres.', created: 'Cuenta creada.', nameEmpty: 'No puede estar vacío.',
    newGroup: 'Nuevo grupo', createGroup: 'Crear grupo', makePublic: /^Hacer públicos los enlaces/, filterPeople: 'Filtrar personas',
    oneSelected: '(1 seleccionado)', groupCreated: 'Grupo creado.', oneMember: '1 miembro', publicChip: 'Enlaces públicos',
    community: /^Activar el uso compartido en la comunidad/, saveSettings: 'Guardar configuración', settingsSaved: 'Configuración guardada.',
    owner: 'Propietario', active: 'Activo', revoke: 'Revocar', revoked: /^Enlace revocado\./, moderated: 'Revocado por un administrador',
    restore: 'Restaurar', restored: 'Enlace restaurado.', edit: 'Editar',
    typeToConfirm: (e: string) => `Escribe ${e} para confirmar`, typeExactly: (e: string) => `Escribe exactamente ${e} para confirmar.`,
    deleteAccount: 'Eliminar cuenta', deleteText: 'con 0 chats y 0 enlaces compartidos', month: /^\d{1,2} [a-z]+\.? \d{4}$/,
  },
} as const;
type Lang = keyof typeof WORDS;

let adminContext: BrowserContext;
let adminEmail: string;
let owner: { context: BrowserContext; page: Page; email: string };

async function signUpByApi(browser: Browser, name: string) {
  const context = await browser.newContext();
  const email = uniqueEmail(name.toLowerCase().replace(/\W+/g, ''));
  const r = await context.request.post('/api/v1/auths/signup', { data: { name, email, password: PASSWORD } });
  expect(r.ok()).toBe(true);
  return { context, page: await context.newPage(), email };
}

/** The admin's session in a context that speaks `lang`: French through the browser's language, Spanish through the cookie. */
async function adminIn(browser: Browser, lang: Lang): Promise<Page> {
  const storageState = await adminContext.storageState();
  const context = lang === 'fr' ? await browser.newContext({ storageState, locale: 'fr-FR' }) : await browser.newContext({ storageState });
  if (lang === 'es') await context.addCookies([{ name: 'cs_lang', value: 'es', url: test.info().project.use.baseURL! }]);
  return context.newPage();
}

async function sharedChat(page: Page, title: string) {
  const chat = await (await page.request.post('/api/v1/chats/new', { data: { chat: { title, history: { currentId: 'a', messages: {
    q: { id: 'q', parentId: null, childrenIds: ['a'], role: 'user', content: `About ${title}?` },
    a: { id: 'a', parentId: 'q', childrenIds: [], role: 'assistant', content: 'An answer.' },
  } } } } })).json();
  const share = await (await page.request.post(`/api/v1/chats/${chat.id}/share`, { data: { is_public: true } })).json();
  return share.share_id as string;
}

/** Elements wider than their box or than the window: words that no longer fit after translation. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const vw = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > vw + 1) out.push(`page is ${document.documentElement.scrollWidth}px wide in ${vw}px`);
    for (const el of document.querySelectorAll<HTMLElement>('.admin .btn, .admin-tabs, .admin-tabs a, .role-chip, .status-chip, .perm-chip, .tag, .admin label, .admin select, .admin h2, .admin legend, .pager, .facts div, .admin-table td')) {
      const r = el.getBoundingClientRect();
      if (!r.width || el.matches('.sr-only') || getComputedStyle(el).visibility === 'hidden') continue;
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible' && !el.matches('.share-path, .owner-email')) out.push(`${el.className || el.tagName}: "${el.textContent!.trim().slice(0, 40)}" scrolls`);
      if (r.right > vw + 1 || r.left < -1) out.push(`${el.className || el.tagName}: "${el.textContent!.trim().slice(0, 40)}" past the window edge`);
    }
    // A select cuts its chosen text without scrolling: measure each choice against the room inside the box and its
    // arrow (the owner filter's "Name (email)" choices may be cut: the open list shows them whole).
    const ruler = document.body.appendChild(document.createElement('span'));
    ruler.style.cssText = 'position:absolute;visibility:hidden;white-space:pre';
    for (const select of document.querySelectorAll<HTMLSelectElement>('.admin select')) {
      const cs = getComputedStyle(select);
      ruler.style.font = cs.font;
      const room = select.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 16;
      const choices = select.id === 'f-owner' ? [select.options[0]!] : [...select.options];
      for (const option of choices) {
        ruler.textContent = option.text;
        if (ruler.getBoundingClientRect().width > room) out.push(`select "${option.text}" is cut off`);
      }
    }
    ruler.remove();
    return out;
  });
}

test.beforeAll(async ({ browser }) => {
  const a = await signUpByApi(browser, 'Ada Admin');
  adminContext = a.context;
  adminEmail = a.email;
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/make-admin.ts', adminEmail], { env: { ...process.env, DATA_DIR: process.env.E2E_INSTANCE_DATA_DIR }, stdio: 'pipe' });
  owner = await signUpByApi(browser, 'Olga Owner');
});
test.afterAll(async () => {
  await owner.context.close();
  await adminContext.close();
});

for (const lang of ['fr', 'es'] as const) {
  const w = WORDS[lang];

  test(`${lang}: users list, adding a user with errors beside the fields, and the typed confirmation`, async ({ browser }) => {
    const page = await adminIn(browser, lang);
    await page.goto('/admin/users');
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    const tabs = page.getByRole('navigation', { name: w.panel });
    for (const tab of [w.users, w.groups, w.shares, w.settings]) await expect(tabs.getByRole('link', { name: tab })).toBeVisible();
    await expect(page).toHaveTitle(new RegExp(escapeRe(w.users)));
    await expect(page.locator('.result-count')).toHaveText(w.accounts);
    const me = page.locator(`[data-user-row="${adminEmail}"]`);
    await expect(me.locator('.role-chip')).toHaveText(w.roleAdmin);
    // The browser re-formats dates in the page's language, not the browser's (en-US for the Spanish context).
    await expect(me.locator('time[data-format=date]')).toHaveText(w.month);
    await page.getByLabel(w.search).fill('olga');
    await page.getByRole('button', { name: w.searchButton, exact: true }).click();
    await expect(page.locator('[data-user-row]')).toHaveCount(1);

    await page.goto('/admin/users');
    await page.getByRole('link', { name: w.addUser }).click();
    const email = uniqueEmail(`made-${lang}`);
    await page.getByLabel(w.name, { exact: true }).fill(`Made ${lang}`);
    await page.getByLabel(w.email, { exact: true }).fill(email);
    await page.getByLabel(w.password, { exact: true }).fill('short');
    await page.getByRole('button', { name: w.create }).click();
    await expect(page.locator('#new-password-help')).toHaveText(w.passwordShort);
    await page.getByLabel(w.password, { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: w.create }).click();
    await expect(page.getByRole('status')).toHaveText(w.created);

    // The word to type is the account's email in the prompt, in the script's check and in the server's check.
    await page.goto(`/admin/users?query=${encodeURIComponent(email)}`);
    await page.locator(`[data-user-row="${email}"]`).getByRole('link', { name: w.edit }).click();
    await expect(page.getByText(w.deleteText)).toBeVisible();
    const confirm = page.getByLabel(w.typeToConfirm(email));
    const del = page.getByRole('button', { name: w.deleteAccount });
    await confirm.fill('someone-else@example.com');
    await expect(del).toBeDisabled();
    await del.evaluate((b: HTMLButtonElement) => { b.disabled = false; }); // as without script: the server checks too
    await del.click();
    await expect(page.locator('#confirm-email-error')).toHaveText(w.typeExactly(email));
    await page.getByLabel(w.typeToConfirm(email)).fill(email.toUpperCase());
    await page.getByRole('button', { name: w.deleteAccount }).click();
    await expect(page.getByRole('status')).not.toHaveText(/^$/);
    await expect(page.locator(`[data-user-row="${email}"]`)).toHaveCount(0);
    await page.context().close();
  });

  test(`${lang}: a group granting public links, with its member picker counting in words`, async ({ browser }) => {
    const page = await adminIn(browser, lang);
    await page.goto('/admin/groups');
    await page.getByRole('link', { name: w.newGroup }).first().click();
    await page.getByRole('button', { name: w.createGroup }).click();
    await expect(page.locator('#group-name-error')).toHaveText(w.nameEmpty);
    const name = `Équipe ${lang} ${Date.now()}`;
    await page.getByLabel(w.name, { exact: true }).fill(name);
    await page.getByRole('checkbox', { name: w.makePublic }).check();
    const picker = page.locator('[data-member-picker]');
    await picker.getByLabel(w.filterPeople).fill('olga');
    await picker.getByRole('checkbox', { name: new RegExp(escapeRe(owner.email)) }).check();
    await expect(picker.locator('[data-member-count]')).toHaveText(w.oneSelected);
    await page.getByRole('button', { name: w.createGroup }).click();
    await expect(page.getByRole('status')).toHaveText(w.groupCreated);
    const card = page.locator('.group-list li', { hasText: name });
    await expect(card).toContainText(w.oneMember);
    await expect(card.locator('.perm-chip')).toHaveText([w.publicChip]);
    await page.context().close();
  });

  test(`${lang}: settings save, and moderation revokes and restores a link`, async ({ browser }) => {
    const page = await adminIn(browser, lang);
    await page.goto('/admin/settings');
    const community = page.getByRole('checkbox', { name: w.community });
    await expect(community).toBeChecked();
    await community.uncheck();
    await page.getByRole('button', { name: w.saveSettings }).click();
    await expect(page.getByRole('status')).toHaveText(w.settingsSaved);
    await expect(page.getByRole('checkbox', { name: w.community })).not.toBeChecked();
    await page.getByRole('checkbox', { name: w.community }).check();
    await page.getByRole('button', { name: w.saveSettings }).click();
    await expect(page.getByRole('checkbox', { name: w.community })).toBeChecked();

    const title = `Moderated ${lang} ${Date.now()}`;
    const shareId = await sharedChat(owner.page, title);
    await page.goto('/admin/shares');
    await page.getByLabel(w.owner).selectOption({ label: `Olga Owner (${owner.email})` });
    await expect(page).toHaveURL(/user_id=/);
    const row = page.locator(`[data-share-row="${shareId}"]`);
    await expect(row.locator('.status-chip')).toHaveText(w.active);
    await row.getByRole('button', { name: `${w.revoke} ${title}` }).click();
    await expect(page.getByRole('status')).toHaveText(w.revoked);
    await expect(row.getByText(w.moderated)).toBeVisible();
    await row.getByRole('button', { name: `${w.restore} ${title}` }).click();
    await expect(page.getByRole('status')).toHaveText(w.restored);
    await expect(row.locator('.status-chip')).toHaveText(w.active);
    await page.context().close();
  });

  test(`${lang}: every admin page fits a phone and a desktop, light and dark (screenshots)`, async ({ browser }) => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    const page = await adminIn(browser, lang);
    // Something on every page: a pending account (the tab's badge must fit too), a group, a shared link.
    await page.request.post('/api/v1/auths/add', { data: { name: 'Wendy Waiting', email: uniqueEmail('wendy'), password: PASSWORD, role: 'pending' } });
    if (!(await (await page.request.get('/api/v1/groups/')).json()).length) await page.request.post('/api/v1/groups/create', { data: { name: 'Équipe de recherche', permissions: { sharing: { public_chat: true } } } });
    const reported = await sharedChat(owner.page, 'Planificación del viaje a Kioto');
    // A report in the queue, with the longest reason's words (the Reports tab's badge and card must fit too).
    await page.request.post(`/api/v1/chats/${reported}/report`, { data: { reason: 'private_info', note: 'Mi dirección y mi teléfono aparecen en la segunda respuesta.' } });
    const groups = await (await page.request.get('/api/v1/groups/')).json();
    const userId = (await (await page.request.get(`/api/v1/users/?query=${encodeURIComponent(owner.email)}`)).json()).users[0].id;
    const pages: [string, string][] = [
      ['users', '/admin/users'], ['new-user', '/admin/users/new'], ['user', `/admin/users/${userId}`], ['groups', '/admin/groups'],
      ['group', `/admin/groups/${groups[0].id}`], ['settings', '/admin/settings'], ['shares', '/admin/shares'], ['reports', '/admin/reports'],
    ];
    const problems: string[] = [];
    for (const [vp, size] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]] as const) {
      await page.setViewportSize(size);
      for (const scheme of schemes) {
        await page.emulateMedia({ colorScheme: scheme });
        for (const [name, url] of pages) {
          await page.goto(url);
          if (scheme === 'light') problems.push(...(await overflowing(page)).map((p) => `${name} ${vp}: ${p}`));
          // The shares filter's dates on a phone: "from" and "to" each beside their own field, the fields one above the
          // other (the "to" label was left at the end of one line and its field alone on the next).
          if (name === 'shares' && vp === 'phone' && scheme === 'light') {
            const [from, to, toLabel] = await Promise.all(['#f-from', '#f-to', 'label[for=f-to]'].map(async (q) => (await page.locator(q).boundingBox())!));
            if (Math.abs(from.x - to.x) > 1 || Math.abs(toLabel.y + toLabel.height / 2 - (to.y + to.height / 2)) > 4) problems.push(`shares phone: the dates are not one under the other with "to" beside its field`);
          }
          await shot(page, { path: path.join(screenshotDir, `admin-${lang}-${name}-${vp}-${scheme}.png`), fullPage: true });
        }
      }
    }
    expect(problems).toEqual([]);
    await page.context().close();
  });
}
