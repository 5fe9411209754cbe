// Share a part (issue 17.4) as an owner does it in the Share Chat dialog: "this prompt and response" in two choices, then
// a range; a stranger sees only that part; a range whose first is after its last is refused beside the field; the part
// is there when the dialog is reopened; and the same in Spanish.
import { test, expect, type Browser, type Page } from '@playwright/test';
import { PASSWORD, uniqueEmail, screenshotDir, shot, schemes } from './helpers';

const MARK = 'OUTSIDE-PART';
const chatBody = (title: string, lang: 'en' | 'es' = 'en') => ({ chat: { title, models: ['gpt-4o'], history: { currentId: 'a3', messages: {
  q1: { id: 'q1', parentId: null, childrenIds: ['a1'], role: 'user', content: `${lang === 'es' ? 'Saludo' : 'Greeting'} ${MARK}` },
  a1: { id: 'a1', parentId: 'q1', childrenIds: ['q2'], role: 'assistant', content: `Hello ${MARK}`, model: 'gpt-4o' },
  q2: { id: 'q2', parentId: 'a1', childrenIds: ['a2'], role: 'user', content: lang === 'es' ? '¿Cómo funcionan las mareas?' : 'How do tides work?' },
  a2: { id: 'a2', parentId: 'q2', childrenIds: ['q3'], role: 'assistant', content: lang === 'es' ? 'La luna atrae los océanos.' : 'The moon pulls the oceans.', model: 'gpt-4o' },
  q3: { id: 'q3', parentId: 'a2', childrenIds: ['a3'], role: 'user', content: 'And the sun?' },
  a3: { id: 'a3', parentId: 'q3', childrenIds: [], role: 'assistant', content: `The sun too ${MARK}`, model: 'gpt-4o' },
} } } });

/** An owner signed up through the API with one chat, on its page; returns the chat's id. */
async function ownerOnChat(page: Page, title: string, lang: 'en' | 'es' = 'en'): Promise<string> {
  await page.goto('/healthz');
  const res = await page.request.post('/api/v1/auths/signup', { data: { name: 'Pat Part', email: uniqueEmail('part'), password: PASSWORD } });
  expect(res.ok(), await res.text()).toBe(true);
  const id = (await (await page.request.post('/api/v1/chats/new', { data: chatBody(title, lang) })).json()).id as string;
  await page.goto(`/c/${id}`);
  await page.waitForLoadState('load');
  return id;
}

async function strangerSees(browser: Browser, url: string): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  const text = await page.locator('main').innerText();
  await context.close();
  return text;
}

