// The library in French and Spanish as a person meets it: the language from the browser (Accept-Language), from
// Settings and from the footer's switch; sign-up and sign-in errors beside their field; an import; an empty search;
// settings; <html lang>. Screenshots of sign-in, the library and settings at 1280 and 390 px, light and dark.
import { test, expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import { PASSWORD, screenshotDir, uniqueEmail, shot, schemes, SCREENSHOTS } from './helpers';

// Each test signs up its own people: the file's tests spread over the workers rather than queue on one (CI time).
test.describe.configure({ mode: 'parallel' });

const fixture = JSON.parse(fs.readFileSync('tests/fixtures/openwebui-export.json', 'utf8')) as Array<{ title: string }>;

/** What a person reads in each language, for the steps below. */
const WORDS = {
  fr: {
    signUpHeading: 'Créez votre compte', name: 'Nom', email: 'E-mail', password: 'Mot de passe', signUp: 'Créer le compte',
    tooShort: 'Doit comporter au moins 8 caractères.', badEmail: 'Saisissez une adresse e-mail valide.', taken: 'Un compte existe déjà avec cet e-mail.',
    library: 'Bibliothèque de chats', home: 'Vos chats', emptyHome: 'Rapatriez vos conversations',
    imported: `${fixture.length} chats importés.`, count: `${fixture.length} chats dans votre bibliothèque`,
    search: 'Rechercher des chats', noMatch: 'Aucun chat ne correspond à « zzzz ».', clear: 'Effacer la recherche',
    share: 'Partager', menu: ['Partager', 'Renommer', 'Épingler', 'Archiver', 'Exporter en JSON', 'Exporter en Markdown', 'Supprimer'],
    settings: 'Paramètres', profile: 'Profil', language: 'Langue', passwordSection: 'Mot de passe', sessions: 'Où vous êtes connecté', apiKeys: "Clés d'API", keyName: 'Nom de la clé', createKey: 'Créer une clé',
    newKey: 'Copiez votre nouvelle clé maintenant', created: /créée le \d/, neverUsed: 'jamais utilisée', saveLanguage: 'Enregistrer la langue',
    languageSaved: 'Langue enregistrée.', signOut: 'Se déconnecter', signInHeading: 'Content de vous revoir', signIn: 'Se connecter',
    wrong: "L'e-mail ou le mot de passe est incorrect.", emailRequired: 'Ne peut pas être vide.', messages: /^\d+ messages?$/,
  },
  es: {
    signUpHeading: 'Crea tu cuenta', name: 'Nombre', email: 'Correo electrónico', password: 'Contraseña', signUp: 'Crear cuenta',
    tooShort: 'Debe tener al menos 8 caracteres.', badEmail: 'Escribe una dirección de correo electrónico válida.', taken: 'Ya existe una cuenta con este correo electrónico.',
    library: 'Biblioteca de chats', home: 'Tus chats', emptyHome: 'Trae tus conversaciones a casa',
    imported: `Se importaron ${fixture.length} chats.`, count: `${fixture.length} chats en tu biblioteca`,
    search: 'Buscar chats', noMatch: 'Ningún chat coincide con «zzzz».', clear: 'Borrar búsqueda',
    share: 'Compartir', menu: ['Compartir', 'Cambiar nombre', 'Fijar', 'Archivar', 'Exportar como JSON', 'Exportar como Markdown', 'Eliminar'],
    settings: 'Configuración', profile: 'Perfil', language: 'Idioma', passwordSection: 'Contraseña', sessions: 'Dónde has iniciado sesión', apiKeys: 'Claves de API', keyName: 'Nombre de la clave', createKey: 'Crear clave',
    newKey: 'Copia tu nueva clave ahora', created: /creada el \d/, neverUsed: 'nunca usada', saveLanguage: 'Guardar idioma',
    languageSaved: 'Idioma guardado.', signOut: 'Cerrar sesión', signInHeading: 'Hola de nuevo', signIn: 'Iniciar sesión',
    wrong: 'El correo electrónico o la contraseña no son correctos.', emailRequired: 'No puede estar vacío.', messages: /^\d+ mensajes?$/,
  },
} as const;
type Lang = keyof typeof WORDS;

/** Signs up through the page in `lang`, meeting its errors beside their fields on the way. */
async function signUpIn(page: Page, lang: Lang, email = uniqueEmail(`i18n-${lang}`)): Promise<string> {
  const w = WORDS[lang];
  await page.goto('/auth/signup');
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(w.signUpHeading);
  await page.getByLabel(w.name).fill('Camille');
  // The browser's own checks would stop these before the server sees them: this is what the server answers.
  await page.locator('form.stack').evaluate((f: HTMLFormElement) => { f.noValidate = true; });
  await page.getByLabel(w.email).fill('not an address');
  await page.getByLabel(w.password).fill('short');
  await page.getByRole('button', { name: w.signUp }).click();
  await expect(page.locator('#email-error')).toHaveText(w.badEmail);
  await expect(page.getByLabel(w.email)).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel(w.email)).toHaveAttribute('aria-describedby', 'email-error');
  await page.locator('form.stack').evaluate((f: HTMLFormElement) => { f.noValidate = true; });
  await page.getByLabel(w.email).fill(email);
  await page.getByLabel(w.password).fill('short');
  await page.getByRole('button', { name: w.signUp }).click();
  // Beside the password field, in plain words: never "password: ..." or zod's English.
  await expect(page.locator('#password-error')).toHaveText(w.tooShort);
  await expect(page.getByLabel(w.password)).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.field', { has: page.getByLabel(w.password) }).locator('.field-error')).toHaveText(w.tooShort);
  await expect(page.getByLabel(w.name)).toHaveValue('Camille'); // what was typed stays
  await page.getByLabel(w.password).fill(PASSWORD);
  await page.getByRole('button', { name: w.signUp }).click();
  await expect(page.getByRole('complementary', { name: w.library })).toBeVisible();
  return email;
}

