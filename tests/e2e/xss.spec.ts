// Chat content is hostile: a chat full of XSS payloads (messages, title, model names, system prompt, params, message
// ids, the owner's name) is opened by its owner, as a snapshot share signed out and signed in, and as a live share
// through a live poll. Nothing may run, and the sanitizer (the first wall; CSP is the second) must leave no handler,
// script or scriptable URL in the page.
import { test, expect, type Page, type Browser } from '@playwright/test';
import fs from 'node:fs';
import { freshContext, screenshotDir, signUp, shot } from './helpers';

// Each payload, if it ran, sets window.__xssFired and calls the exposed window.__xss with its number.
const X = (n: number) => `__xssFired=${n};__xss(${n})`;

/** The message corpus; payload k of a corpus based at b carries the number b + k + 1. */
const PAYLOADS: Array<[string, (n: number) => string]> = [
  ['script tag', (n) => `<script>${X(n)}</script>`],
  ['img onerror', (n) => `<img src=x onerror="${X(n)}">`],
  ['svg onload', (n) => `<svg onload="${X(n)}"><circle r="5"/></svg>`],
  ['markdown javascript: link', (n) => `[markdown javascript link](javascript:${X(n)})`],
  ['raw javascript: link', (n) => `<a href="javascript:${X(n)}">raw javascript link</a>`],
  ['markdown data: link', (n) => `[markdown data link](data:text/html;base64,${Buffer.from(`<script>parent.${X(n)}</script>`).toString('base64')})`],
  ['raw data: link', (n) => `<a href="data:text/html,<script>${X(n)}</script>">raw data link</a>`],
  ['iframe', (n) => `<iframe src="javascript:parent.${X(n)}"></iframe><iframe srcdoc="<script>parent.${X(n)}</script>"></iframe>`],
  ['style tag', (n) => `<style>body{display:none} *{background:url("javascript:${X(n)}")}</style>`],
  ['attribute breakout "><script>', (n) => `"><script>${X(n)}</script>`],
  ["attribute breakout '><img>", (n) => `'><img src=x onerror=${X(n)}>`],
  ['markdown link title', (n) => `[link with a hostile title](https://example.com/ "\\"><img src=x onerror=${X(n)}>")`],
  ['code fence language with quotes', (n) => `\`\`\`js" onmouseover="${X(n)}" x="\nconsole.log('a fence with a hostile language')\n\`\`\``],
  ['code fence language as a tag', (n) => `\`\`\`<img/src=x/onerror=${X(n)}>\ncode\n\`\`\``],
  ['mXSS noscript', (n) => `<noscript><p title="</noscript><img src=x onerror=${X(n)}>">`],
  ['mXSS math/mglyph/style', (n) => `<math><mtext><table><mglyph><style><img src=x onerror=${X(n)}>`],
  ['scheme split by an entity / mixed case', (n) => `<a href="jav&#x09;ascript:${X(n)}">entity-split scheme</a> <a href="  JaVaScRiPt:${X(n)}">mixed case</a>`],
  ['details ontoggle', (n) => `<details open ontoggle="${X(n)}"><summary>details with ontoggle</summary>x</details>`],
  ['input autofocus onfocus', (n) => `<input autofocus onfocus="${X(n)}">`],
  ['body onload', (n) => `<body onload="${X(n)}">`],
  ['object / embed', (n) => `<object data="javascript:${X(n)}"></object><embed src="javascript:${X(n)}">`],
  ['markdown image', (n) => `![markdown image](javascript:${X(n)}) ![x](x" onerror="${X(n)})`],
  ['form action / formaction', (n) => `<form action="javascript:${X(n)}"><button formaction="javascript:${X(n)}">go</button></form>`],
  ['link with handlers', (n) => `<a href="https://example.com/" onclick="${X(n)}" onmouseover="${X(n)}">link with handlers</a>`],
  ['svg xlink:href', (n) => `<svg><a xlink:href="javascript:${X(n)}"><text x="0" y="15">svg link</text></a></svg>`],
  ['base href', (n) => `<base href="javascript:${X(n)}//">`],
  ['meta refresh', (n) => `<meta http-equiv="refresh" content="0;url=javascript:${X(n)}">`],
  ['nested script tags', (n) => `<<script>script>${X(n)}<</script>/script>`],
  ['svg style', (n) => `<svg><style><img src=x onerror=${X(n)}></style></svg>`],
  ['template', (n) => `<template><img src=x onerror=${X(n)}></template>`],
  ['select/style mXSS', (n) => `<select><style></select><img src=x onerror=${X(n)}></style>`],
  ['comment breakout', (n) => `<!--><img src=x onerror=${X(n)}>-->`],
  ['style url', (n) => `<div style="background:url(javascript:${X(n)})">styled div</div>`],
  ['media onerror', (n) => `<video><source onerror="${X(n)}"></video><audio src=x onerror="${X(n)}"></audio>`],
  ['marquee onstart', (n) => `<marquee onstart="${X(n)}">marquee</marquee>`],
  ['forged code placeholder', () => '<p>@@cs-code-000000000000-0@@</p> @@cs-code-000000000000-0@@'],
  ['viewer template slots', (n) => `<!--cs:recipe--> data-cs-body <!--cs:head--><script>${X(n)}</script> <!--cs:owner-->`],
  ['autolinks', (n) => `<javascript:${X(n)}> www.example.com/"onmouseover="${X(n)}"`],
  ['inline code breakout', (n) => `\`</code><img src=x onerror=${X(n)}>\``],
  ['table cell', (n) => `| col |\n| --- |\n| <img src=x onerror=${X(n)}> |`],
  ['escaped entities stay text', (n) => `&lt;img src=x onerror=${X(n)}&gt;`],
  ['DOM clobbering', () => '<a id="__xssFired" name="__xssFired">DOM clobbering</a>'],
  ['alert', (n) => `<img src=x:x onerror=alert(${n})>`],
  ['navigation and title', (n) => `<img src=x onerror="location='/xss-navigated-${n}'"> <img src=x onerror="document.title='XSS ${n}'">`],
  ['code inside a javascript: link', (n) => `[\`code in link\`](javascript:${X(n)})`],
];
const TS = 1761000000;