test('the owner shares "this prompt and response", then a range; a stranger sees only that part', async ({ page, browser }) => {
  const title = `Tides ${Date.now().toString(36)}`;
  await ownerOnChat(page, title);
  await page.getByRole('button', { name: /^(Share|Shared)$/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Share Chat' });
  await expect(dialog).toBeVisible();

  // Today's behaviour is the default: the whole conversation as shown.
  const mode = dialog.getByLabel('What to share', { exact: true });
  await expect(mode).toHaveValue('whole');
  await expect(dialog.getByLabel('First message')).toBeHidden();

  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
    await shot(page, { path: `${screenshotDir}/share-part-new-${width}-light.png` });
  }
  // In the dialog, "One prompt and its response" offers prompts only.
  await mode.selectOption({ label: 'One prompt and its response' });
  const prompt = dialog.getByLabel('Prompt', { exact: true });
  await expect(prompt).toBeVisible();
  await expect(prompt.locator('option:not([hidden])')).toHaveText(['1. You: Greeting OUTSIDE-PART', '3. You: How do tides work?', '5. You: And the sun?']);
  await dialog.locator('[data-cancel]').click();
  // One click on a prompt's own button: Share Chat opens with that prompt and its response chosen.
  const question = page.locator('#conversation article.msg').nth(2);
  await question.hover();
  await shot(page, { path: `${screenshotDir}/share-part-prompt-button-1280-light.png` });
  await question.getByRole('button', { name: 'Share this prompt and response' }).click();
  await expect(dialog).toBeVisible();
  await expect(mode).toHaveValue('pair');
  await expect(prompt).toHaveValue('q2');
  await expect(prompt).toBeFocused();
  await dialog.getByRole('button', { name: 'Create link' }).click();
  await expect(dialog.locator('[data-notice]')).toContainText('Link created');
  const url = await dialog.locator('[data-share-url]').inputValue();

  for (const width of [390, 1280]) {
    for (const colorScheme of schemes) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
      await page.emulateMedia({ colorScheme });
      await dialog.locator('[data-part-group]').scrollIntoViewIfNeeded();
      await shot(page, { path: `${screenshotDir}/share-part-dialog-${width}-${colorScheme}.png` });
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  let seen = await strangerSees(browser, url);
  expect(seen).toContain('How do tides work?');
  expect(seen).toContain('The moon pulls the oceans.');
  expect(seen).not.toContain(MARK);
  expect(seen).not.toContain('And the sun?');

  // A range whose first comes after its last is refused beside the field, in plain words; nothing changes.
  await mode.selectOption('range');
  await dialog.getByLabel('First message').selectOption({ label: '4. gpt-4o: The moon pulls the oceans.' });
  const last = dialog.getByLabel('Last message');
  await last.selectOption({ label: '2. gpt-4o: Hello OUTSIDE-PART' });
  await dialog.getByRole('button', { name: 'Update Link Settings' }).click();
  const lastError = last.locator('xpath=ancestor::div[contains(@class,"sd-field")][1]').locator('.sd-error');
  await expect(lastError).toHaveText('The last message comes before the first one. Pick a later one.');
  await expect(last).toBeFocused();

  // The range 3..5: the stranger's page follows once saved (a snapshot renders again).
  await dialog.getByLabel('First message').selectOption({ label: '3. You: How do tides work?' });
  await last.selectOption({ label: '5. You: And the sun?' });
  await dialog.getByRole('button', { name: 'Update Link Settings' }).click();
  await expect(dialog.locator('[data-notice]')).toContainText('saved');
  await expect(lastError).toBeHidden();
  seen = await strangerSees(browser, url);
  expect(seen).toContain('And the sun?');
  expect(seen).not.toContain(MARK);

  // Reopened after a reload, the dialog shows the saved part.
  await page.reload();
  await page.waitForLoadState('load');
  await page.getByRole('button', { name: /^(Share|Shared)$/ }).click();
  await expect(mode).toHaveValue('range');
  await expect(dialog.getByLabel('First message')).toHaveValue('q2');
  await expect(last).toHaveValue('q3');
});

test('es: "una pregunta y su respuesta" in Spanish, and the stranger sees only it', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'es-ES', extraHTTPHeaders: { 'Accept-Language': 'es-ES,es;q=0.9' } });
  const page = await context.newPage();
  await ownerOnChat(page, `Mareas ${Date.now().toString(36)}`, 'es');
  await page.getByRole('button', { name: /^(Compartir|Compartido)$/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Compartir chat' });
  await expect(dialog.getByLabel('Qué compartir', { exact: true })).toHaveValue('whole');
  await dialog.getByLabel('Qué compartir', { exact: true }).selectOption({ label: 'Una pregunta y su respuesta' });
  await dialog.getByLabel('Pregunta', { exact: true }).selectOption({ label: '3. Tú: ¿Cómo funcionan las mareas?' });
  await expect(dialog.getByText('Solo estos mensajes llegan a la página')).toBeVisible();
  // A range backwards is refused in Spanish, beside the field.
  await dialog.getByLabel('Qué compartir', { exact: true }).selectOption('range');
  await dialog.getByLabel('Primer mensaje').selectOption('a2');
  await dialog.getByLabel('Último mensaje').selectOption('a1');
  await dialog.getByRole('button', { name: 'Crear enlace' }).click();
  await expect(dialog.locator('[data-error-for="last_message_id"]')).toHaveText('El último mensaje va antes que el primero. Elige uno posterior.');
  await dialog.getByLabel('Qué compartir', { exact: true }).selectOption({ label: 'Una pregunta y su respuesta' });
  await dialog.getByLabel('Pregunta', { exact: true }).selectOption('q2');
  await dialog.getByRole('button', { name: 'Crear enlace' }).click();
  await expect(dialog.locator('[data-share-url]')).toHaveValue(/\/s\//);
  const seen = await strangerSees(browser, await dialog.locator('[data-share-url]').inputValue());
  expect(seen).toContain('La luna atrae los océanos.');
  expect(seen).not.toContain(MARK);
  await context.close();
});

test('fr: one click on a prompt\'s "Partager cette question et sa réponse"; the stranger sees only it', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'fr-FR', extraHTTPHeaders: { 'Accept-Language': 'fr-FR,fr;q=0.9' } });
  const page = await context.newPage();
  await ownerOnChat(page, `Marées ${Date.now().toString(36)}`);
  const question = page.locator('#conversation article.msg').nth(2);
  await question.hover();
  await question.getByRole('button', { name: 'Partager cette question et sa réponse' }).click();
  const dialog = page.getByRole('dialog', { name: 'Partager le chat' });
  await expect(dialog.getByLabel('Quoi partager', { exact: true })).toHaveValue('pair');
  await expect(dialog.getByLabel('Question', { exact: true })).toHaveValue('q2');
  await dialog.getByRole('button', { name: 'Créer le lien' }).click();
  await expect(dialog.locator('[data-share-url]')).toHaveValue(/\/s\//);
  const seen = await strangerSees(browser, await dialog.locator('[data-share-url]').inputValue());
  expect(seen).toContain('How do tides work?');
  expect(seen).toContain('The moon pulls the oceans.');
  expect(seen).not.toContain(MARK);
  await context.close();
});

