// A share page read in French and in Spanish: the browser's language picks the frame's words, the footer switch
// changes it (and sticks), the password page and a revoked link speak the viewer's language. Screenshots for review.
import { expect, test, type Browser } from '@playwright/test';
import { PASSWORD, screenshotDir, uniqueEmail, shot } from './helpers';

const chat = {
  title: 'Planning a trip to Lisbon',
  history: {
    currentId: 'a2',
    messages: {
      q1: { id: 'q1', parentId: null, childrenIds: ['a1'], role: 'user', content: 'Plan three days in **Lisbon** for me.', timestamp: 1_779_000_000 },
      a1: { id: 'a1', parentId: 'q1', childrenIds: ['q2'], role: 'assistant', model: 'llama3', content: '## Day 1\nAlfama, then the castle.\n\n```js\nconst days = ["Alfama", "Belém", "Sintra"];\n```', timestamp: 1_779_000_060 },
      q2: { id: 'q2', parentId: 'a1', childrenIds: ['a2'], role: 'user', content: 'And where to eat?', timestamp: 1_779_000_120 },
      a2: { id: 'a2', parentId: 'q2', childrenIds: [], role: 'assistant', model: 'llama3', content: 'Try a *tasca* in Mouraria.', timestamp: 1_779_000_180 },
    },
  },
};

/** An owner publishes two links through the API: an open snapshot and a password-protected one. */
async function publish(baseURL: string): Promise<{ open: string; locked: string; token: string; chatId: string }> {
  const post = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(baseURL + path, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    expect(res.status, path).toBe(200);
    return res.json() as Promise<Record<string, string>>;
  };
  const { token } = await post('/api/v1/auths/signup', { email: uniqueEmail('viewer-i18n'), password: PASSWORD, name: 'Ana' });
  const chatId = (await post('/api/v1/chats/new', { chat }, token)).id!;
  const open = (await post(`/api/v1/chats/${chatId}/share`, {}, token)).share_id!;
  const other = (await post('/api/v1/chats/new', { chat }, token)).id!;
  const locked = (await post(`/api/v1/chats/${other}/share`, { password: 'opensesame' }, token)).share_id!;
  return { open, locked, token: token!, chatId };
}

const contextIn = (browser: Browser, locale: string, extra: Parameters<Browser['newContext']>[0] = {}) =>
  browser.newContext({ locale, extraHTTPHeaders: { 'accept-language': locale }, ...extra });

test('a share page in French follows the browser, switches to Spanish from the footer, and keeps it', async ({ browser, baseURL }) => {
  const { open } = await publish(baseURL!);
  const context = await contextIn(browser, 'fr-FR');
  const page = await context.newPage();
  await page.goto(`/s/${open}`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.locator('.vmeta .badge')).toHaveText('Instantané');
  await expect(page.locator('[data-count]')).toHaveText('4 messages');
  await expect(page.locator('.msg-user .msg-who').first()).toHaveText('Utilisateur');
  await expect(page.locator('[data-date]')).toHaveText(/^\d{1,2} mai 2026$/);
  await expect(page.getByRole('button', { name: 'Copier', exact: true }).first()).toBeVisible();
  await expect(page.locator('.vfoot')).toContainText('Une copie en lecture seule de la conversation.');
  // The switch applies on change (its button is only for pages without script).
  await expect(page.locator('[data-lang-apply]')).toBeHidden();
  await page.getByRole('combobox', { name: 'Langue' }).selectOption('es');
  await expect(page).toHaveURL(new RegExp(`/s/${open}$`));
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page.locator('.vmeta .badge')).toHaveText('Instantánea');
  await expect(page.locator('[data-count]')).toHaveText('4 mensajes');
  await expect(page.locator('[data-date]')).toHaveText(/^\d{1,2} de mayo de 2026$/);
  // Copying a code block answers in Spanish too (viewer.js reads the page's words).
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await expect(page.locator('.codeblock .copy').first()).toHaveText('Copiar');
  await page.locator('.codeblock .copy').first().click();
  await expect(page.locator('.codeblock .copy').first()).toHaveText('Copiado');
  // The choice sticks over the browser's language on the next visit.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await context.close();
});

test('the password page and a missing link speak the viewer\'s language', async ({ browser, baseURL }) => {
  const { locked } = await publish(baseURL!);
  const context = await contextIn(browser, 'es-ES');
  const page = await context.newPage();
  await page.goto(`/s/${locked}`);
  await expect(page.getByRole('heading', { name: 'Este chat está protegido' })).toBeVisible();
  await expect(page.getByLabel('Contraseña')).toBeFocused();
  await page.getByLabel('Contraseña').fill('wrong-guess');
  await page.getByRole('button', { name: 'Ver chat' }).click();
  await expect(page.getByRole('alert')).toHaveText('Contraseña incorrecta.');
  await page.getByLabel('Contraseña').fill('opensesame');
  await page.getByRole('button', { name: 'Ver chat' }).click();
  await expect(page.locator('.vmeta .badge')).toHaveText('Instantánea');

  await page.goto('/s/this-link-does-not-exist');
  await expect(page.getByRole('heading', { name: 'Enlace no encontrado' })).toBeVisible();
  await expect(page.locator('.notice-text')).toContainText('¡Vaya! El enlace compartido');
  await context.close();
});

for (const [locale, scheme, width, height] of [['fr-FR', 'light', 1280, 800], ['fr-FR', 'dark', 390, 844], ['es-ES', 'dark', 1280, 800], ['es-ES', 'light', 390, 844]] as const) {
  test(`share page screenshot: ${locale}, ${scheme}, ${width}px`, async ({ browser, baseURL }) => {
    const { open, locked } = await publish(baseURL!);
    const context = await contextIn(browser, locale, { colorScheme: scheme, viewport: { width, height } });
    const page = await context.newPage();
    await page.goto(`/s/${open}`);
    await expect(page.locator('.vmeta .badge')).toBeVisible();
    // Nothing wider than the window (long French and Spanish words included).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await shot(page, { path: `${screenshotDir}/viewer-${locale}-${scheme}-${width}.png`, fullPage: true });
    await page.goto(`/s/${locked}`);
    await shot(page, { path: `${screenshotDir}/password-${locale}-${scheme}-${width}.png` });
    await context.close();
  });
}
