// Issue 18.1: the scan before sharing lists secrets and personal data; what the owner redacts never reaches any copy a
// share hands out (page, compressed pages, head tags, API, downloads, clone, a live page), and the owner's chat keeps it.
// Fake secrets are built at runtime so the repository does not trip secret scanners.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, Client, NAVIGATE, type TestServer } from '../helpers/server';
import { rawRequest } from '../helpers/raw-http';
import { carrying, everyCopy } from '../helpers/share-copies';

let srv: TestServer;
let alice: Client;
let bob: Client;

const OPENAI = 'sk-' + 'Fa4e'.repeat(12);
const KEY_BODY = 'MIIEpAIBAAKCAQEAfake'.repeat(6);
const PRIVATE_KEY = `-----BEGIN ${'RSA PRIVATE'} KEY-----\n${KEY_BODY}\n-----END ${'RSA PRIVATE'} KEY-----`;
const EMAIL = 'jane.roe@example.com';
const PHONE = '+33 6 12 34 56 78';
const LATER_EMAIL = 'later.person@example.org';

const messages = (extra?: string) => {
  const m: Record<string, object> = {
    q: { id: 'q', parentId: null, childrenIds: ['a'], role: 'user', content: `My key is ${OPENAI}, mail me at ${EMAIL}. Why does it fail?` },
    a: { id: 'a', parentId: 'q', childrenIds: extra ? ['q2'] : [], role: 'assistant', content: `Never paste this:\n\n\`\`\`\n${PRIVATE_KEY}\n\`\`\`\nCall ${PHONE} for help.` },
  };
  if (extra) m.q2 = { id: 'q2', parentId: 'a', childrenIds: [], role: 'user', content: extra };
  return { title: 'Secret scan', models: ['gpt-test'], history: { currentId: extra ? 'q2' : 'a', messages: m } };
};

const raw = (p: string, headers: Record<string, string> = {}) => rawRequest(srv.url, { method: 'GET', path: p, headers: { ...NAVIGATE, ...headers } });
const copiesOf = (shareId: string) => everyCopy(srv.url, bob, shareId);

beforeAll(async () => {
  srv = await startServer({ CHATSHARE_NO_WARMUP: '1' });
  alice = new Client(srv.url);
  bob = new Client(srv.url);
  await alice.signup('alice@example.com');
  await bob.signup('bob@example.com');
});
afterAll(async () => srv?.stop());

