// Our CSS and JS under content-hashed names: pages and share pages link to them, they are cached for a year, and the
// plain names (old pages, artifacts written before a deploy) keep working on a short cache.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { startServer, Client, type TestServer } from '../helpers/server';

let srv: TestServer;
let owner: Client;

const IMMUTABLE = 'public, max-age=31536000, immutable';
const HASHED = /^\/(styles|scripts)\/([a-z-]+)\.([0-9a-f]{8})\.(css|js)$/;

/** The stylesheet and script URLs a page's HTML links to. */
const linked = (html: string) => [
  ...[...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]!),
  ...[...html.matchAll(/<script[^>]* src="([^"]+)"/g)].map((m) => m[1]!),
];

/** The source file a hashed URL was copied from, e.g. /styles/base.3f2a9c1e.css → public/styles/base.css. */
const sourceOf = (url: string) => { const m = HASHED.exec(url)!; return fs.readFileSync(`public/${m[1]}/${m[2]}.${m[4]}`); };

beforeAll(async () => {
  srv = await startServer({ CHATSHARE_NO_WARMUP: '1' });
  owner = new Client(srv.url);
  await owner.signup('assets@example.com');
});
afterAll(async () => srv?.stop());

describe('hashed CSS and JS', () => {
  it('a page links its stylesheets by hashed name, served for a year with the right bytes', async () => {
    const urls = linked(await (await fetch(`${srv.url}/auth/signin`)).text()).filter((u) => u.startsWith('/styles/'));
    expect(urls.length).toBeGreaterThanOrEqual(2);
    for (const url of urls) {
      expect(url).toMatch(HASHED);
      const res = await fetch(srv.url + url);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe(IMMUTABLE);
      expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.equals(sourceOf(url))).toBe(true);
      // The name is the content's hash: a changed file gets a new name, so a year-long cache never serves stale bytes.
      expect(createHash('sha256').update(body).digest('hex').slice(0, 8)).toBe(HASHED.exec(url)![3]);
    }
  });

  it('a share page links every stylesheet and its script by hashed name', async () => {
    const id = (await owner.req('POST', '/api/v1/chats/new', { chat: { title: 'Hashed', history: { currentId: 'a', messages: {
      q: { id: 'q', parentId: null, childrenIds: ['a'], role: 'user', content: 'Styles?' },
      a: { id: 'a', parentId: 'q', childrenIds: [], role: 'assistant', content: '```js\nlet x = 1;\n```' } } } } })).json.id;
    const share = (await owner.req('POST', `/api/v1/chats/${id}/share`, {})).json;
    const res = await fetch(`${srv.url}/s/${share.share_id}`);
    expect(res.status).toBe(200);
    const urls = linked(await res.text());
    expect(urls).toEqual(expect.arrayContaining([expect.stringMatching(/^\/styles\/viewer\./), expect.stringMatching(/^\/scripts\/viewer\./)]));
    for (const url of urls) {
      expect(url).toMatch(HASHED);
      const asset = await fetch(srv.url + url);
      expect(asset.headers.get('cache-control')).toBe(IMMUTABLE);
      expect(Buffer.from(await asset.arrayBuffer()).equals(sourceOf(url))).toBe(true);
    }
  });

  it('the plain name still works, with the same bytes, on a short cache', async () => {
    const res = await fetch(`${srv.url}/styles/base.css`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(Buffer.from(await res.arrayBuffer()).equals(fs.readFileSync('public/styles/base.css'))).toBe(true);
    const js = await fetch(`${srv.url}/scripts/viewer.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).not.toContain('immutable');
  });

  it('a hashed name from an earlier build gets today\'s file, not cached for long; an unknown file is still a 404', async () => {
    const old = await fetch(`${srv.url}/styles/base.00000000.css`);
    expect(old.status).toBe(200);
    expect(old.headers.get('cache-control')).toBe('public, max-age=300');
    expect(Buffer.from(await old.arrayBuffer()).equals(fs.readFileSync('public/styles/base.css'))).toBe(true);
    expect((await fetch(`${srv.url}/styles/nothing.00000000.css`)).status).toBe(404);
  });

  it("Astro's bundled scripts (hashed by Astro) are immutable too", async () => {
    const scripts = linked(await (await fetch(`${srv.url}/auth/signin`)).text()).filter((u) => u.startsWith('/_astro/'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const url of scripts) expect((await fetch(srv.url + url)).headers.get('cache-control')).toBe(IMMUTABLE);
  });
});
