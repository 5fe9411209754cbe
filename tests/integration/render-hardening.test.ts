// Rendering hostile and heavy chats against the built server: no 5xx anywhere, and rendering never blocks serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';

type Msg = { id: string; parentId: string | null; childrenIds: string[]; role: string; content: string; timestamp: number };

function chatOf(title: string, contents: string[]) {
  const messages: Record<string, Msg> = {};
  let parent: string | null = null;
  contents.forEach((content, i) => {
    const id = `m${i}`;
    messages[id] = { id, parentId: parent, childrenIds: [], role: i % 2 ? 'assistant' : 'user', content, timestamp: 1_761_000_000 + i };
    if (parent) messages[parent]!.childrenIds.push(id);
    parent = id;
  });
  return { title, models: ['llama3.1:8b'], history: { currentId: parent, messages } };
}

const nestedList = (lines: number) => Array.from({ length: lines }, (_, i) => `${' '.repeat(2 * i)}- x`).join('\n');
// The issue's messages: each made share, /c/{id}, the live page and og.png answer 500, or stalled the server.
const HOSTILE = [
  nestedList(2000), // 4 MB
  '>'.repeat(2000),
  '*'.repeat(3000),
  `${'**'.repeat(1500)}a${'**'.repeat(1500)}`,
  `${'* '.repeat(3000)}x`,
  `${'['.repeat(3000)}a${']'.repeat(3000)}`,
];
// Real markdown, just a lot of it: within every per-message budget, seconds of CPU to render in all.
const HEAVY = Array.from({ length: 4 }, (_, m) => Array.from({ length: 25_000 }, (_, i) => `- item ${m}.${i} with **bold** text`).join('\n'));

async function createChat(client: Client, title: string, contents: string[]): Promise<string> {
  const r = await client.req('POST', '/api/v1/chats/new', { chat: chatOf(title, contents) });
  expect(r.status).toBe(200);
  return r.json.id as string;
}

async function timedGet(url: string): Promise<{ status: number; ms: number; body: string; cookie: string }> {
  const t = performance.now();
  const res = await fetch(url);
  const body = await res.text();
  return { status: res.status, ms: performance.now() - t, body, cookie: res.headers.get('set-cookie')?.split(';')[0] ?? '' };
}

/** GET url in a loop until `done` settles; every answer's status and time. */
async function pollWhile(done: Promise<unknown>, url: string): Promise<Array<{ status: number; ms: number }>> {
  let settled = false;
  void done.finally(() => { settled = true; });
  const seen: Array<{ status: number; ms: number }> = [];
  while (!settled) {
    const { status, ms } = await timedGet(url);
    seen.push({ status, ms });
    await new Promise((r) => setTimeout(r, 20));
  }
  return seen;
}

