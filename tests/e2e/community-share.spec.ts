// Share to Open WebUI Community against a stand-in community site on a second loopback port: the upload page gets
// the chat and its models exactly once, a 'loaded' from a third origin gets nothing, and the button is hidden when off.
import { test, expect, type Browser } from '@playwright/test';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { importFixture, signUp } from './helpers';
import { startServer, type TestServer } from '../helpers/server';

const BRANCHED = 'Deduplicating a list in Python while keeping order';

/**
 * The stand-in community site. /chats/upload embeds a frame from the foreign origin that posts 'loaded' to our app
 * first; only after it has done so does the upload page post its own 'loaded' (twice, to test once-only). Both pages
 * log every message they receive into a <pre>, the upload page tagging messages that came before its own 'loaded'.
 */
function site(foreignOrigin: () => string) {
  const js = {
    '/upload.js': `
      const log = document.getElementById('log');
      let mine = false;
      addEventListener('message', (e) => {
        if (e.data === 'foreign-sent') {
          setTimeout(() => { mine = true; window.opener.postMessage('loaded', '*'); window.opener.postMessage('loaded', '*'); }, 500);
          return;
        }
        log.textContent += JSON.stringify({ origin: e.origin, data: e.data, early: !mine }) + '\\n';
      });
      const f = document.createElement('iframe');
      f.src = ${JSON.stringify(`${'${FOREIGN}'}/foreign.html`)}.replace('\${FOREIGN}', document.body.dataset.foreign);
      document.body.append(f);`,
    '/foreign.js': `
      const log = document.getElementById('log');
      addEventListener('message', (e) => { log.textContent += JSON.stringify({ origin: e.origin, data: e.data }) + '\\n'; });
      window.top.opener.postMessage('loaded', '*');
      parent.postMessage('foreign-sent', '*');`,
  } as Record<string, string>;
  return http.createServer((req, res) => {
    const url = req.url ?? '/';
    const csp = "default-src 'self'; script-src 'self'; frame-src *";
    if (url === '/chats/upload' || url === '/foreign.html') {
      const script = url === '/foreign.html' ? '/foreign.js' : '/upload.js';
      res.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': csp });
      res.end(`<!doctype html><title>stand-in</title><body data-foreign="${foreignOrigin()}"><pre id="log"></pre><script src="${script}" defer></script></body>`);
    } else if (js[url]) {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(js[url]);
    } else { res.writeHead(404); res.end(); }
  });
}

async function listen(srv: http.Server): Promise<string> {
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
}

let community: http.Server, foreign: http.Server, communityOrigin = '', foreignOrigin = '';
let app: TestServer, appOff: TestServer;

test.beforeAll(async () => {
  community = site(() => foreignOrigin);
  foreign = site(() => foreignOrigin);
  communityOrigin = await listen(community);
  foreignOrigin = await listen(foreign);
  [app, appOff] = await Promise.all([
    startServer({ COMMUNITY_SHARING_URL: communityOrigin, ENABLE_COMMUNITY_SHARING: 'true' }),
    startServer({ COMMUNITY_SHARING_URL: communityOrigin, ENABLE_COMMUNITY_SHARING: 'false' }),
  ]);
});
test.afterAll(async () => {
  await Promise.all([app?.stop(), appOff?.stop()]);
  community?.close();
  foreign?.close();
});

async function ownerOnChat(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ baseURL, locale: 'en-US' });
  const page = await context.newPage();
  await signUp(page, 'Cora Community');
  await importFixture(page, 'openwebui-export.json');
  await page.locator('.chat-list a', { hasText: BRANCHED }).click();
  await expect(page.locator('h1')).toHaveText(BRANCHED);
  await page.waitForLoadState('load');
  await page.getByRole('button', { name: /^(Share|Shared)$/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Share Chat' });
  await expect(dialog).toBeVisible();
  return { context, page, dialog, chatId: page.url().split('/c/')[1]!.split(/[?#]/)[0]! };
}

test('the upload page gets {chat, models} once, from the right origin; a foreign loaded gets nothing', async ({ browser }) => {
  const { context, page, dialog, chatId } = await ownerOnChat(browser, app.url);
  const popupOpened = context.waitForEvent('page');
  await dialog.getByRole('button', { name: 'Share to Open WebUI Community' }).click();
  const popup = await popupOpened;
  expect(popup.url()).toBe(`${communityOrigin}/chats/upload`);

  const log = popup.locator('#log');
  await expect(log).not.toBeEmpty();
  await page.waitForTimeout(1000); // room for a second (wrong) message to arrive
  const lines = (await log.textContent())!.trim().split('\n').map((l) => JSON.parse(l));
  // Exactly one message: none in answer to the foreign frame's 'loaded' (early), one for the page's two 'loaded's.
  expect(lines).toHaveLength(1);
  expect(lines[0].early).toBe(false);
  expect(lines[0].origin).toBe(app.url);
  const payload = JSON.parse(lines[0].data);
  expect(Object.keys(payload).sort()).toEqual(['chat', 'models']);
  expect(payload.chat.id).toBe(chatId);
  expect(payload.chat.title).toBe(BRANCHED);
  expect(Object.keys(payload.chat.chat.history.messages).length).toBeGreaterThan(0);
  expect(payload.models).toEqual(['llama3.1:8b']);
  // The foreign frame did post its 'loaded' (it is what let the page go on), and it never received anything.
  await expect(popup.frameLocator('iframe').locator('#log')).toBeAttached();
  expect(await popup.frameLocator('iframe').locator('#log').textContent()).toBe('');
  await context.close();
});

test('the button is hidden when community sharing is off', async ({ browser }) => {
  const { context, dialog } = await ownerOnChat(browser, appOff.url);
  await expect(dialog.getByRole('button', { name: 'Create Link' })).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Share to Open WebUI Community' })).toHaveCount(0);
  await context.close();
});
