// Issue 18 items 3 and 4: downloads from the viewer (gated and counted like a view) and search engines by the owner's
// choice (noindex by default; canonical, JSON-LD and the sitemap only for open links the owner and the admin allow).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, Client, type TestServer } from '../helpers/server';

let srv: TestServer;
let alice: Client; // the first account: the administrator, and the owner of every share here
let bob: Client;

const chatOf = (title: string, answer: string) => ({
  chat: {
    title, models: ['gpt-test'], history: {
      currentId: 'a2', messages: {
        q: { id: 'q', parentId: null, childrenIds: ['a1', 'a2'], role: 'user', content: 'Which answer?' },
        a1: { id: 'a1', parentId: 'q', childrenIds: [], role: 'assistant', content: 'The other branch.' },
        a2: { id: 'a2', parentId: 'q', childrenIds: [], role: 'assistant', content: answer },
      },
    },
  },
});

async function shared(title: string, options: Record<string, unknown> = {}) {
  const id = (await alice.req('POST', '/api/v1/chats/new', chatOf(title, 'The shared answer.'))).json.id as string;
  const share = await alice.req('POST', `/api/v1/chats/${id}/share`, options);
  expect(share.status).toBe(200);
  return { id, shareId: share.json.share_id as string };
}

const get = (p: string, headers: Record<string, string> = {}, method = 'GET') => fetch(srv.url + p, { method, headers, redirect: 'manual' });
const download = (shareId: string, format: string, headers: Record<string, string> = {}) => get(`/s/${encodeURIComponent(shareId)}/download?format=${format}`, headers);
const views = async (id: string) => (await alice.req('GET', `/api/v1/chats/${id}/share`)).json.views as number;
/** The page's proof of its counted view (a view-limited share's page sets it), as a Cookie header. */
const proofOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0]!;
const sitemap = async () => (await get('/sitemap.xml')).text();

beforeAll(async () => {
  srv = await startServer({ CHATSHARE_NO_WARMUP: '1' });
  alice = new Client(srv.url);
  bob = new Client(srv.url);
  await alice.signup('alice@example.com');
  await bob.signup('bob@example.com');
});
afterAll(async () => srv?.stop());