/** Signs out, then signs in: a wrong password first, its error beside the field in `lang`. */
async function signInAgain(page: Page, lang: Lang, email: string): Promise<void> {
  const w = WORDS[lang];
  await page.getByRole('button', { name: w.signOut }).click();
  await expect(page).toHaveURL(/\/auth\/signin/);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(w.signInHeading);
  await page.locator('form.stack').evaluate((f: HTMLFormElement) => { f.noValidate = true; });
  await page.getByRole('button', { name: w.signIn }).click();
  await expect(page.locator('#email-error')).toHaveText(w.emailRequired);
  await page.getByLabel(w.email).fill(email);
  await page.getByLabel(w.password).fill('wrong password');
  await page.getByRole('button', { name: w.signIn }).click();
  await expect(page.locator('#password-error')).toHaveText(w.wrong);
  await expect(page.getByLabel(w.password)).toHaveAttribute('aria-describedby', 'password-error');
  await expect(page.getByLabel(w.password)).toBeFocused();
  await expect(page.getByLabel(w.email)).toHaveValue(email);
  await page.getByLabel(w.password).fill(PASSWORD);
  await page.getByRole('button', { name: w.signIn }).click();
  await expect(page.getByRole('complementary', { name: w.library })).toBeVisible();
}

/** The library in `lang`: the empty home, an import, a chat, the sidebar menu, a search with no match. */
async function walkLibrary(page: Page, lang: Lang): Promise<void> {
  const w = WORDS[lang];
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(w.home);
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(w.emptyHome);
  // Every app an export is read from is named, where a new person looks first (only Open WebUI and ChatGPT were, so a
  // Claude, Grok or Gemini user read that their chats could not come in).
  for (const app of ['Open WebUI', 'ChatGPT', 'Claude', 'Grok', 'Gemini']) {
    await expect(page.locator('section.empty p.muted').first()).toContainText(app);
    await expect(page.locator('.list-empty.muted')).toContainText(app);
  }
  await page.locator('input[data-import]').setInputFiles('tests/fixtures/openwebui-export.json');
  await expect(page.locator('[data-toast]')).toHaveText(w.imported);
  await expect(page.getByRole('button', { name: w.share, exact: true })).toBeVisible();
  await expect(page.locator('.meta-line span').nth(1)).toHaveText(w.messages);
  const row = page.locator('.chat-list li', { hasText: fixture[1]!.title });
  await row.hover();
  await row.locator('[data-chat-menu]').click();
  await expect(page.getByRole('menu').getByRole('menuitem')).toHaveText([...w.menu]);
  await page.keyboard.press('Escape');
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(w.count);
  // A search with no match, as typed (script) and as submitted (the server's filter).
  const search = page.getByRole('searchbox', { name: w.search });
  await search.fill('zzzz');
  await expect(page.locator('[data-no-match]')).toBeVisible();
  await expect(page.locator('[data-no-match-text]')).toHaveText(w.noMatch);
  await page.goto('/?q=zzzz');
  await expect(page.locator('[data-no-match-text]')).toHaveText(w.noMatch);
  await expect(page.getByRole('link', { name: w.clear })).toBeVisible();
}

