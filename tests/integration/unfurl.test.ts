// Unfurling on the built server: the head tags every agent gets (capped, complete, the same for crawlers and browsers),
// oEmbed, robots.txt and the touch icon, and view-limited links that only a real navigation or a press can spend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ogs from 'open-graph-scraper';
import { Client, startServer, type TestServer } from '../helpers/server';

let server: TestServer;
let owner: Client;
let viewer: Client;
beforeAll(async () => {
  server = await startServer({ TWITTER_SITE: '@chatshare_app', CHATSHARE_NO_WARMUP: '1' });
  owner = new Client(server.url);
  await owner.signup('unfurl-owner@example.com', 'correct horse battery', 'Olivia Owner');
  viewer = new Client(server.url);
  await viewer.signup('unfurl-viewer@example.com');
});
afterAll(async () => { await server?.stop(); });

const LONG_TITLE = `${'Designing a rate limiter for a multi-tenant gateway '.repeat(10)}end`;
const LONG_QUESTION = `How should I build it? ${'Explain the trade-offs between token buckets and sliding windows in detail. '.repeat(12)}`;

async function share(settings: Record<string, unknown> = {}, title = 'Reversing lists', question = 'How do I reverse a list in Python?') {
  const chat = {
    title, models: ['llama3.1:8b'],
    history: { currentId: 'b', messages: {
      a: { id: 'a', parentId: null, childrenIds: ['b'], role: 'user', content: question, timestamp: 1761000000 },
      b: { id: 'b', parentId: 'a', childrenIds: [], role: 'assistant', content: 'Use `reversed()`.', timestamp: 1761000005 },
    } },
  };
  const id = (await owner.req('POST', '/api/v1/chats/new', { chat })).json.id as string;
  const r = await owner.req('POST', `/api/v1/chats/${id}/share`, settings);
  expect(r.status).toBe(200);
  return { chatId: id, shareId: r.json.share_id as string, url: r.json.url as string };
}

const BROWSER = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36', 'sec-fetch-dest': 'document', 'sec-fetch-mode': 'navigate' };
const SLACK = { 'user-agent': 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)' };
// Matrix Synapse's URL previewer: a user agent of its own and no Sec-Fetch headers.
const SYNAPSE = { 'user-agent': 'Synapse (bot; +https://github.com/matrix-org/synapse)' };
const get = (shareId: string, headers: Record<string, string>) => fetch(`${server.url}/s/${shareId}`, { headers, redirect: 'manual' });
const headOf = (html: string) => html.slice(html.indexOf('<head>'), html.indexOf('</head>'));
/** The tags a scraper reads, as open-graph-scraper (used by many unfurlers' test suites) parses them. */
async function scrape(html: string) {
  const { result, error } = await ogs({ html });
  expect(error).toBe(false);
  return result;
}
const views = async (chatId: string) => (await owner.req('GET', `/api/v1/chats/${chatId}/share`)).json.views as number;

