// Links to a message (issue 17.5): every message of a share page carries a safe anchor and a link to it; a crawler
// unfurling `/s/{id}?m=<anchor>` gets that message's text and card; a browser gets the very page it gets without ?m=.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, Client, NAVIGATE, type TestServer } from '../helpers/server';
import { longChat } from '../helpers/long-chat';

let srv: TestServer;
let owner: Client;
const share: Record<string, string> = {};
const chatOf: Record<string, string> = {};

const HOSTILE = 'a1 "><script>alert(1)</script>/é';
const anchorOf = (id: string) => (/^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : `h${createHash('sha256').update(id).digest('base64url').slice(0, 16)}`);
const SLACK = { 'user-agent': 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)' };

// The visible path is q1 → HOSTILE → q2; `other` is a regeneration on another branch, not what the share shows.
const branchy = (title: string) => ({
  title,
  history: {
    currentId: 'q2',
    messages: {
      q1: { id: 'q1', parentId: null, childrenIds: [HOSTILE, 'other'], role: 'user', content: 'What is the capital of **France** today?', timestamp: 1_779_000_000 },
      [HOSTILE]: { id: HOSTILE, parentId: 'q1', childrenIds: ['q2'], role: 'assistant', model: 'llama3', content: 'The capital of France is *Paris* on the Seine.\n\n```js\nsecret()\n```', timestamp: 1_779_000_100 },
      other: { id: 'other', parentId: 'q1', childrenIds: [], role: 'assistant', model: 'llama3', content: 'A regenerated answer nobody shared.', timestamp: 1_779_000_050 },
      q2: { id: 'q2', parentId: HOSTILE, childrenIds: [], role: 'user', content: 'And of Spain?', timestamp: 1_779_000_200 },
    },
  },
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(srv.url + path, { headers, redirect: 'manual' });
const meta = (html: string, prop: string) => new RegExp(`<meta (?:property|name)="${prop}" content="([^"]*)"`).exec(html)?.[1] ?? null;
const views = async (key: string) => (await owner.req('GET', `/api/v1/chats/${chatOf[key]}/share`)).json.views as number;

beforeAll(async () => {
  srv = await startServer({ CHATSHARE_NO_WARMUP: '1' });
  owner = new Client(srv.url);
  await owner.signup('msglink-owner@example.com');
  const make = async (key: string, chat: unknown, options: Record<string, unknown> = {}) => {
    chatOf[key] = (await owner.req('POST', '/api/v1/chats/new', { chat })).json.id;
    const r = await owner.req('POST', `/api/v1/chats/${chatOf[key]}/share`, options);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    share[key] = r.json.share_id;
  };
  await Promise.all([
    make('open', branchy('Capitals')),
    make('live', branchy('Live capitals'), { is_live: true }),
    make('locked', branchy('Secret capitals'), { password: 'opensesame' }),
    make('revoked', branchy('Gone capitals')),
    make('long', longChat('A long one', 200)),
    make('limited', branchy('Limited capitals'), { max_views: 3 }),
  ]);
  await owner.req('DELETE', `/api/v1/chats/${chatOf.revoked}/share`);
}, 60_000);
afterAll(async () => { await srv?.stop(); });

describe('anchors', () => {
  it('gives every message a URL-safe anchor and a link to it, a hash for a hostile id', async () => {
    const html = await (await get(`/s/${share.open}`)).text();
    const ids = [...html.matchAll(/<article class="msg[^"]*" id="([^"]*)"/g)].map((m) => m[1]);
    expect(ids).toEqual(['m-q1', `m-${anchorOf(HOSTILE)}`, 'm-q2']);
    expect(anchorOf(HOSTILE)).toMatch(/^h[A-Za-z0-9_-]{16}$/);
    for (const a of ['q1', anchorOf(HOSTILE), 'q2']) expect(html).toContain(`href="#m-${a}" data-msg-link="${a}"`);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('aria-label="Link to this message"');
    // The other branch is not on the page.
    expect(html).not.toContain('m-other');
  });

  it('names the control in French and Spanish', async () => {
    const fr = await (await get(`/s/${share.open}`, { 'accept-language': 'fr' })).text();
    expect(fr).toContain('aria-label="Lien vers ce message"');
    expect(fr).toContain('"copyMessageLink":"Copier le lien vers ce message"');
    expect(fr).toContain('"linkCopied":"Lien copié"');
    const es = await (await get(`/s/${share.open}`, { 'accept-language': 'es' })).text();
    expect(es).toContain('aria-label="Enlace a este mensaje"');
    expect(es).toContain('"copyMessageLink":"Copiar el enlace a este mensaje"');
  });
});

describe('unfurling a link to a message', () => {
  it('gives a crawler that message\'s text, a title naming its role, and its card', async () => {
    const a = anchorOf(HOSTILE);
    const html = await (await get(`/s/${share.open}?m=${a}`, SLACK)).text();
    expect(meta(html, 'og:description')).toBe('The capital of France is Paris on the Seine.');
    expect(meta(html, 'twitter:description')).toBe('The capital of France is Paris on the Seine.');
    expect(meta(html, 'og:title')).toBe('Assistant’s reply in “Capitals”');
    expect(meta(html, 'og:image')).toMatch(new RegExp(`/s/${share.open}/og\\.png\\?m=${a}&amp;v=\\d+$`));
    expect(meta(html, 'og:url')).toMatch(new RegExp(`/s/${share.open}\\?m=${a}$`));
    const user = await (await get(`/s/${share.open}?m=q2`, SLACK)).text();
    expect(meta(user, 'og:description')).toBe('And of Spain?');
    expect(meta(user, 'og:title')).toBe('User’s message in “Capitals”');
    const fr = await (await get(`/s/${share.open}?m=${a}`, { ...SLACK, 'accept-language': 'fr' })).text();
    expect(meta(fr, 'og:title')).toBe('Réponse de l’assistant dans « Capitals »');
    const es = await (await get(`/s/${share.open}?m=q2`, { ...SLACK, 'accept-language': 'es' })).text();
    expect(meta(es, 'og:title')).toBe('Mensaje del usuario en «Capitals»');
  });

  it('works for a live share, whose anchors are its messages\' ids too', async () => {
    const html = await (await get(`/s/${share.live}?m=q2`, SLACK)).text();
    expect(meta(html, 'og:description')).toBe('And of Spain?');
    expect(meta(html, 'og:image')).toContain('/og.png?m=q2&amp;v=');
  });

  it('falls back to the share\'s own preview for an unknown anchor, another branch\'s message, or a bad one', async () => {
    const plain = await (await get(`/s/${share.open}`, SLACK)).text();
    expect(meta(plain, 'og:description')).toBe('What is the capital of France today?');
    for (const m of ['nope', 'other', encodeURIComponent('<b>'), 'x'.repeat(300)]) {
      const res = await get(`/s/${share.open}?m=${m}`, SLACK);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(meta(html, 'og:description'), m).toBe('What is the capital of France today?');
      expect(meta(html, 'og:image'), m).not.toContain('m=');
      expect(html).not.toContain('regenerated answer');
    }
  });

  it('previews a message of a view-limited link without spending a view', async () => {
    const html = await (await get(`/s/${share.limited}?m=q2`, SLACK)).text();
    expect(meta(html, 'og:description')).toBe('And of Spain?');
    expect(html).toContain('data-confirm-view');
    expect(html).not.toContain('id="m-q1"');
    expect(await views('limited')).toBe(0);
  });

  it('reveals nothing of a password-protected share', async () => {
    const html = await (await get(`/s/${share.locked}?m=q2`, SLACK)).text();
    expect(html).not.toContain('Spain');
    expect(meta(html, 'og:title')).toBe('A shared conversation');
  });
});

describe('the message card', () => {
  it('answers a PNG of that message, gated like the share\'s card', async () => {
    const card = await get(`/s/${share.open}/og.png?m=${anchorOf(HOSTILE)}`);
    expect(card.status).toBe(200);
    expect(card.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await card.arrayBuffer());
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const shareCard = Buffer.from(await (await get(`/s/${share.open}/og.png`)).arrayBuffer());
    expect(png.equals(shareCard)).toBe(false);
    // A different message, a different card; an unknown anchor, the share's own.
    const other = Buffer.from(await (await get(`/s/${share.open}/og.png?m=q2`)).arrayBuffer());
    expect(other.equals(png)).toBe(false);
    const unknown = Buffer.from(await (await get(`/s/${share.open}/og.png?m=nope`)).arrayBuffer());
    expect(unknown.equals(shareCard)).toBe(true);
    // Protected: the generic card, the same as the share's; revoked: refused.
    const locked = await get(`/s/${share.locked}/og.png?m=q2`);
    expect(locked.status).toBe(200);
    expect(Buffer.from(await locked.arrayBuffer()).equals(Buffer.from(await (await get(`/s/${share.locked}/og.png`)).arrayBuffer()))).toBe(true);
    expect((await get(`/s/${share.revoked}/og.png?m=q2`)).status).toBe(410);
    expect((await get(`/s/${share.revoked}?m=q2`, SLACK)).status).toBe(410);
  });
});

describe('a browser opening a link to a message', () => {
  it('gets the same bytes as without ?m=, and one view each', async () => {
    const headers = { ...NAVIGATE, 'accept-encoding': 'br' };
    const before = await views('open');
    const withM = Buffer.from(await (await get(`/s/${share.open}?m=q2`, headers)).arrayBuffer());
    const mid = await views('open');
    const without = Buffer.from(await (await get(`/s/${share.open}`, headers)).arrayBuffer());
    expect(mid - before).toBe(1);
    expect(await views('open')).toBe(mid + 1);
    expect(withM.equals(without)).toBe(true);
    const plainWith = await (await get(`/s/${share.open}?m=${anchorOf(HOSTILE)}`, NAVIGATE)).text();
    expect(plainWith).toBe(await (await get(`/s/${share.open}`, NAVIGATE)).text());
    // Crawlers never count.
    const n = await views('open');
    await get(`/s/${share.open}?m=q2`, SLACK);
    expect(await views('open')).toBe(n);
  });

  it('can fetch the part of a long chat that holds the message, and nothing for one the page has', async () => {
    const page = await (await get(`/s/${share.long}`)).text();
    expect(page).not.toContain('id="m-m100"');
    const res = await get(`/s/${share.long}/part?m=m100`);
    expect(res.status).toBe(200);
    const body = await res.json() as { part: number; html: string; link: string; later: string };
    expect(body.part).toBe(1);
    expect(body.html).toContain('id="m-m100"');
    expect(body.html).toContain('id="m-m20"');
    expect(body.html).not.toContain('id="m-m150"');
    expect(body.link).toBe('');
    expect(body.later).toBe('');
    expect((await get(`/s/${share.long}/part?m=m5`)).status).toBe(404);
    expect((await get(`/s/${share.long}/part?m=nope`)).status).toBe(404);
    expect((await get(`/s/${share.long}/part?m=${encodeURIComponent('<x>')}`)).status).toBe(404);
    // A crawler's preview of a message in a part: its text.
    const html = await (await get(`/s/${share.long}?m=m101`, SLACK)).text();
    expect(meta(html, 'og:description')).toBe('Answer 101 with code');
  });
});