/**
 * The corpus as a chain of messages after `parentId`, one payload each (an unclosed <style> or <math> must not hide the
 * payloads after it), roles alternating so both renderers (user: line breaks kept; assistant: plain) see every one.
 */
function corpusMessages(base: number, parentId: string, firstRole: 'user' | 'assistant') {
  const messages: Record<string, Record<string, unknown>> = {};
  let parent = parentId;
  PAYLOADS.forEach(([name, payload], k) => {
    const n = base + k + 1;
    const id = `p${n}`;
    const role = (k % 2 === 0) === (firstRole === 'user') ? 'user' : 'assistant';
    messages[id] = { id, parentId: parent, childrenIds: [], role, content: `**${n}.** \`${name}\`\n\n${payload(n)}`, timestamp: TS + n, ...(role === 'assistant' ? { model: 'llama3.1:8b' } : {}) };
    if (messages[parent]) (messages[parent]!.childrenIds as string[]).push(id);
    parent = id;
  });
  return { messages, first: `p${base + 1}`, last: parent };
}
const describePayload = (n: number) => {
  const [name] = PAYLOADS[(n - 1) % 100] ?? [];
  return n > 900 ? FIELD_PAYLOADS[n] ?? `field payload ${n}` : `${name ?? 'payload'} (#${n})`;
};

const FIELD_PAYLOADS: Record<number, string> = {
  901: 'title </title><script>', 902: 'title img onerror', 903: 'title svg onload', 904: 'message model', 905: 'message modelName',
  906: 'chat.models img', 907: 'chat.models script', 908: 'system prompt script', 909: 'system prompt img', 910: 'system prompt link',
  911: 'system prompt </pre>', 912: 'param value svg', 913: 'param key', 914: 'param value script', 915: 'nested param', 916: 'owner name',
  917: 'message id',
};
const TITLE = `Title </title><script>${X(901)}</script><img src=x onerror=${X(902)}> "'><svg onload=${X(903)}> <!--cs:owner--> data-cs-body`;
const OWNER_NAME = `<img src=x onerror=${X(916)}> Owen`;
const HOSTILE_ID = `"><img src=x onerror=${X(917)}>`;