describe('the scan before sharing', () => {
  let chatId = '';
  const scan = () => alice.req('GET', `/api/v1/chats/${chatId}/share/scan`);
  const decide = (body: unknown) => alice.req('POST', `/api/v1/chats/${chatId}/share/scan`, body);

  it('lists the secrets and personal data of the shared branch, masked, to the owner only', async () => {
    chatId = (await alice.req('POST', '/api/v1/chats/new', { chat: messages() })).json.id;
    const r = await scan();
    expect(r.status).toBe(200);
    expect(r.json.scanned_messages).toBe(2);
    expect(typeof r.json.ms).toBe('number');
    expect(r.json.findings.map((f: any) => [f.rule, f.kind, f.role, f.message_number, f.excerpt, f.decision])).toEqual([
      ['openai-api-key', 'secret', 'user', 1, 'sk-F•••', null],
      ['email', 'personal', 'user', 1, 'jane•••', null],
      ['private-key', 'secret', 'assistant', 2, '----•••', null],
      ['phone', 'personal', 'assistant', 2, '+33 •••', null],
    ]);
    const body = JSON.stringify(r.json);
    for (const v of [OPENAI, EMAIL, KEY_BODY, PHONE]) expect(body).not.toContain(v);
    expect((await bob.req('GET', `/api/v1/chats/${chatId}/share/scan`)).status).toBe(404);
    expect((await bob.req('POST', `/api/v1/chats/${chatId}/share/scan`, { redact_all: true })).status).toBe(404);
    expect((await new Client(srv.url).req('GET', `/api/v1/chats/${chatId}/share/scan`)).status).toBe(401);
  });

  it('answers bad bodies with a 422 naming the problem', async () => {
    for (const body of [{}, { redact_all: false }, { decisions: [] }, { decisions: [{ id: 'x', decision: 'maybe' }] }, 'nope', [1]]) {
      const r = await decide(body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.json.code).toBe('VALIDATION_ERROR');
      expect(typeof r.json.detail).toBe('string');
    }
    const unknown = await decide({ decisions: [{ id: 'not-a-finding', decision: 'redact' }] });
    expect(unknown.status).toBe(422);
    expect(unknown.json.detail).toContain('not-a-finding');
  });

  it('redacts in every copy a share hands out, keeps what was marked fine, and never changes the chat', async () => {
    const phone = (await scan()).json.findings.find((f: any) => f.rule === 'phone');
    expect((await decide({ decisions: [{ id: phone.id, decision: 'ignore' }] })).status).toBe(200);
    const after = await decide({ redact_all: true });
    expect(after.json.findings.map((f: any) => f.decision)).toEqual(['redact', 'redact', 'redact', 'ignore']);

    const share = await alice.req('POST', `/api/v1/chats/${chatId}/share`, { is_public: true, allow_cloning: true, allow_download: true });
    expect(share.status).toBe(200);
    const shareId = share.json.share_id as string;
    const copies = await copiesOf(shareId);
    expect(copies.page).toContain('[redacted]');
    expect(copies.page).toContain('Why does it fail?');
    for (const v of [OPENAI, EMAIL, KEY_BODY]) expect(carrying(copies, v), v).toEqual([]);
    // Marked as fine: the value stays, in every copy.
    expect(Object.keys(copies).filter((k) => !copies[k]!.includes(PHONE) && k !== 'crawler' && k !== 'oembed')).toEqual([]);
    expect(copies.oembed).toContain('My key is [redacted]');
    // The head tags (description, image alt) a preview reads are built from the redacted copy too.
    expect(copies.crawler).toMatch(/<meta property="og:description" content="My key is \[redacted\]/);

    // The answers are stored as hashes and sealed values: no value in clear in the table.
    const conn = new Database(path.join(srv.dataDir, 'chatshare.sqlite'), { readonly: true });
    const rows = JSON.stringify(conn.prepare('SELECT * FROM share_redaction').all());
    conn.close();
    expect(rows).toContain('"decision":"redact"');
    for (const v of [OPENAI, EMAIL, KEY_BODY, PHONE, 'Fa4e', 'jane.roe', 'MIIEpAIBAAKCAQEA']) expect(rows).not.toContain(v);

    const own = JSON.stringify((await alice.req('GET', `/api/v1/chats/${chatId}`)).json);
    for (const v of [OPENAI, EMAIL, KEY_BODY, PHONE]) expect(own).toContain(v);
    expect((await scan()).json.snapshot_stale).toBe(false);

    // Changing an answer later: the snapshot waits for Update snapshot, then has it.
    await decide({ decisions: [{ id: phone.id, decision: 'redact' }] });
    expect((await scan()).json.snapshot_stale).toBe(true);
    expect((await raw(`/s/${shareId}`)).body.toString()).toContain(PHONE);
    expect((await alice.req('POST', `/api/v1/chats/${chatId}/share`, { refresh_snapshot: true })).status).toBe(200);
    expect((await raw(`/s/${shareId}`)).body.toString()).not.toContain(PHONE);
    expect((await scan()).json.snapshot_stale).toBe(false);
  });

  it('one answer holds for a value wherever it is listed', async () => {
    const id = (await alice.req('POST', '/api/v1/chats/new', { chat: {
      title: 'Twice', history: { currentId: 'b', messages: {
        a: { id: 'a', parentId: null, childrenIds: ['b'], role: 'user', content: `mail ${EMAIL}` },
        b: { id: 'b', parentId: 'a', childrenIds: [], role: 'assistant', content: `I will write to ${EMAIL}.` },
      } },
    } })).json.id as string;
    const url = `/api/v1/chats/${id}/share/scan`;
    const [first] = (await alice.req('GET', url)).json.findings;
    const redacted = await alice.req('POST', url, { decisions: [{ id: first.id, decision: 'redact' }] });
    expect(redacted.json.findings.map((f: any) => f.decision)).toEqual(['redact', 'redact']);
    const fine = await alice.req('POST', url, { decisions: [{ id: redacted.json.findings[1].id, decision: 'ignore' }] });
    expect(fine.json.findings.map((f: any) => f.decision)).toEqual(['ignore', 'ignore']);
  });

  it('a live share follows new messages and new answers', async () => {
    const shareId = (await alice.req('POST', `/api/v1/chats/${chatId}/share`, { is_live: true })).json.share_id as string;
    expect((await alice.req('POST', `/api/v1/chats/${chatId}`, { chat: messages(`Also write to ${LATER_EMAIL}`) })).status).toBe(200);
    const page = async () => (await raw(`/s/${shareId}`)).body.toString();
    const waitFor = async (ok: (html: string) => boolean) => {
      for (let i = 0; i < 50; i++) { const html = await page(); if (ok(html)) return html; await new Promise((r) => setTimeout(r, 100)); }
      return page();
    };
    let html = await waitFor((h) => h.includes(LATER_EMAIL));
    expect(html).toContain(LATER_EMAIL);
    for (const v of [OPENAI, EMAIL, KEY_BODY, PHONE]) expect(html).not.toContain(v);
    const fresh = (await scan()).json.findings.find((f: any) => f.message_number === 3);
    expect(fresh).toMatchObject({ rule: 'email', decision: null, excerpt: 'late•••' });
    await decide({ decisions: [{ id: fresh.id, decision: 'redact' }] });
    html = await waitFor((h) => !h.includes(LATER_EMAIL));
    expect(html).not.toContain(LATER_EMAIL);
    expect(html).toContain('Also write to [redacted]');
    expect(JSON.stringify((await bob.req('GET', `/api/v1/chats/share/${shareId}`)).json)).not.toContain(LATER_EMAIL);
  });
});
