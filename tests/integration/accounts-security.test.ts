// Shutting out a stolen session or a leaked password (change password, sessions list, sign out others), and the
// instance secret: written atomically, refused when empty or short, and tied to CHATSHARE_SECRET when that is set.
import Database from 'better-sqlite3';
import { createHash, createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';

const PASSWORD = 'correct horse battery';

/** The unlock cookie a copy of DATA_DIR alone lets anyone make: HMAC of the file's secret over the share and its hash. */
function forgeUnlock(dataDir: string, shareId: string): { name: string; value: string } {
  const fileSecret = fs.readFileSync(path.join(dataDir, 'secret'), 'utf8').trim();
  const conn = new Database(path.join(dataDir, 'chatshare.sqlite'), { readonly: true });
  const { password_hash } = conn.prepare('SELECT password_hash FROM share WHERE share_id = ?').get(shareId) as { password_hash: string };
  conn.close();
  const name = `cs_unlock_${createHash('sha256').update(shareId).digest('hex').slice(0, 16)}`;
  return { name, value: createHmac('sha256', fileSecret).update(`unlock\0${shareId}\0${password_hash}`).digest('base64url') };
}

async function passwordShare(base: string): Promise<string> {
  const owner = new Client(base);
  await owner.signup(`owner-${Math.random().toString(36).slice(2)}@example.com`);
  const id = (await owner.req('POST', '/api/v1/chats/new', { chat: { title: 'Locked', history: { currentId: null, messages: {} } } })).json.id;
  return (await owner.req('POST', `/api/v1/chats/${id}/share`, { password: 'open sesame' })).json.share_id;
}
const readShare = (base: string, shareId: string, cookie?: string) =>
  fetch(`${base}/api/v1/chats/share/${shareId}`, { headers: cookie ? { cookie } : {} });

let plain: TestServer;
let withEnv: TestServer;
beforeAll(async () => {
  [plain, withEnv] = await Promise.all([startServer({ TRUST_PROXY: '1' }), startServer({ CHATSHARE_SECRET: 'k'.repeat(20) + 'environment-only-part-0123456789' })]);
}, 120_000);
afterAll(async () => { await Promise.all([plain?.stop(), withEnv?.stop()]); });

describe('the instance secret', { timeout: 120_000 }, () => {
  it('is written whole (64 hex characters, mode 0600) with no temporary file left beside it', async () => {
    const server = plain;
    {
      const file = path.join(server.dataDir, 'secret');
      expect(fs.readFileSync(file, 'utf8')).toMatch(/^[0-9a-f]{64}$/);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.readdirSync(server.dataDir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    }
  });

  for (const [label, content] of [['empty', ''], ['short', 'abc123\n']] as const) {
    it(`an ${label} secret file stops the start with a clear message`, async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatshare-it-'));
      fs.writeFileSync(path.join(dataDir, 'secret'), content);
      try {
        const err = await startServer({}, { dataDir }).then(async (s) => { await s.stop(); return null; }, (e: Error) => e);
        expect(err?.message).toMatch(/exited early/);
        expect(err?.message).toMatch(/instance secret .* is (empty|too short)/);
        expect(err?.message).toMatch(/Delete the file/);
      } finally { fs.rmSync(dataDir, { recursive: true, force: true }); }
    });
  }

  it('without CHATSHARE_SECRET a copy of DATA_DIR forges unlock cookies (the trade-off the README states)', async () => {
    const server = plain;
    const shareId = await passwordShare(server.url);
    expect((await readShare(server.url, shareId)).status).toBe(401);
    const forged = forgeUnlock(server.dataDir, shareId);
    expect((await readShare(server.url, shareId, `${forged.name}=${forged.value}`)).status).toBe(200);
  });

  it('with CHATSHARE_SECRET an unlock cookie made with only the file\'s secret is refused; a real unlock works', async () => {
    const server = withEnv;
    {
      const shareId = await passwordShare(server.url);
      const forged = forgeUnlock(server.dataDir, shareId);
      const refused = await readShare(server.url, shareId, `${forged.name}=${forged.value}`);
      expect(refused.status).toBe(401);
      expect((await refused.json()).code).toBe('PASSWORD_REQUIRED');
      const unlock = await fetch(`${server.url}/api/v1/chats/share/${shareId}/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'open sesame' }) });
      expect(unlock.status).toBe(200);
      const cookie = unlock.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      expect((await readShare(server.url, shareId, cookie)).status).toBe(200);
    }
  });

  it('a CHATSHARE_SECRET that is too short stops the start', async () => {
    const err = await startServer({ CHATSHARE_SECRET: 'short' }).then(async (s) => { await s.stop(); return null; }, (e: Error) => e);
    expect(err?.message).toMatch(/CHATSHARE_SECRET is too short/);
  });

  it('WEBUI_SECRET_KEY, Open WebUI\'s name, is read when CHATSHARE_SECRET is unset (its sample value is refused)', async () => {
    const err = await startServer({ WEBUI_SECRET_KEY: 't0p-s3cr3t' }).then(async (s) => { await s.stop(); return null; }, (e: Error) => e);
    expect(err?.message).toMatch(/WEBUI_SECRET_KEY is too short \(10 characters\)/);
    // CHATSHARE_SECRET wins when both are set.
    const both = await startServer({ WEBUI_SECRET_KEY: 't0p-s3cr3t', CHATSHARE_SECRET: 'k'.repeat(40) });
    await both.stop();
  });
});

/** Signs in (a new session) from its own address and browser name; returns the session token. */
async function signIn(base: string, email: string, password = PASSWORD, from = '198.51.100.10', ua = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0'): Promise<{ status: number; token?: string }> {
  const r = await fetch(`${base}/api/v1/auths/signin`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': from, 'user-agent': ua }, body: JSON.stringify({ email, password }) });
  return { status: r.status, token: r.status === 200 ? (await r.json()).token : undefined };
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const me = (base: string, token: string) => fetch(`${base}/api/v1/auths/`, { headers: bearer(token) }).then((r) => r.status);
let counter = 0;
async function account(base: string): Promise<{ email: string; token: string }> {
  const email = `acct-${++counter}-${Date.now()}@example.com`;
  const c = new Client(base);
  await c.signup(email);
  return { email, token: c.token! };
}

describe('password change and sessions', { timeout: 120_000 }, () => {
  it('POST /api/v1/auths/update/password: a wrong current password is 403 in plain words and changes nothing', async () => {
    const { email, token } = await account(plain.url);
    const r = await fetch(`${plain.url}/api/v1/auths/update/password`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(token) }, body: JSON.stringify({ password: 'not my password', new_password: 'a brand new secret' }) });
    expect(r.status).toBe(403);
    expect(await r.json()).toEqual({ detail: 'Your current password is not right.', code: 'INVALID_PASSWORD' });
    expect((await signIn(plain.url, email)).status).toBe(200);
    const short = await fetch(`${plain.url}/api/v1/auths/update/password`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(token) }, body: JSON.stringify({ password: PASSWORD, new_password: 'short' }) });
    expect(short.status).toBe(422);
    expect((await short.json()).detail).toMatch(/^new_password: Use at least 8 characters\.$/);
  });

  it('the right current password changes it, ends every other session (cookies and Bearer tokens) and keeps this one', async () => {
    const { email, token: first } = await account(plain.url);
    const second = (await signIn(plain.url, email)).token!;
    const third = (await signIn(plain.url, email, PASSWORD, '198.51.100.11', 'curl/8.0')).token!;
    expect(await me(plain.url, second)).toBe(200);
    const r = await fetch(`${plain.url}/api/v1/auths/update/password`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(first) }, body: JSON.stringify({ password: PASSWORD, new_password: 'a brand new secret' }) });
    expect(r.status).toBe(200);
    expect(await r.json()).toBe(true);
    expect(await me(plain.url, first)).toBe(200);
    expect(await me(plain.url, second)).toBe(401);
    expect(await fetch(`${plain.url}/api/v1/auths/`, { headers: { cookie: `auth_session=${third}` } }).then((x) => x.status)).toBe(401);
    expect((await signIn(plain.url, email)).status).toBe(401);
    expect((await signIn(plain.url, email, 'a brand new secret')).status).toBe(200);
  });

  it('lists sessions with their browser and last use, ends one, and signs out of all the others', async () => {
    const { email, token: mine } = await account(plain.url);
    const phone = (await signIn(plain.url, email, PASSWORD, '198.51.100.12', 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/605.1')).token!;
    const laptop = (await signIn(plain.url, email)).token!;
    const list = await fetch(`${plain.url}/api/v1/auths/sessions`, { headers: bearer(mine) }).then((x) => x.json());
    expect(list).toHaveLength(3);
    expect(list.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    for (const s of list) {
      expect(s.id).toMatch(/^[0-9a-f]{16}$/);
      expect(s.last_used_at).toBeGreaterThan(1_700_000_000);
    }
    expect(list.map((s: { user_agent: string }) => s.user_agent)).toContain('Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/605.1');
    // Nothing in the list signs anyone in.
    expect(JSON.stringify(list)).not.toContain(phone);
    const phoneRow = list.find((s: { user_agent: string }) => s.user_agent?.includes('iPhone'));
    expect((await fetch(`${plain.url}/api/v1/auths/sessions/${phoneRow.id}`, { method: 'DELETE', headers: bearer(mine) })).status).toBe(200);
    expect(await me(plain.url, phone)).toBe(401);
    expect(await me(plain.url, laptop)).toBe(200);
    // Another account cannot end my sessions by their id.
    const other = await account(plain.url);
    const laptopRow = list.find((s: { current: boolean; user_agent: string }) => !s.current && !s.user_agent?.includes('iPhone'));
    expect((await fetch(`${plain.url}/api/v1/auths/sessions/${laptopRow.id}`, { method: 'DELETE', headers: bearer(other.token) })).status).toBe(404);
    expect(await me(plain.url, laptop)).toBe(200);
    const out = await fetch(`${plain.url}/api/v1/auths/sessions`, { method: 'DELETE', headers: bearer(mine) });
    expect(await out.json()).toEqual({ ended: 1 });
    expect(await me(plain.url, laptop)).toBe(401);
    expect(await me(plain.url, mine)).toBe(200);
  });

  it('the Settings form: a wrong current password is said beside its field; the right one shows a notice at the top', async () => {
    const { email } = await account(plain.url);
    const other = (await signIn(plain.url, email)).token!;
    const page = (await signIn(plain.url, email)).token!;
    const post = (fields: Record<string, string>) => fetch(`${plain.url}/settings`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `auth_session=${page}`, origin: plain.url }, body: new URLSearchParams({ action: 'password', ...fields }).toString() });
    const wrong = await post({ password: 'nope nope', new_password: 'another good one' });
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).toMatch(/id="current-password-error"[^>]*>Your current password is not right\./);
    const ok = await post({ password: PASSWORD, new_password: 'another good one' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/settings?done=password#password');
    expect(await me(plain.url, other)).toBe(401);
    expect(await me(plain.url, page)).toBe(200);
  });
});

describe('sign-in throttle: per account and client', { timeout: 120_000 }, () => {
  it('10 wrong passwords from client A do not keep the right password out from client B', async () => {
    const { email } = await account(plain.url);
    for (let i = 0; i < 10; i++) expect((await signIn(plain.url, email, `guess-${i}`, '192.0.2.66')).status).toBe(401);
    expect((await signIn(plain.url, email, PASSWORD, '192.0.2.66')).status).toBe(429);
    expect((await signIn(plain.url, email, PASSWORD, '192.0.2.67')).status).toBe(200);
  });
});