function xssChat() {
  const a = corpusMessages(0, 'u2', 'user');
  const b = corpusMessages(100, HOSTILE_ID, 'assistant');
  const messages: Record<string, Record<string, unknown>> = {
    u1: { id: 'u1', parentId: null, childrenIds: [HOSTILE_ID, 'a2'], role: 'user', content: 'A question, then every payload in turn.', timestamp: TS },
    // Two answers to u1, so the owner's page renders the branch switcher with the hostile id in its links.
    [HOSTILE_ID]: {
      id: HOSTILE_ID, parentId: 'u1', childrenIds: [b.first], role: 'assistant', content: 'An answer from a model with a hostile name.', timestamp: TS + 1,
      model: `gpt"><img src=x onerror=${X(904)}>`, modelName: `</span><script>${X(905)}</script>`,
    },
    a2: { id: 'a2', parentId: 'u1', childrenIds: [], role: 'assistant', content: 'The other answer.', model: 'llama3.1:8b', timestamp: TS + 2 },
    ...b.messages,
  };
  (messages[b.last]!.childrenIds as string[]).push('u2');
  messages.u2 = { id: 'u2', parentId: b.last, childrenIds: [a.first], role: 'user', content: 'And in a normal sentence: <b>bold</b> and a [real link](https://example.com/).', timestamp: TS + 200 };
  Object.assign(messages, a.messages);
  return {
    title: TITLE,
    models: [`<img src=x onerror=${X(906)}>`, `model"><script>${X(907)}</script>`],
    system: `<script>${X(908)}</script> <img src=x onerror=${X(909)}> [system link](javascript:${X(910)}) </pre><img src=x onerror=${X(911)}>`,
    params: {
      temperature: `"><svg onload=${X(912)}>`,
      [`<img src=x onerror=${X(913)}>`]: `</code><script>${X(914)}</script>`,
      nested: { a: `</span><img src=x onerror=${X(915)}>` },
      top_p: 0.9,
    },
    history: { currentId: a.last, messages },
  };
}
/** Messages in the visible path of xssChat(): u1, the hostile-id answer, corpus 100, u2, corpus 0. */
const XSS_CHAT_MESSAGES = 3 + 2 * PAYLOADS.length;

interface Watch { fired: string[]; page: Page }

