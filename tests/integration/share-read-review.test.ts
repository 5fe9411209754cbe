// A hostile review of who can read a share and what each read costs (review 17): a request that reads nothing spends
// no view of a view-limited link, whichever way it comes. One server for the file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, Client, NAVIGATE, type TestServer } from '../helpers/server';
import { rawRequest } from '../helpers/raw-http';

let srv: TestServer;
let owner: Client;
let reader: Client;

const chat = (title: string) => ({
  chat: {
    title, history: {
      currentId: 'a', messages: {
        q: { id: 'q', parentId: null, childrenIds: ['a'], role: 'user', content: 'What is a tide?' },
        a: { id: 'a', parentId: 'q', childrenIds: [], role: 'assistant', content: 'The moon pulls the sea.' },
      },
    },
  },
});

async function share(title: string, options: Record<string, unknown>) {
  const id = (await owner.req('POST', '/api/v1/chats/new', chat(title))).json.id as string;
  const r = await owner.req('POST', `/api/v1/chats/${id}/share`, options);
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return { id, shareId: r.json.share_id as string };
}
const viewsOf = async (chatId: string) => (await owner.req('GET', `/api/v1/chats/${chatId}/share`)).json.views as number;
const raw = (method: string, p: string, headers: Record<string, string> = {}) => rawRequest(srv.url, { method, path: p, headers });

beforeAll(async () => {
  srv = await startServer({ CHATSHARE_NO_WARMUP: '1', ACCESS_REQUEST_OWNER_RATE_LIMIT: '2' });
  owner = new Client(srv.url);
  await owner.signup('owner@example.com');
  reader = new Client(srv.url);
  await reader.signup('reader@example.com');
});
afterAll(async () => srv?.stop());

describe('reads that spend nothing', () => {
  it('a part the chat does not have is a 404 that spends no view, on the fast path and the Astro route', async () => {
    const { id, shareId } = await share('Short chat', { max_views: 3 });
    for (const headers of [{ ...NAVIGATE }, { ...NAVIGATE, cookie: `auth_session=${reader.token}` }]) {
      for (const part of ['1', '99', '9999999']) {
        const r = await raw('GET', `/s/${shareId}?part=${part}`, headers);
        expect(r.status).toBe(404);
      }
    }
    expect(await viewsOf(id)).toBe(0);
    // The link still opens its three views.
    for (let i = 0; i < 3; i++) expect((await raw('GET', `/s/${shareId}`, NAVIGATE)).status).toBe(200);
    expect((await raw('GET', `/s/${shareId}`, NAVIGATE)).status).toBe(410);
  });

  it('HEAD of the API reads nothing and spends no view; GET spends one', async () => {
    const { id, shareId } = await share('Headed', { max_views: 2 });
    for (const headers of [{}, { authorization: `Bearer ${reader.token}` }] as Record<string, string>[]) {
      const r = await raw('HEAD', `/api/v1/chats/share/${shareId}`, headers);
      expect(r.status).toBe(200);
      expect(r.body.length).toBe(0);
    }
    expect(await viewsOf(id)).toBe(0);
    expect((await reader.req('GET', `/api/v1/chats/share/${shareId}`)).status).toBe(200);
    expect(await viewsOf(id)).toBe(1);
  });
});

describe('hostile ids', () => {
  it('messages with the ids "__proto__" and "constructor" reach both downloads whole (a plain object lost "__proto__")', async () => {
    // Written by hand: JSON.stringify of an object literal cannot carry a "__proto__" key.
    const body = '{"chat":{"title":"Proto chat","history":{"currentId":"__proto__","messages":{'
      + '"constructor":{"id":"constructor","parentId":null,"childrenIds":["__proto__"],"role":"user","content":"QUESTION-CTOR"},'
      + '"__proto__":{"id":"__proto__","parentId":"constructor","childrenIds":[],"role":"assistant","content":"ANSWER-PROTO"}}}}}';
    const made = await fetch(`${srv.url}/api/v1/chats/new`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.token}` }, body });
    const id = (await made.json()).id as string;
    for (const kind of [{}, { is_live: true }]) {
      const r = await owner.req('POST', `/api/v1/chats/${id}/share`, { ...kind, allow_download: true });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      const md = (await raw('GET', `/s/${r.json.share_id}/download?format=md`)).body.toString();
      expect(md).toMatch(/## User\n\nQUESTION-CTOR\n\n## Assistant\n\nANSWER-PROTO/);
      const [row] = JSON.parse((await raw('GET', `/s/${r.json.share_id}/download?format=json`)).body.toString());
      expect(Object.keys(row.chat.history.messages)).toEqual(['constructor', '__proto__']);
      expect(row.chat.history.messages.__proto__.content).toBe('ANSWER-PROTO');
      expect(row.chat.history.currentId).toBe('__proto__');
    }
  });
});

describe('request access', () => {
  it('an owner receives at most ACCESS_REQUEST_OWNER_RATE_LIMIT new requests an hour, whatever the number of accounts asking', async () => {
    const { shareId } = await share('People only', { audience: 'people', access_grants: [] });
    const askers: Client[] = [];
    for (let i = 0; i < 3; i++) {
      const c = new Client(srv.url);
      await c.signup(`asker${i}@example.com`);
      askers.push(c);
    }
    const ask = (c: Client, id: string) => c.req('POST', `/api/v1/chats/share/${id}/access/request`, { note: 'please' });
    expect((await ask(askers[0]!, shareId)).status).toBe(200);
    expect((await ask(askers[1]!, shareId)).status).toBe(200);
    // Asking again while pending is not a new request: it costs nothing.
    expect((await ask(askers[1]!, shareId)).json.status).toBe('pending');
    const third = await ask(askers[2]!, shareId);
    expect(third.status).toBe(429);
    expect(third.json.code).toBe('RATE_LIMITED');
    expect(Number(third.res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await owner.req('GET', '/api/v1/chats/shared/requests')).json.map((r: { user: { email: string } }) => r.user.email).sort())
      .toEqual(['asker0@example.com', 'asker1@example.com']);
    // The refused asker's own budget was not spent: another owner's link still takes their request.
    const other = new Client(srv.url);
    await other.signup('other-owner@example.com');
    const id = (await other.req('POST', '/api/v1/chats/new', chat('Elsewhere'))).json.id as string;
    const elsewhere = (await other.req('POST', `/api/v1/chats/${id}/share`, { audience: 'people', access_grants: [] })).json.share_id as string;
    expect((await ask(askers[2]!, elsewhere)).status).toBe(200);
  });
});