test('"All branches": a stranger clicks › on the shared page and reads the other regeneration', async ({ page, browser }) => {
  const title = `Branches ${Date.now().toString(36)}`;
  await page.goto('/healthz');
  const res = await page.request.post('/api/v1/auths/signup', { data: { name: 'Pat Branch', email: uniqueEmail('branch'), password: PASSWORD } });
  expect(res.ok(), await res.text()).toBe(true);
  // a1 is shown; a1b, a newer regeneration beside it, is the one a stranger switches to.
  const id = (await (await page.request.post('/api/v1/chats/new', { data: { chat: { title, models: ['gpt-4o'], history: { currentId: 'a1', messages: {
    q1: { id: 'q1', parentId: null, childrenIds: ['a1', 'a1b'], role: 'user', content: 'Name a blue fruit.' },
    a1: { id: 'a1', parentId: 'q1', childrenIds: [], role: 'assistant', content: 'A blueberry.', model: 'gpt-4o' },
    a1b: { id: 'a1b', parentId: 'q1', childrenIds: [], role: 'assistant', content: `A bilberry ${MARK}, ask bil.berry@example.org`, model: 'gpt-4o' },
  } } } } })).json()).id as string;
  await page.goto(`/c/${id}`);
  await page.getByRole('button', { name: /^(Share|Shared)$/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Share Chat' });
  const all = dialog.getByRole('switch', { name: /All branches/ });
  await expect(all).not.toBeChecked();
  // The scan lists the address in the other regeneration as soon as the box is ticked, before anything is published.
  const scan = dialog.locator('[data-scan]');
  await expect(scan).toBeHidden();
  await all.check();
  await expect(scan.locator('[data-scan-summary]')).toHaveText('1 e-mail address in what you share');
  await all.uncheck();
  await expect(scan).toBeHidden();
  await all.check();
  await expect(scan).toBeVisible();
  for (const [width, height] of [[390, 844], [1280, 900]] as const) {
    await page.setViewportSize({ width, height });
    await all.scrollIntoViewIfNeeded();
    await shot(page, { path: `${screenshotDir}/share-branches-switch-${width}-light.png` });
  }
  await dialog.getByRole('button', { name: 'Create link' }).click();
  await expect(dialog.locator('[data-notice]')).toContainText('Link created');
  const url = await dialog.locator('[data-share-url]').inputValue();

  const context = await browser.newContext({ javaScriptEnabled: false }); // the switcher is plain links
  const stranger = await context.newPage();
  await stranger.goto(url);
  await expect(stranger.locator('main')).toContainText('A blueberry.');
  await expect(stranger.locator('main')).not.toContainText(MARK);
  const nav = stranger.getByRole('navigation', { name: 'Response 1 of 2' });
  await expect(nav).toContainText('1/2');
  await nav.getByRole('link', { name: 'Next response' }).click();
  await expect(stranger).toHaveURL(/\?b=a1b#m-a1b$/);
  await expect(stranger.locator('main')).toContainText(`A bilberry ${MARK}`);
  await expect(stranger.locator('main')).not.toContainText('A blueberry.');
  await expect(stranger.getByRole('navigation', { name: 'Response 2 of 2' })).toContainText('2/2');
  for (const width of [390, 1280]) {
    for (const colorScheme of schemes) {
      await stranger.setViewportSize({ width, height: width === 390 ? 844 : 800 });
      await stranger.emulateMedia({ colorScheme });
      await shot(stranger, { path: `${screenshotDir}/share-branches-other-${width}-${colorScheme}.png` });
    }
  }
  await stranger.getByRole('link', { name: 'Back to the branch shared' }).click();
  await expect(stranger.locator('main')).toContainText('A blueberry.');
  await context.close();
});
