// Every way of reading a share passes the gate and is counted (issue 13, items 2 and 3): a clone is a read (it counts
// the view it is, or spends the single-use proof of the page view it came from), and a live page's updates need the
// viewer's own short-lived cookie, renewed by polling, so a copied token reads nothing. One worker and two.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, Client, NAVIGATE, type TestServer } from '../helpers/server';

const chatOf = (title: string, answer: string) => ({
  chat: {
    title, history: {
      currentId: 'a', messages: {
        q: { id: 'q', parentId: null, childrenIds: ['a'], role: 'user', content: 'Tell me the secret' },
        a: { id: 'a', parentId: 'q', childrenIds: [], role: 'assistant', content: answer },
      },
    },
  },
});

/** The cookie a response sets, as `name=value` for a Cookie header, or null. */
const cookieOf = (res: Response): string | null => res.headers.get('set-cookie')?.split(';')[0] ?? null;

for (const workers of ['1', '2']) {
  describe(`the read gate (WORKERS=${workers})`, () => {
    let srv: TestServer;
    let owner: Client;
    let bob: Client;
    const cloners: Client[] = [];

    async function shared(title: string, options: Record<string, unknown>) {
      const id = (await owner.req('POST', '/api/v1/chats/new', chatOf(title, `The secret answer of ${title}.`))).json.id as string;
      const r = await owner.req('POST', `/api/v1/chats/${id}/share`, options);
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      return { id, shareId: r.json.share_id as string };
    }
    const stats = async (id: string) => (await owner.req('GET', `/api/v1/chats/${id}/share`)).json as { views: number; clones: number };
    const cloneApi = (c: Client, shareId: string) => c.req('POST', `/api/v1/chats/${shareId}/clone/shared`, undefined, { connection: 'close' });
    // "Clone again" (again=1): these tests clone one link twice on purpose, past the "you cloned this already" notice.
    const clonePage = (c: Client, shareId: string, cookie: string | null) =>
      fetch(`${srv.url}/s/${shareId}/clone`, { method: 'POST', redirect: 'manual', body: 'again=1', headers: { origin: srv.url, 'content-type': 'application/x-www-form-urlencoded', cookie: [cookie, `auth_session=${c.token}`].filter(Boolean).join('; ') } });

    beforeAll(async () => {
      srv = await startServer({ CHATSHARE_NO_WARMUP: '1', WORKERS: workers, LIVE_TOKEN_TTL_SECONDS: '4' });
      owner = new Client(srv.url);
      await owner.signup(`owner-${workers}@example.com`);
      bob = new Client(srv.url);
      await bob.signup(`bob-${workers}@example.com`);
      for (let i = 0; i < 5; i++) {
        const c = new Client(srv.url);
        await c.signup(`cloner-${workers}-${i}@example.com`);
        cloners.push(c);
      }
    }, 120_000);
    afterAll(async () => srv?.stop());

    it('five API clones of a max_views=1 link and a page view: one read in all', async () => {
      const { id, shareId } = await shared('One view', { max_views: 1 });
      const clones = await Promise.all(cloners.map((c) => cloneApi(c, shareId)));
      expect(clones.filter((r) => r.status === 200)).toHaveLength(1);
      for (const r of clones.filter((x) => x.status !== 200)) expect([r.status, r.json.code]).toEqual([410, 'SHARE_LINK_EXPIRED']);
      const page = await fetch(`${srv.url}/s/${shareId}`, { headers: NAVIGATE });
      expect(page.status).toBe(410);
      expect(await stats(id)).toMatchObject({ views: 1, clones: 1 });
    });

    it("a clone from the page uses the page's counted view once; the same proof again counts a view, refused when spent", async () => {
      const { id, shareId } = await shared('Page then clone', { max_views: 1 });
      const page = await fetch(`${srv.url}/s/${shareId}`, { headers: NAVIGATE });
      expect(page.status).toBe(200);
      const proof = cookieOf(page);
      expect(proof, 'the counted page sets a proof cookie').toMatch(/^cs_view_/);
      expect(page.headers.get('set-cookie')).toMatch(new RegExp(`Path=/s/${shareId}; .*HttpOnly`, 'i'));
      const first = await clonePage(bob, shareId, proof);
      expect(first.status).toBe(303);
      expect(first.headers.get('location')).toMatch(/^\/c\/.+\?cloned=1$/);
      expect(await stats(id)).toMatchObject({ views: 1, clones: 1 });
      const again = await clonePage(bob, shareId, proof);
      expect(again.status).toBe(410); // the view is spent: the gate's page, SHARE_LINK_EXPIRED
      expect(await again.text()).toContain('SHARE_LINK_EXPIRED');
      const api = await bob.req('POST', `/api/v1/chats/${shareId}/clone/shared`, undefined, { cookie: proof! });
      expect([api.status, api.json.code]).toEqual([410, 'SHARE_LINK_EXPIRED']);
      expect(await stats(id)).toMatchObject({ views: 1, clones: 1 });
    });

    it('with views left, a second clone with a spent proof counts a view of its own', async () => {
      const { id, shareId } = await shared('Two views', { max_views: 2 });
      const proof = cookieOf(await fetch(`${srv.url}/s/${shareId}`, { headers: NAVIGATE }));
      expect((await clonePage(bob, shareId, proof)).status).toBe(303);
      expect(await stats(id)).toMatchObject({ views: 1, clones: 1 });
      expect((await clonePage(bob, shareId, proof)).status).toBe(303);
      expect(await stats(id)).toMatchObject({ views: 2, clones: 2 });
      expect((await cloneApi(bob, shareId)).json.code).toBe('SHARE_LINK_EXPIRED');
      // A forged or foreign proof is no proof.
      const other = await shared('Other', { max_views: 1 });
      const foreign = cookieOf(await fetch(`${srv.url}/s/${other.shareId}`, { headers: NAVIGATE }))!;
      const forged = foreign.replace(/^cs_view_[0-9a-f]+/, proof!.split('=')[0]!);
      expect((await clonePage(bob, shareId, forged)).status).toBe(410);
      expect(await stats(id)).toMatchObject({ views: 2, clones: 2 });
    });

    it('a signed-out viewer of a max_views=1 link clicks Clone Chat, signs in, and gets the copy', async () => {
      const { id, shareId } = await shared('Sign in to clone', { max_views: 1 });
      const page = await fetch(`${srv.url}/s/${shareId}`, { headers: NAVIGATE });
      const proof = cookieOf(page)!;
      const ask = await fetch(`${srv.url}/s/${shareId}/clone`, { method: 'POST', redirect: 'manual', headers: { origin: srv.url, cookie: proof } });
      expect(ask.status).toBe(303);
      expect(ask.headers.get('location')).toContain('/auth/signin');
      const intent = cookieOf(ask)!;
      const back = await fetch(`${srv.url}/s/${shareId}/clone`, { redirect: 'manual', headers: { cookie: `${proof}; ${intent}; auth_session=${bob.token}` } });
      expect(back.status).toBe(303);
      expect(back.headers.get('location')).toMatch(/^\/c\//);
      expect(await stats(id)).toMatchObject({ views: 1, clones: 1 });
    });

    it("a live page's token read from another client without cookies gets nothing, 20 times of 20", async () => {
      const { id, shareId } = await shared('Live two views', { is_live: true, max_views: 2 });
      const page = await fetch(`${srv.url}/s/${shareId}`, { headers: NAVIGATE });
      expect(page.status).toBe(200);
      const html = await page.text();
      const token = /data-live-token="([^"]*)"/.exec(html)?.[1] ?? '';
      expect((await stats(id)).views).toBe(1);
      const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(`${srv.url}/s/${shareId}/live?v=0&t=${encodeURIComponent(token)}`)));
      const bodies = await Promise.all(answers.map((r) => r.text()));
      expect(answers.map((r) => r.status).filter((s) => s === 401 || s === 403)).toHaveLength(20);
      for (const b of bodies) {
        expect(b).not.toContain('secret answer');
        expect(JSON.parse(b)).toMatchObject({ code: 'LIVE_TOKEN_INVALID', detail: expect.any(String) });
      }
      expect((await stats(id)).views).toBe(1);
    });

    it("the page's own polling keeps working with its cookie and renews it; an expired cookie is refused", async () => {
      const { id, shareId } = await shared('Live followed', { is_live: true, max_views: 2 });
      const page = await fetch(`${srv.url}/s/${shareId}`, { headers: NAVIGATE });
      let cookie = cookieOf(page)!;
      expect(cookie).toMatch(/^cs_view_/);
      const first = cookie;
      // Longer than the token's lifetime (4 s here), renewed by polling every second.
      for (let i = 0; i < 7; i++) {
        const r = await fetch(`${srv.url}/s/${shareId}/live?v=0`, { headers: { cookie } });
        expect(r.status, `poll ${i}`).toBe(200);
        expect(((await r.json()) as { html: string }).html).toContain('secret answer');
        cookie = cookieOf(r) ?? cookie;
        await new Promise((res) => setTimeout(res, 1000));
      }
      expect(cookie).not.toBe(first);
      // The first cookie, never renewed, has run out.
      const stale = await fetch(`${srv.url}/s/${shareId}/live?v=0`, { headers: { cookie: first } });
      expect(stale.status).toBe(403);
      expect(((await stale.json()) as { code: string }).code).toBe('LIVE_TOKEN_INVALID');
      // A second viewer spends the last view: the first keeps following, a third is refused the page.
      expect((await fetch(`${srv.url}/s/${shareId}`, { headers: NAVIGATE })).status).toBe(200);
      expect((await fetch(`${srv.url}/s/${shareId}/live?v=0`, { headers: { cookie } })).status).toBe(200);
      expect((await fetch(`${srv.url}/s/${shareId}`, { headers: NAVIGATE })).status).toBe(410);
      expect((await fetch(`${srv.url}/s/${shareId}/live?v=0`, { headers: { cookie: first } })).status).toBe(410);
      expect((await stats(id)).views).toBe(2);
    }, 30_000);

    it('the API read counts views: 12 concurrent reads of a max_views=3 link, 3 answered', async () => {
      const { id, shareId } = await shared('API reads', { max_views: 3 });
      const reads = await Promise.all(Array.from({ length: 12 }, () => bob.req('GET', `/api/v1/chats/share/${shareId}`, undefined, { connection: 'close' })));
      expect(reads.filter((r) => r.status === 200)).toHaveLength(3);
      for (const r of reads.filter((x) => x.status !== 200)) expect(r.json.code).toBe('SHARE_LINK_EXPIRED');
      expect((await stats(id)).views).toBe(3);
    });
  });
}