describe('head tags', () => {
  it('caps titles at 70, descriptions at 300 (X: 200) and alt texts at 420, each ending in a clean ellipsis', async () => {
    const s = await share({}, LONG_TITLE, LONG_QUESTION);
    const r = await scrape(await (await get(s.shareId, BROWSER)).text());
    for (const title of [r.ogTitle!, r.twitterTitle!]) {
      expect([...title].length).toBeLessThanOrEqual(70);
      expect(title).toMatch(/[a-z]…$/);
      expect(LONG_TITLE.startsWith(title.slice(0, -1))).toBe(true);
    }
    expect([...r.ogDescription!].length).toBeLessThanOrEqual(300);
    expect([...r.twitterDescription!].length).toBeLessThanOrEqual(200);
    expect(r.twitterDescription).toMatch(/\w…$/);
    for (const alt of [r.ogImage![0]!.alt!, r.twitterImage![0]!.alt!]) {
      expect([...alt].length).toBeLessThanOrEqual(420);
      expect(alt.endsWith('…')).toBe(true);
    }
  });

  it('carries og:locale, article times, twitter:site (TWITTER_SITE), oEmbed discovery and the touch icon', async () => {
    const s = await share();
    const html = await (await get(s.shareId, { ...BROWSER, 'accept-language': 'fr-FR,fr;q=0.9' })).text();
    const r = await scrape(html);
    expect(r.ogLocale).toBe('fr_FR');
    expect(html).toContain('<meta property="og:locale:alternate" content="en_US">');
    expect(Date.parse(r.articlePublishedTime!)).toBeGreaterThan(Date.now() - 120_000);
    expect(html).toMatch(/<meta property="article:modified_time" content="\d{4}-\d\d-\d\dT[\d:.]+Z">/);
    expect(r.twitterSite).toBe('@chatshare_app');
    expect(html).toContain(`<link rel="alternate" type="application/json+oembed" href="${server.url}/api/oembed?url=${encodeURIComponent(s.url).replace(/&/g, '&amp;')}&amp;format=json"`);
    expect(html).toContain('<link rel="apple-touch-icon" href="/apple-touch-icon.png">');
  });

  it('names the author only where the page shows the name: signed-in viewers of a link that displays it', async () => {
    const shown = await share({ display_username: true });
    const hidden = await share({ display_username: false });
    const signedIn = (id: string) => get(id, { ...BROWSER, authorization: `Bearer ${viewer.token}` }).then((r) => r.text());
    expect((await scrape(await signedIn(shown.shareId))).articleAuthor).toBe('Olivia Owner');
    expect(await signedIn(shown.shareId)).toContain('<strong>Olivia Owner</strong>');
    expect((await scrape(await signedIn(hidden.shareId))).articleAuthor).toBeUndefined();
    // Signed-out readers and crawlers are not shown the name, so neither is their head.
    for (const headers of [BROWSER, SLACK]) expect(await (await get(shown.shareId, headers)).text()).not.toContain('Olivia Owner');
  });

  it('gives crawlers the page browsers get, with the same head, and counts no view for them', async () => {
    const snapshot = await share({}, 'Same for every agent');
    const live = await share({ is_live: true }, 'Live and the same');
    for (const s of [snapshot, live]) {
      const bot = await (await get(s.shareId, SLACK)).text();
      const browser = await (await get(s.shareId, BROWSER)).text();
      expect(headOf(bot)).toBe(headOf(browser));
      expect(bot).toContain('Use <code>reversed()</code>');
      expect(await views(s.chatId)).toBe(1);
    }
    // A password link: the form's page carries the generic tags a crawler gets, never the title.
    const locked = await share({ password: 'open sesame' }, 'Secret plans');
    const botLocked = await (await get(locked.shareId, SLACK)).text();
    const formLocked = await (await get(locked.shareId, BROWSER)).text();
    expect(headOf(botLocked)).toBe(headOf(formLocked));
    expect(botLocked).not.toContain('Secret plans');
  });
});

describe('view-limited links', () => {
  it('an unknown bot, a crawler and an old browser get a "Show conversation" page and spend no view', async () => {
    const s = await share({ max_views: 1 }, 'Only once');
    for (const headers of [SYNAPSE, SLACK, { 'user-agent': 'Mozilla/5.0 (Macintosh) Safari/605.1.15' }, { ...BROWSER, 'sec-purpose': 'prefetch' }]) {
      const res = await get(s.shareId, headers);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).not.toContain('reversed()');
      expect(html).toContain('<meta property="og:title" content="Only once">');
      expect(html).toMatch(/<form method="post" action="\/s\/[^"]+" class="stack"><input type="hidden" name="show" value="1"><button[^>]*>Show conversation<\/button><\/form>/);
      expect(res.headers.get('vary')).toContain('Sec-Fetch-Dest');
    }
    expect(await views(s.chatId)).toBe(0);
    // The recipient's browser navigates: the conversation, and the one view is spent.
    const opened = await get(s.shareId, BROWSER);
    expect(await opened.text()).toContain('reversed()');
    expect(opened.headers.get('vary')).toContain('Sec-Fetch-Dest');
    expect(await views(s.chatId)).toBe(1);
    expect((await get(s.shareId, BROWSER)).status).toBe(410);
  });

  it('the button (a plain form, no script needed) shows the conversation and spends the view', async () => {
    const s = await share({ max_views: 2 }, 'Twice');
    const interstitial = await (await get(s.shareId, { 'accept-language': 'es' })).text();
    expect(interstitial).toContain('Mostrar la conversación');
    const press = () => fetch(`${server.url}/s/${s.shareId}`, {
      method: 'POST', redirect: 'manual', body: 'show=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url, 'user-agent': 'Mozilla/5.0 (Macintosh) Safari/605.1.15' },
    });
    const shown = await press();
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('reversed()');
    expect(await views(s.chatId)).toBe(1);
    expect((await press()).status).toBe(200);
    expect((await press()).status).toBe(410);
    expect(await views(s.chatId)).toBe(2);
  });
});