describe('render hardening on the built server', () => {
  let server: TestServer;
  let owner: Client;
  let otherPage: string; // another share, viewed while hostile and heavy chats publish
  beforeAll(async () => {
    server = await startServer({ CHATSHARE_NO_WARMUP: '' }); // warm, as in production: its budgets time renders
    owner = new Client(server.url);
    await owner.signup('render-owner@example.com');
    const other = await createChat(owner, 'Another chat', ['What is 2 + 2?', '**4**']);
    otherPage = `${server.url}/s/${(await owner.req('POST', `/api/v1/chats/${other}/share`, {})).json.share_id}`;
    expect((await timedGet(otherPage)).status).toBe(200);
  }, 120_000);
  afterAll(async () => { await server?.stop(); });

  it('a chat of the issue\'s hostile messages shares, shows, previews and polls without a 5xx', async () => {
    const id = await createChat(owner, 'Hostile chat', HOSTILE);

    // Snapshot: publishing it (4 MB) leaves other requests answered.
    const publish = owner.req('POST', `/api/v1/chats/${id}/share`, {});
    const health = pollWhile(publish, `${server.url}/healthz`);
    const other = await timedGet(otherPage);
    const shared = await publish;
    expect(shared.status).toBe(200);
    expect(other.status).toBe(200);
    expect(other.ms).toBeLessThan(2000);
    for (const h of await health) { expect(h.status).toBe(200); expect(h.ms).toBeLessThan(2000); }

    const shareId = shared.json.share_id as string;
    const snapshot = await timedGet(`${server.url}/s/${shareId}`);
    expect(snapshot.status).toBe(200);
    expect(snapshot.body).toContain('Shown as plain text');
    expect(snapshot.body).toContain('class="plain-text"');
    const og = await fetch(`${server.url}/s/${shareId}/og.png`);
    expect(og.status).toBe(200);
    expect(og.headers.get('content-type')).toBe('image/png');

    const library = await owner.req('GET', `/c/${id}`);
    expect(library.status).toBe(200);
    expect(String(library.json)).toContain('Shown as plain text');

    // Live: the page, its card and a poll all render the same chat on demand.
    expect((await owner.req('POST', `/api/v1/chats/${id}/share`, { is_live: true })).status).toBe(200);
    const live = await timedGet(`${server.url}/s/${shareId}`);
    expect(live.status).toBe(200);
    expect(live.body).toContain('Shown as plain text');
    expect((await fetch(`${server.url}/s/${shareId}/og.png?v=live`)).status).toBe(200);
    const poll = await fetch(`${server.url}/s/${shareId}/live?v=0`, { headers: { cookie: live.cookie } });
    expect(poll.status).toBe(200);
    expect(((await poll.json()) as { html: string }).html).toContain('Shown as plain text');
  }, 120_000);

  it('renders off the request thread: while a heavy chat publishes, /healthz and another share answer at once', async () => {
    const id = await createChat(owner, 'Heavy chat', HEAVY);
    const started = performance.now();
    const publish = owner.req('POST', `/api/v1/chats/${id}/share`, {}).then((r) => ({ ...r, ms: performance.now() - started }));
    const health = pollWhile(publish, `${server.url}/healthz`);
    await new Promise((r) => setTimeout(r, 300)); // the render is under way
    const other = await timedGet(otherPage);
    const shared = await publish;
    const checks = await health;

    expect(shared.status).toBe(200);
    // The render must take a while for this test to say anything: seconds of CPU here.
    expect(shared.ms).toBeGreaterThan(1000);
    expect(other.status).toBe(200);
    // Served while the publish was still rendering: on the request thread it would have waited for all of it.
    expect(other.ms).toBeLessThan(shared.ms / 2);
    expect(checks.length).toBeGreaterThan(3);
    for (const h of checks) { expect(h.status).toBe(200); expect(h.ms).toBeLessThan(shared.ms / 2); }
    // And the heavy chat rendered as markdown, within its budget.
    const page = await timedGet(`${server.url}/s/${shared.json.share_id}`);
    expect(page.body).toContain('<strong>bold</strong>');
  }, 180_000);

  it('concurrent views of a live share that changed all get the new version', async () => {
    const id = await createChat(owner, 'Busy live chat', ['first question', 'first answer']);
    const shareId = (await owner.req('POST', `/api/v1/chats/${id}/share`, { is_live: true })).json.share_id as string;
    const chat = chatOf('Busy live chat', ['second question', ...HEAVY.slice(0, 1)]);
    await new Promise((r) => setTimeout(r, 1100)); // updated_at has a one-second grain
    expect((await owner.req('POST', `/api/v1/chats/${id}`, { chat })).status).toBe(200);
    const pages = await Promise.all(Array.from({ length: 8 }, () => timedGet(`${server.url}/s/${shareId}`)));
    for (const p of pages) {
      expect(p.status).toBe(200);
      expect(p.body).toContain('second question');
    }
  }, 120_000);
});

describe('a render that runs out of time', () => {
  let server: TestServer;
  let owner: Client;
  beforeAll(async () => {
    server = await startServer({ RENDER_TIMEOUT_MS: '200', CHATSHARE_NO_WARMUP: '' });
    owner = new Client(server.url);
    await owner.signup('slow-owner@example.com');
  }, 120_000);
  afterAll(async () => { await server?.stop(); });

  it('is rendered again as plain text, and the server keeps serving', async () => {
    const id = await createChat(owner, 'Slow chat', HEAVY);
    const shared = await owner.req('POST', `/api/v1/chats/${id}/share`, {});
    expect(shared.status).toBe(200);
    const page = await timedGet(`${server.url}/s/${shared.json.share_id}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('this conversation took too long to format.');
    expect(page.body).toContain('- item 0.0 with **bold** text');
    expect((await fetch(`${server.url}/s/${shared.json.share_id}/og.png`)).status).toBe(200);
    expect((await timedGet(`${server.url}/healthz`)).status).toBe(200);
    // The pool replaced the thread it stopped: the next render works.
    const small = await createChat(owner, 'Small chat', ['hi **there**', 'hello']);
    const next = await owner.req('POST', `/api/v1/chats/${small}/share`, {});
    expect(next.status).toBe(200);
    expect((await timedGet(`${server.url}/s/${next.json.share_id}`)).body).toMatch(/<strong>there<\/strong>|took too long/);
  }, 120_000);
});