/** Settings in `lang`: the headings, a new key and its dates in words of that language. */
async function walkSettings(page: Page, lang: Lang): Promise<void> {
  const w = WORDS[lang];
  await page.goto('/settings');
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(w.settings);
  await expect(page.getByRole('heading', { level: 2 })).toHaveText([w.profile, w.language, w.passwordSection, w.sessions, w.apiKeys]);
  await page.getByLabel(w.keyName).fill('Laptop');
  await page.getByRole('button', { name: w.createKey }).click();
  await expect(page.locator('[data-new-key]')).toContainText(w.newKey);
  await expect(page.locator('.api-key-list')).toContainText(w.created);
  await expect(page.locator('.api-key-list')).toContainText(w.neverUsed);
}

for (const lang of ['fr', 'es'] as const) {
  test.describe(`${lang} from the browser's Accept-Language`, () => {
    test.use({ locale: lang === 'fr' ? 'fr-FR' : 'es-ES' });

    test(`sign up, the library, settings, sign in again: all in ${lang}`, async ({ page }) => {
      const email = await signUpIn(page, lang);
      await walkLibrary(page, lang);
      await walkSettings(page, lang);
      await signInAgain(page, lang, email);
      // The same address again: refused beside the email field, in this language.
      await page.getByRole('button', { name: WORDS[lang].signOut }).click();
      await page.goto('/auth/signup');
      await page.getByLabel(WORDS[lang].email).fill(email);
      await page.getByLabel(WORDS[lang].password).fill(PASSWORD);
      await page.getByRole('button', { name: WORDS[lang].signUp }).click();
      await expect(page.locator('#email-error')).toHaveText(WORDS[lang].taken);
    });
  });
}

test.describe('fr: the not-found page', () => {
  test.use({ locale: 'fr-CA' });
  test('reads in French, and an address with markup in it stays text inside the sentence', async ({ page }) => {
    const answer = await page.goto('/a</code><link>evil</link>');
    expect(answer!.status()).toBe(404);
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page introuvable');
    await expect(page.locator('.sub')).toContainText("Il n'y a rien à l'adresse");
    await expect(page.locator('code.path')).toHaveText(/^\/a<\/code><link>evil<\/link>\/?$/);
    await expect(page.locator('.auth-card a')).toHaveCount(1); // only "Aller sur chatshare": no link made from the address
    await expect(page.getByRole('link', { name: 'Aller sur chatshare' })).toBeVisible();
  });
});