describe('oEmbed', () => {
  const oembed = (url: string, extra = '') => fetch(`${server.url}/api/oembed?url=${encodeURIComponent(url)}&format=json${extra}`);

  it('answers a rich embed for a public share', async () => {
    const s = await share({}, 'Embed <me> & "quote"');
    const res = await oembed(s.url, '&maxwidth=400');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = await res.json();
    expect(body).toMatchObject({ version: '1.0', type: 'rich', provider_name: 'chatshare', title: 'Embed <me> & "quote"', width: 400, thumbnail_width: 1200, thumbnail_height: 630 });
    expect(body.height).toBeGreaterThan(0);
    expect(body.thumbnail_url).toMatch(new RegExp(`^${server.url}/s/${s.shareId}/og\\.png\\?v=`));
    expect(body.html).toContain('Embed &lt;me&gt; &amp; &quot;quote&quot;');
    expect(body.html).not.toMatch(/<script|<iframe/);
    expect(body.html).toContain(`href="${s.url}"`);
  });

  it('refuses protected, limited, revoked and unknown links as the oEmbed spec says (401, 404), and other formats (501)', async () => {
    const password = await share({ password: 'open sesame' });
    const loginOnly = await share({ is_public: false });
    const limited = await share({ max_views: 5 });
    const revoked = await share();
    await owner.req('DELETE', `/api/v1/chats/${revoked.chatId}/share`);
    for (const s of [password, loginOnly, limited]) {
      const res = await oembed(s.url);
      expect(res.status).toBe(401);
      expect((await res.json()).code).toBe('UNAUTHORIZED');
    }
    for (const url of [revoked.url, `${server.url}/s/no-such-link`, 'https://elsewhere.example/s/abc', `${server.url}/shared`, 'not a url']) {
      const res = await oembed(url);
      expect(res.status, url).toBe(404);
      expect((await res.json()).code).toBe('NOT_FOUND');
    }
    expect((await fetch(`${server.url}/api/oembed?url=${encodeURIComponent((await share()).url)}&format=xml`)).status).toBe(501);
    expect((await fetch(`${server.url}/api/oembed`)).status).toBe(400);
    expect(await views(limited.chatId)).toBe(0);
  });
});