/** Every way a payload could show that it ran: the exposed function, a dialog, a navigation away. */
async function watch(page: Page, label: string): Promise<Watch> {
  const fired: string[] = [];
  await page.exposeFunction('__xss', (n: number) => { fired.push(`${label}: ${describePayload(Number(n))} ran`); });
  page.on('dialog', (d) => { fired.push(`${label}: a ${d.type()} opened: ${d.message()}`); void d.dismiss().catch(() => undefined); });
  page.on('framenavigated', (f) => { if (f === page.mainFrame() && /xss|javascript:|data:/i.test(f.url())) fired.push(`${label}: navigated to ${f.url()}`); });
  page.on('popup', (p) => fired.push(`${label}: a window opened: ${p.url()}`));
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`));
  });
  return { fired, page };
}

/** What the sanitizer must never leave: handlers anywhere, scripts or active elements in chat content, scriptable URLs. */
async function domProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const tagOf = (el: Element) => `<${el.tagName.toLowerCase()}${[...el.attributes].map((a) => ` ${a.name}="${a.value.slice(0, 50)}"`).join('')}>`;
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) {
        if (/^on/i.test(a.name)) problems.push(`handler attribute: ${tagOf(el)}`);
        if (/^(href|src|action|formaction|data|xlink:href|srcdoc|poster|background)$/i.test(a.name) && /^\s*(javascript|data|vbscript):/i.test(a.value.replace(/[\u0000-\u001f]/g, ''))) {
          if (!(el.tagName === 'IMG' && /^data:image\//.test(a.value))) problems.push(`scriptable URL: ${tagOf(el)}`);
        }
      }
    }
    for (const s of document.querySelectorAll('script')) {
      if ((s.textContent ?? '').includes('__xss') || (s.getAttribute('src') ?? '').includes('__xss')) problems.push(`script from chat content: ${tagOf(s)} ${s.textContent?.slice(0, 60)}`);
    }
    const content = document.querySelectorAll('#conversation, .recipe, .owner, .vhead, .meta-line, [data-chat-list]');
    const ACTIVE = 'script, iframe, frame, frameset, object, embed, style, link, meta, base, form:not(.branch), math, template, noscript, video, audio, source, img:not(.owner img), textarea, select, marquee, input:not([type=checkbox]):not(form.branch > input[type=hidden]), svg:not(.branch svg):not(.brand svg):not(button svg):not(a.msg-link[data-msg-link] > svg)';
    for (const root of content) for (const el of root.querySelectorAll(ACTIVE)) problems.push(`element from chat content: ${tagOf(el)}`);
    for (const root of content) {
      for (const a of root.querySelectorAll('a[href]')) {
        const url = new URL(a.getAttribute('href')!, location.href);
        if (!['http:', 'https:', 'mailto:'].includes(url.protocol)) problems.push(`link with scheme ${url.protocol} ${tagOf(a)}`);
      }
    }
    return problems;
  });
}

async function expectNothingRan(w: Watch, where: string) {
  // A broken image fails at once; give handlers a moment to run, if anything let them.
  await w.page.waitForLoadState('load');
  await w.page.waitForTimeout(500);
  const state = await w.page.evaluate(() => {
    const win = window as unknown as { __xssFired?: unknown; __csp?: string[] };
    return { fired: win.__xssFired === undefined ? null : String(win.__xssFired), csp: win.__csp ?? [], title: document.title };
  });
  const dom = await domProblems(w.page);
  const report = [
    ...w.fired,
    ...(state.fired !== null ? [`window.__xssFired is ${state.fired} (a payload ran, or an element clobbered the name)`] : []),
    ...(/^XSS/.test(state.title) ? [`document.title was set to ${state.title}`] : []),
    ...state.csp.map((v) => `CSP violation (something from the page tried to run): ${v}`),
    ...dom,
  ];
  expect(report, `${where}:\n${report.join('\n')}`).toEqual([]);
}

async function createXssShare(page: Page): Promise<{ chatId: string; url: string }> {
  const chat = await page.request.post('/api/v1/chats/new', { data: { chat: xssChat() } });
  expect(chat.status(), await chat.text()).toBe(200);
  const chatId = (await chat.json()).id as string;
  const share = await page.request.post(`/api/v1/chats/${chatId}/share`, { data: { display_username: true } });
  expect(share.status(), await share.text()).toBe(200);
  return { chatId, url: (await share.json()).url as string };
}

async function openWatched(browser: Browser, url: string, label: string, signUpAs?: string) {
  const ctx = await freshContext(browser);
  await ctx.page.setViewportSize({ width: 1280, height: 800 });
  if (signUpAs) await signUp(ctx.page, signUpAs);
  const w = await watch(ctx.page, label);
  await ctx.page.goto(url);
  return { ...ctx, w };
}

test('a chat full of XSS payloads runs nothing: owner page, snapshot share signed out and in, live share and its poll', async ({ page, browser }) => {
  test.setTimeout(120_000);
  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await signUp(page, OWNER_NAME);
  const owner = await watch(page, 'owner page');
  const { chatId, url } = await createXssShare(page);

  await test.step('the owner opens the chat', async () => {
    await page.goto(`/c/${chatId}`);
    await expect(page.locator('h1')).toHaveText(TITLE);
    await expect(page.locator('#conversation .msg')).toHaveCount(XSS_CHAT_MESSAGES);
    // Our own branch switcher (a form posting to /c/{id}/branch) is the only form in the conversation.
    await expect(page.locator('#conversation form.branch')).toHaveCount(1);
    await expectNothingRan(owner, 'owner page /c/{id}');
    expect(await page.title()).toContain(TITLE);
    await shot(page, { path: `${screenshotDir}/xss-owner.png` });
    await page.locator('#m-p14').scrollIntoViewIfNeeded(); // the fences and the mXSS payloads
    await shot(page, { path: `${screenshotDir}/xss-owner-mxss.png` });
    // The dialogs and menus that show the title: rename, delete and share.
    await page.getByRole('button', { name: /^(Share|Shared)$/ }).click();
    await expect(page.getByRole('dialog', { name: 'Share Chat' })).toBeVisible();
    await expectNothingRan(owner, 'owner page with the share dialog open');
    await page.keyboard.press('Escape');
  });

  await test.step('the snapshot share, signed out', async () => {
    const anon = await openWatched(browser, url, 'snapshot share, signed out');
    await expect(anon.page.locator('h1')).toHaveText(TITLE);
    await expectNothingRan(anon.w, 'snapshot share /s/{id} signed out');
    // The tab title is the hostile title as text (cut at 70 characters for previews, so only its start is compared).
    expect(await anon.page.title()).toContain(TITLE.slice(0, 40));
    await shot(anon.page, { path: `${screenshotDir}/xss-share.png` });
    await shot(anon.page, { path: `${screenshotDir}/xss-share-full.png`, fullPage: true });
    await anon.context.close();
  });

  await test.step('the snapshot share, signed in as someone else: owner name and chat recipe shown', async () => {
    const member = await openWatched(browser, url, 'snapshot share, signed in', 'Vera Viewer');
    await expect(member.page.locator('h1')).toHaveText(TITLE);
    await expect(member.page.locator('.owner')).toContainText(OWNER_NAME);
    await member.page.locator('.recipe summary').click();
    await expect(member.page.locator('.recipe')).toContainText(`onerror=${X(913)}`);
    await expectNothingRan(member.w, 'snapshot share /s/{id} signed in');
    await shot(member.page, { path: `${screenshotDir}/xss-share-signed-in.png` });
    await member.context.close();
  });

  await test.step('the same share made live, then a hostile message arrives through the poll', async () => {
    const live = await page.request.post(`/api/v1/chats/${chatId}/share`, { data: { is_live: true } });
    expect(live.status(), await live.text()).toBe(200);
    const viewer = await openWatched(browser, url, 'live share');
    await expect(viewer.page.locator('.badge-live')).toBeVisible();
    await expectNothingRan(viewer.w, 'live share /s/{id}');
    const count = await viewer.page.locator('#conversation .msg').count();

    const current = await (await page.request.get(`/api/v1/chats/${chatId}`)).json();
    const history = current.chat.history;
    const more = corpusMessages(300, history.currentId, 'assistant');
    Object.assign(history.messages, more.messages);
    history.messages[history.currentId].childrenIds.push(more.first);
    history.currentId = more.last;
    await page.waitForTimeout(1100); // updated_at has one-second resolution
    const update = await page.request.post(`/api/v1/chats/${chatId}`, { data: { chat: { history } } });
    expect(update.status(), await update.text()).toBe(200);
    // The page polls every 3 s and swaps the conversation's HTML in place (innerHTML: handlers would run there).
    await expect(viewer.page.locator('#conversation .msg')).toHaveCount(count + PAYLOADS.length, { timeout: 15_000 });
    await expect(viewer.page.locator(`#m-p${300 + PAYLOADS.length}`)).toBeVisible();
    await expectNothingRan(viewer.w, 'live share after a poll brought new content');
    await viewer.page.locator(`#m-p${300 + PAYLOADS.length - 3}`).scrollIntoViewIfNeeded();
    await shot(viewer.page, { path: `${screenshotDir}/xss-live.png` });
    await viewer.context.close();
  });
});