test('the Settings language choice applies on the redirect, and "my browser\'s language" follows the browser again', async ({ page }) => {
  // The context is English (en-US): the choice alone turns the pages French, then Spanish.
  await page.goto('/auth/signup');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByLabel('Name').fill('Chooser');
  await page.getByLabel('Email').fill(uniqueEmail('chooser'));
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.goto('/settings');
  await expect(page.locator('#locale')).toHaveValue('');
  await page.locator('#locale').selectOption('fr');
  await page.getByRole('button', { name: 'Save language' }).click();
  await expect(page).toHaveURL(/\/settings\?done=language$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('status').filter({ hasText: WORDS.fr.languageSaved })).toBeVisible();
  await expect(page.locator('#locale')).toHaveValue('fr');
  await walkLibrary(page, 'fr');
  await walkSettings(page, 'fr');

  await page.locator('#locale').selectOption('es');
  await page.getByRole('button', { name: WORDS.fr.saveLanguage }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page.getByRole('status').filter({ hasText: WORDS.es.languageSaved })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(WORDS.es.settings);
  // The choice is the account's: it holds in another English browser signed in to the same account, without the cookie.
  const state = await page.context().storageState();
  const other = await page.context().browser()!.newContext({ locale: 'en-US', storageState: { ...state, cookies: state.cookies.filter((c) => c.name !== 'cs_lang') } });
  const elsewhere = await other.newPage();
  await elsewhere.goto('/');
  await expect(elsewhere.locator('html')).toHaveAttribute('lang', 'es');
  await expect(elsewhere.getByRole('complementary', { name: WORDS.es.library })).toBeVisible();
  await other.close();

  await page.goto('/settings');
  await page.locator('#locale').selectOption('');
  await page.getByRole('button', { name: WORDS.es.saveLanguage }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('status').filter({ hasText: 'Language saved.' })).toBeVisible();
  await expect(page.locator('#locale')).toHaveValue('');
});

test('a language that is not on the list is refused beside the field, in the page\'s language, never a 500', async ({ page }) => {
  await page.goto('/auth/signup');
  await page.getByLabel('Name').fill('Hostile');
  await page.getByLabel('Email').fill(uniqueEmail('hostile'));
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.goto('/settings');
  await page.locator('#locale').selectOption('fr');
  await page.getByRole('button', { name: 'Save language' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await page.locator('#locale option[value="es"]').evaluate((o: HTMLOptionElement) => { o.value = 'de"><script>'; });
  await page.locator('#locale').selectOption({ index: 3 });
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/settings' && r.request().method() === 'POST');
  await page.getByRole('button', { name: WORDS.fr.saveLanguage }).click();
  expect((await answer).status()).toBe(422);
  await expect(page.locator('#locale-error')).toHaveText('Choisissez une langue dans la liste.');
  await expect(page.locator('#locale')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr'); // nothing changed
});

test('the footer switch turns the sign-in page Spanish, and a signed-in choice shows in Settings', async ({ page, browser }) => {
  const email = uniqueEmail('footer');
  await page.goto('/auth/signup');
  await page.getByLabel('Name').fill('Footer');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('complementary', { name: 'Chat library' })).toBeVisible();

  // Signed out, in an English browser: the switch on the sign-in page.
  const context = await browser.newContext({ locale: 'en-US' });
  const anon = await context.newPage();
  await anon.goto('/auth/signin');
  await expect(anon.locator('html')).toHaveAttribute('lang', 'en');
  await anon.locator('form[data-lang-switch] select').selectOption('es');
  await expect(anon.locator('html')).toHaveAttribute('lang', 'es');
  await expect(anon).toHaveURL(/\/auth\/signin$/);
  await expect(anon.getByRole('heading', { level: 1 })).toHaveText(WORDS.es.signInHeading);
  await anon.getByLabel(WORDS.es.email).fill(email);
  await anon.getByLabel(WORDS.es.password).fill('wrong password');
  await anon.getByRole('button', { name: WORDS.es.signIn }).click();
  await expect(anon.locator('#password-error')).toHaveText(WORDS.es.wrong);
  await anon.getByLabel(WORDS.es.password).fill(PASSWORD);
  await anon.getByRole('button', { name: WORDS.es.signIn }).click();
  await expect(anon.getByRole('complementary', { name: WORDS.es.library })).toBeVisible();
  await context.close();

  // Signed in: the sidebar's switch keeps the choice in the account, so Settings shows it.
  await page.locator('.sidebar form[data-lang-switch] select').selectOption('fr');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('complementary', { name: WORDS.fr.library })).toBeVisible();
  await page.goto('/settings');
  await expect(page.locator('#locale')).toHaveValue('fr');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(WORDS.fr.settings);
});

test('screenshots: sign-in, the library and settings in French and Spanish, desktop and phone, light and dark', async ({ browser }) => {
  test.skip(!SCREENSHOTS, 'pictures for a person to look at: taken with SCREENSHOTS=1, left out of CI for time (the layout checks live in the other tests)');
  fs.mkdirSync(screenshotDir, { recursive: true });
  for (const lang of ['fr', 'es'] as const) {
    const context = await browser.newContext({ locale: lang });
    const page = await context.newPage();
    const email = uniqueEmail(`shots-${lang}`);
    await page.goto('/auth/signup');
    await page.getByLabel(WORDS[lang].name).fill('Marie-Élisabeth de La Rochefoucauld');
    await page.getByLabel(WORDS[lang].email).fill(email);
    await page.getByLabel(WORDS[lang].password).fill(PASSWORD);
    await page.getByRole('button', { name: WORDS[lang].signUp }).click();
    for (const [width, height, device] of [[1280, 800, 'desktop'], [390, 844, 'phone']] as const) {
      await page.setViewportSize({ width, height });
      await shot(page, { path: `${screenshotDir}/i18n-${lang}-empty-${device}-light.png` });
    }
    await page.locator('input[data-import]').setInputFiles('tests/fixtures/openwebui-export.json');
    await expect(page.locator('[data-toast]')).toHaveText(WORDS[lang].imported);
    const chatPath = new URL(page.url()).pathname;
    await page.goto('/settings');
    await page.getByLabel(WORDS[lang].keyName).fill('Laptop');
    await page.getByRole('button', { name: WORDS[lang].createKey }).click();
    await expect(page.locator('[data-new-key]')).toBeVisible();
    const anon = await browser.newContext({ locale: lang });
    const signin = await anon.newPage();
    for (const [width, height, device] of [[1280, 800, 'desktop'], [390, 844, 'phone']] as const) {
      for (const scheme of schemes) {
        for (const p of [page, signin]) {
          await p.setViewportSize({ width, height });
          await p.emulateMedia({ colorScheme: scheme });
        }
        const snap = (p: Page, name: string, fullPage = false) => shot(p, { path: `${screenshotDir}/i18n-${lang}-${name}-${device}-${scheme}.png`, fullPage });
        await signin.goto('/auth/signin');
        await signin.getByLabel(WORDS[lang].email).fill(email);
        await signin.getByLabel(WORDS[lang].password).fill('wrong password');
        await signin.getByRole('button', { name: WORDS[lang].signIn }).click();
        await expect(signin.locator('#password-error')).toBeVisible();
        await snap(signin, 'signin');
        await page.goto('/');
        await snap(page, 'home');
        await page.goto(chatPath);
        await snap(page, 'chat');
        await page.goto('/?q=zzzz');
        await snap(page, 'nomatch');
        await page.goto('/settings');
        await snap(page, 'settings', true);
        // Nothing on these pages is wider than the window (French and Spanish run ~20% longer than English).
        for (const p of [page, signin]) {
          expect(await p.evaluate(() => document.documentElement.scrollWidth), `${lang} ${device} ${p.url()}`).toBeLessThanOrEqual(width);
        }
      }
    }
    await anon.close();
    await context.close();
  }
});