describe('downloads from the viewer', () => {
  it('serve the snapshot as Markdown and Open WebUI JSON: the shown branch only, never newer content, with title, date and link; each counts a view', async () => {
    const { id, shareId } = await shared('Export me');
    await alice.req('POST', `/api/v1/chats/${id}`, chatOf('Export me', 'Edited after sharing.')); // the snapshot keeps the old answer
    const page = await get(`/s/${shareId}`);
    const html = await page.text();
    expect(html).toContain(`href="/s/${shareId}/download?format=md"`);
    expect(html).toContain(`href="/s/${shareId}/download?format=json"`);
    expect(html).toContain('data-print');

    const md = await download(shareId, 'md');
    expect(md.status).toBe(200);
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(md.headers.get('content-disposition')).toMatch(/^attachment; filename="Export-me\.md"/);
    expect(md.headers.get('x-robots-tag')).toContain('noindex');
    const text = await md.text();
    expect(text.startsWith('# Export me\n')).toBe(true);
    expect(text).toMatch(/_\d{4}-\d{2}-\d{2} · gpt-test_/);
    expect(text).toContain(`<${srv.url}/s/${shareId}>`);
    expect(text).toContain('The shared answer.');
    expect(text).not.toContain('Edited after sharing.');
    expect(text).not.toContain('The other branch.');

    const json = await download(shareId, 'json');
    expect(json.status).toBe(200);
    const [row] = await json.json() as any[];
    expect(row.title).toBe('Export me');
    expect(row.meta.shared_link).toBe(`${srv.url}/s/${shareId}`);
    expect(row.user_id).toBeUndefined(); // the owner's id stays home
    expect(typeof row.created_at).toBe('number');
    expect(Object.keys(row.chat.history.messages).sort()).toEqual(['a2', 'q']);
    expect(row.chat.history.messages.a2.content).toBe('The shared answer.');
    expect(row.chat.messages.map((m: any) => m.id)).toEqual(['q', 'a2']);
    // Importable as it is (Open WebUI's one-row export).
    expect((await bob.req('POST', '/api/v1/chats/import', [row])).status).toBe(200);

    expect(await views(id)).toBe(3); // the page and both downloads
  });

  it('a live share downloads its current branch', async () => {
    const { id, shareId } = await shared('Live export', { is_live: true });
    await alice.req('POST', `/api/v1/chats/${id}`, chatOf('Live export', 'Newest answer.'));
    const text = await (await download(shareId, 'md')).text();
    expect(text).toContain('Newest answer.');
    expect(text).not.toContain('The other branch.');
  });

  it('a max_views=1 link is read once in total: the page and a download from it are one read; nothing reads it twice', async () => {
    const a = await shared('One view, page first', { max_views: 1 });
    const page = await get(`/s/${a.shareId}`);
    expect(page.status).toBe(200);
    const proof = proofOf(page);
    expect(proof).toMatch(/=/);
    expect((await download(a.shareId, 'md')).status).toBe(410); // a download without the page's proof is a second read
    const fromPage = await download(a.shareId, 'md', { cookie: proof });
    expect(fromPage.status).toBe(200); // the page's own read: its single-use proof is spent
    expect((await download(a.shareId, 'json', { cookie: proof })).status).toBe(410); // spent: a second download is a second read
    expect((await get(`/s/${a.shareId}`)).status).toBe(410);
    expect(await views(a.id)).toBe(1);

    const b = await shared('One view, download first', { max_views: 1 });
    expect((await download(b.shareId, 'json')).status).toBe(200);
    const after = await get(`/s/${b.shareId}`);
    expect(after.status).toBe(410);
    expect(await after.text()).toContain('SHARE_LINK_EXPIRED');
    expect((await download(b.shareId, 'md')).status).toBe(410);
    expect(await views(b.id)).toBe(1);
  });

  it('a max_views=3 link serves exactly 3 downloads to 12 concurrent readers', async () => {
    const { id, shareId } = await shared('Three reads', { max_views: 3 });
    const statuses = await Promise.all(Array.from({ length: 12 }, (_, i) => download(shareId, i % 2 ? 'md' : 'json').then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 410)).toHaveLength(9);
    expect(await views(id)).toBe(3);
  });

  it('pass the gate like a view: password, sign-in only, revoked, moderated; previews and HEAD count nothing', async () => {
    const locked = await shared('Locked export', { password: 'open sesame' });
    const asked = await download(locked.shareId, 'md');
    expect([asked.status, asked.headers.get('location')]).toEqual([303, `/s/${locked.shareId}`]);
    const unlock = await fetch(`${srv.url}/s/${locked.shareId}`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ password: 'open sesame' }),
      headers: { origin: srv.url } });
    expect(unlock.status).toBe(303);
    const unlocked = await download(locked.shareId, 'md', { cookie: proofOf(unlock) });
    expect(unlocked.status).toBe(200);
    expect(await views(locked.id)).toBe(1);

    const loginOnly = await shared('Members export', { is_public: false });
    const anon = await download(loginOnly.shareId, 'md');
    expect([anon.status, anon.headers.get('location')]).toEqual([302, `/auth/signin?next=${encodeURIComponent(`/s/${loginOnly.shareId}`)}`]);
    expect((await bob.req('GET', `/s/${loginOnly.shareId}/download?format=md`)).status).toBe(200);
    expect(await views(loginOnly.id)).toBe(1);

    const bot = await download(loginOnly.shareId, 'md', { 'user-agent': 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)' });
    expect(bot.status).toBe(204);
    expect((await get(`/s/${loginOnly.shareId}/download?format=md`, { authorization: `Bearer ${bob.token}` }, 'HEAD')).status).toBe(204);
    expect(await views(loginOnly.id)).toBe(1);

    const revoked = await shared('Revoked export');
    await alice.req('DELETE', `/api/v1/chats/${revoked.id}/share`);
    const gone = await download(revoked.shareId, 'md');
    expect(gone.status).toBe(410);
    expect(await gone.text()).toContain('SHARE_LINK_REVOKED');

    const moderated = await shared('Moderated export');
    expect((await alice.req('POST', `/api/v1/admin/shares/${moderated.shareId}/revoke`)).status).toBe(200);
    expect((await download(moderated.shareId, 'json')).status).toBe(410);
    expect(await views(revoked.id) + await views(moderated.id)).toBe(0);
  });

  it('off when the owner says so: no download links on the page, 403 for readers (counting nothing), the owner still can', async () => {
    const { id, shareId } = await shared('No downloads', { allow_download: false });
    expect((await alice.req('GET', `/api/v1/chats/${id}/share`)).json.allow_download).toBe(false);
    const html = await (await get(`/s/${shareId}`)).text();
    expect(html).not.toContain('/download?format=');
    expect(html).not.toContain('data-print');
    const refused = await download(shareId, 'md');
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('DOWNLOAD_NOT_ALLOWED');
    expect(await views(id)).toBe(1); // the page only
    expect((await alice.req('GET', `/s/${shareId}/download?format=md`)).status).toBe(200);
    expect((await download(shareId, 'pdf')).status).toBe(400);
    // Turned back on: the page offers them again.
    await alice.req('POST', `/api/v1/chats/${id}/share`, { allow_download: true });
    expect(await (await get(`/s/${shareId}`)).text()).toContain('/download?format=md');
  });
});