describe('site files', () => {
  it('serves /robots.txt that leaves share pages to crawlers and keeps them out of accounts', async () => {
    const res = await fetch(`${server.url}/robots.txt`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/^User-agent: \*$/m);
    expect(text).toMatch(/^Allow: \/s\/$/m);
    expect(text).toMatch(/^Allow: \/api\/oembed$/m);
    expect(text).toMatch(/^Disallow: \/api\/$/m);
    expect(text).not.toMatch(/^Disallow: \/s\/?$/m);
  });

  it('serves a 180x180 PNG apple-touch-icon', async () => {
    const res = await fetch(`${server.url}/apple-touch-icon.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await res.arrayBuffer());
    expect(png.toString('latin1', 1, 4)).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([180, 180]);
  });
});

describe('every share state, as open-graph-scraper reads it', () => {
  type Expect = { status: number; title: string; description: RegExp; image: 'card' | 'generic' | null; oembed: boolean; times: boolean; index: boolean };
  // Every page is noindex here: search engines index a link only when its owner and the admin allow it (viewer-export.test.ts).
  const real = (title: string, image: Expect['image'] = 'card', oembed = true): Omit<Expect, 'status'> =>
    ({ title, description: /reverse a list in Python/, image, oembed, times: true, index: false });
  const generic: Omit<Expect, 'status'> = { title: 'A shared conversation', description: /protected/, image: 'generic', oembed: false, times: false, index: false };
  const dead = (title: string, description: RegExp): Omit<Expect, 'status'> => ({ title, description, image: null, oembed: false, times: false, index: false });

  it('gives each state its complete, consistent set of tags', async () => {
    const expired = await share({ max_views: 1 });
    await get(expired.shareId, BROWSER);
    const revoked = await share();
    await owner.req('DELETE', `/api/v1/chats/${revoked.chatId}/share`);
    const states: Array<[string, string, Record<string, string>, Expect]> = [
      ['public snapshot', (await share({}, 'Public snapshot')).shareId, SLACK, { status: 200, ...real('Public snapshot') }],
      ['public live', (await share({ is_live: true }, 'Public live')).shareId, SLACK, { status: 200, ...real('Public live') }],
      ['view-limited, to an unknown bot', (await share({ max_views: 3 }, 'Limited')).shareId, SYNAPSE, { status: 200, ...real('Limited', 'card', false) }],
      ['password, to a crawler', (await share({ password: 'open sesame' }, 'Secret')).shareId, SLACK, { status: 200, ...generic }],
      ['password, to a browser', (await share({ password: 'open sesame' }, 'Secret')).shareId, BROWSER, { status: 401, ...generic }],
      ['login-only, to a crawler', (await share({ is_public: false }, 'Members')).shareId, SLACK, { status: 200, ...generic }],
      ['expired', expired.shareId, SLACK, { status: 410, ...dead('Link expired', /expired/) }],
      ['revoked', revoked.shareId, SLACK, { status: 410, ...dead('Link revoked', /revoked/) }],
      ['unknown', 'no-such-link', SLACK, { status: 404, ...dead('Link not found', /doesn't exist/) }],
    ];
    for (const [name, id, headers, want] of states) {
      const res = await get(id, headers);
      expect(res.status, name).toBe(want.status);
      const html = await res.text();
      const r = await scrape(html);
      expect(r.ogTitle, name).toBe(want.title);
      expect(r.ogDescription, name).toMatch(want.description);
      expect(r.ogSiteName, name).toBe('chatshare');
      expect(r.ogLocale, name).toBe('en_US');
      expect(html.includes('content="noindex'), name).toBe(!want.index);
      if (want.image) {
        expect(r.ogType, name).toBe('article');
        expect(r.ogUrl, name).toBe(`${server.url}/s/${id}`);
        expect(r.ogImage?.[0], name).toMatchObject({ url: expect.stringMatching(want.image === 'card' ? /\/og\.png\?v=\d+$/ : /\/og\.png\?v=locked$/), width: '1200', height: '630', type: 'image/png' });
        expect(r.ogImage?.[0]?.alt, name).toBeTruthy();
        expect(r.twitterCard, name).toBe('summary_large_image');
        expect(r.twitterTitle, name).toBe(want.title);
        expect(r.twitterImage?.[0]?.url, name).toBe(r.ogImage?.[0]?.url);
        expect(r.twitterImage?.[0]?.alt, name).toBe(r.ogImage?.[0]?.alt);
        expect(r.twitterSite, name).toBe('@chatshare_app');
        const image = await fetch(r.ogImage![0]!.url, { headers });
        expect(image.headers.get('content-type'), name).toBe('image/png');
      } else {
        expect(r.ogImage, name).toBeUndefined();
        expect(r.twitterCard, name).toBe('summary');
      }
      expect(!!r.articlePublishedTime && !!r.articleModifiedTime, name).toBe(want.times);
      expect(html.includes('application/json+oembed'), name).toBe(want.oembed);
      expect(r.articleAuthor, name).toBeUndefined();
    }
  });
});
