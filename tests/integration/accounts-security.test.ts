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
});