describe('search engines, by choice', () => {
  const isIndexed = async (shareId: string) => {
    const page = await get(`/s/${shareId}`);
    const html = await page.text();
    const tag = page.headers.get('x-robots-tag');
    const inHead = !html.includes('<meta name="robots" content="noindex');
    const canonical = html.includes(`<link rel="canonical" href="${srv.url}/s/${shareId}">`);
    const ld = html.includes('<script type="application/ld+json">');
    const listed = (await sitemap()).includes(`<loc>${srv.url}/s/${shareId}</loc>`);
    return { status: page.status, tag, inHead, canonical, ld, listed };
  };
  const closedPage = { tag: 'noindex, nofollow', canonical: false, ld: false, listed: false };

  it('every share is noindex, and the owner cannot opt in, until the administrator allows it; robots.txt points at the sitemap', async () => {
    const { id, shareId } = await shared('Public by default');
    expect(await isIndexed(shareId)).toMatchObject({ status: 200, ...closedPage, inHead: false });
    const refused = await alice.req('POST', `/api/v1/chats/${id}/share`, { allow_indexing: true });
    expect([refused.status, refused.json.code]).toEqual([403, 'INDEXING_NOT_ALLOWED']);
    const robots = await (await get('/robots.txt')).text();
    expect(robots).toContain(`Sitemap: ${srv.url}/sitemap.xml`);
    expect(robots).toContain('Disallow: /s/*/download');
    expect(await sitemap()).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n</urlset>\n');
  });

  it('an open link its owner ticks gets a canonical URL, JSON-LD and a sitemap entry; a password, limits, sign-in only or revoking removes it at once', async () => {
    expect((await alice.req('POST', '/api/v1/auths/admin/config', { ENABLE_SHARE_INDEXING: true })).json.ENABLE_SHARE_INDEXING).toBe(true);
    // Only for open links: asked with a password or a limit, the API says why.
    const withPassword = await alice.req('POST', '/api/v1/chats/new', chatOf('Locked', 'x'));
    const r1 = await alice.req('POST', `/api/v1/chats/${withPassword.json.id}/share`, { allow_indexing: true, password: 'pw' });
    expect([r1.status, r1.json.code, r1.json.detail]).toEqual([422, 'VALIDATION_ERROR', 'allow_indexing: a link with a password cannot be opened to search engines.']);
    const r2 = await alice.req('POST', `/api/v1/chats/${withPassword.json.id}/share`, { allow_indexing: true, max_views: 5 });
    expect(r2.json.code).toBe('VALIDATION_ERROR');

    const links = await Promise.all(['Password later', 'Limits later', 'Sign-in later', 'Revoked later', 'Moderated later']
      .map((title) => shared(title, { allow_indexing: true })));
    for (const l of links) {
      const found = await isIndexed(l.shareId);
      expect(found).toEqual({ status: 200, tag: 'all', inHead: true, canonical: true, ld: true, listed: true });
      expect((await alice.req('GET', `/api/v1/chats/${l.id}/share`)).json).toMatchObject({ allow_indexing: true, indexed: true });
    }
    const html = await (await get(`/s/${links[0]!.shareId}`)).text();
    const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/.exec(html)![1]!);
    expect(ld).toMatchObject({ '@context': 'https://schema.org', '@type': 'Article', headline: 'Password later', url: `${srv.url}/s/${links[0]!.shareId}` });

    const [password, limits, signIn, revoked, moderated] = links as [typeof links[0], typeof links[0], typeof links[0], typeof links[0], typeof links[0]];
    await alice.req('POST', `/api/v1/chats/${password.id}/share`, { password: 'now secret' });
    await alice.req('POST', `/api/v1/chats/${limits.id}/share`, { max_views: 100 });
    await alice.req('POST', `/api/v1/chats/${signIn.id}/share`, { is_public: false });
    await alice.req('DELETE', `/api/v1/chats/${revoked.id}/share`);
    await alice.req('POST', `/api/v1/admin/shares/${moderated.shareId}/revoke`);
    const map = await sitemap();
    for (const l of links) expect(map).not.toContain(l.shareId);
    expect(await isIndexed(password.shareId)).toMatchObject({ status: 401, ...closedPage });
    expect(await isIndexed(limits.shareId)).toMatchObject({ status: 200, ...closedPage, inHead: false });
    expect(await isIndexed(signIn.shareId)).toMatchObject({ status: 302, canonical: false, ld: false, listed: false }); // a redirect to sign in
    expect(await isIndexed(revoked.shareId)).toMatchObject({ status: 410, ...closedPage });
    expect(await isIndexed(moderated.shareId)).toMatchObject({ status: 410, ...closedPage });
    // Closing the link dropped the wish: opening it again does not put it back in the sitemap by surprise.
    expect((await alice.req('POST', `/api/v1/chats/${limits.id}/share`, { max_views: 0 })).json).toMatchObject({ allow_indexing: false, indexed: false });
  });

  it('a link made sign-in only by the admin taking public sharing away is noindex at once, even to signed-in readers', async () => {
    await alice.req('POST', '/api/v1/auths/admin/config', { ENABLE_SHARE_INDEXING: true });
    const id = (await bob.req('POST', '/api/v1/chats/new', chatOf('Bob opens up', 'x'))).json.id as string;
    const made = await bob.req('POST', `/api/v1/chats/${id}/share`, { allow_indexing: true });
    expect(made.json.indexed).toBe(true);
    expect(await sitemap()).toContain(made.json.share_id);
    expect((await alice.req('POST', '/api/v1/users/default/permissions', { sharing: { public_chat: false } })).status).toBe(200);
    try {
      expect(await sitemap()).not.toContain(made.json.share_id);
      const page = await alice.req('GET', `/s/${made.json.share_id}`); // a signed-in reader still reads it
      expect([page.status, page.res.headers.get('x-robots-tag')]).toEqual([200, 'noindex, nofollow']);
      expect(page.json).not.toContain('rel="canonical"');
      expect((await bob.req('GET', `/api/v1/chats/${id}/share`)).json).toMatchObject({ is_public: false, indexed: false });
    } finally {
      await alice.req('POST', '/api/v1/users/default/permissions', { sharing: { public_chat: true } });
    }
  });

  it('the administrator turning indexing off makes every page noindex and empties the sitemap at once', async () => {
    await alice.req('POST', '/api/v1/auths/admin/config', { ENABLE_SHARE_INDEXING: true });
    const { shareId } = await shared('Admin switch', { allow_indexing: true });
    expect((await isIndexed(shareId)).listed).toBe(true);
    await alice.req('POST', '/api/v1/auths/admin/config', { ENABLE_SHARE_INDEXING: false });
    expect(await isIndexed(shareId)).toMatchObject({ status: 200, ...closedPage, inHead: false });
    expect(await sitemap()).not.toContain('<url>');
  });
});
