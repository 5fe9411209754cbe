// Share files in S3-compatible object storage (STORAGE_PROVIDER=s3), against a real S3-protocol server on loopback
// (s3rver behind a counting proxy, tests/helpers/s3.ts): files land in the bucket and go away with their share, views
// are served from memory (one read per file and process), and an outage answers 503 and never leaves a row pointing
// at a missing file.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';
import { startS3, type TestS3 } from '../helpers/s3';
import { longChat } from '../helpers/long-chat';

let s3: TestS3;
let srv: TestServer;
let owner: Client;
const PREFIX = 'tenant-a';
beforeAll(async () => {
  s3 = await startS3();
  srv = await startServer({ ...s3.env(PREFIX), CHATSHARE_NO_WARMUP: '1' });
  owner = new Client(srv.url);
  await owner.signup('objects@example.com');
});
afterAll(async () => { await srv?.stop(); await s3?.stop(); });

const smallChat = (title: string) => longChat(title, 2);
const folder = (chatId: string) => `${PREFIX}/shares/${chatId}/`;
const files = async (chatId: string) => (await s3.keys(folder(chatId))).map((k) => k.slice(folder(chatId).length));
const gets = (key: string) => s3.requests.filter((r) => r.startsWith('GET ') && r.includes(`/${key}`)).length;

async function newChat(chat = smallChat('In the bucket')): Promise<string> {
  const r = await owner.req('POST', '/api/v1/chats/new', { chat });
  expect(r.status).toBe(200);
  return r.json.id;
}

describe('a snapshot in object storage', () => {
  it('lands in the bucket under S3_KEY_PREFIX (nothing in DATA_DIR), and views read each file once', async () => {
    const chatId = await newChat();
    const r = await owner.req('POST', `/api/v1/chats/${chatId}/share`, {});
    expect(r.status).toBe(200);
    const names = await files(chatId);
    const rev = names[0]!.split('.')[0];
    expect(names).toEqual([`${rev}.html`, `${rev}.json`, `${rev}.png`]);
    expect(fs.existsSync(path.join(srv.dataDir, 'shares'))).toBe(false);

    for (let i = 0; i < 5; i++) {
      const page = await fetch(`${srv.url}/s/${r.json.share_id}`, { headers: { 'accept-language': ['en', 'fr', 'es'][i % 3]! } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Question 0?');
      const png = await fetch(`${srv.url}/s/${r.json.share_id}/og.png?v=${rev}`);
      expect(png.headers.get('content-type')).toBe('image/png');
      expect((await png.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
    // Five views in three languages and five images: one GET of each object, all told.
    expect(gets(`${folder(chatId)}${rev}.html`)).toBe(1);
    expect(gets(`${folder(chatId)}${rev}.png`)).toBe(1);
  });

  it('a refresh writes the new revision before pointing at it and removes the old one; deleting the chat removes all', async () => {
    const chatId = await newChat();
    const r = await owner.req('POST', `/api/v1/chats/${chatId}/share`, {});
    const [old] = await files(chatId);
    expect((await owner.req('POST', `/api/v1/chats/${chatId}/share`, { refresh_snapshot: true })).status).toBe(200);
    const now = await files(chatId);
    expect(now).toHaveLength(3);
    expect(now).not.toContain(old);
    expect((await fetch(`${srv.url}/s/${r.json.share_id}`)).status).toBe(200);
    expect((await owner.req('DELETE', `/api/v1/chats/${chatId}`)).status).toBe(200);
    expect(await files(chatId)).toEqual([]);
  });

  it('a long chat\'s parts are objects too, read for ?part=N and the in-place fetch', async () => {
    const chatId = await newChat(longChat('Long in the bucket', 500));
    const r = await owner.req('POST', `/api/v1/chats/${chatId}/share`, {});
    expect(r.status).toBe(200);
    const names = await files(chatId);
    const rev = names[0]!.split('.')[0];
    expect(names).toEqual(expect.arrayContaining([`${rev}.ends.json`, `${rev}.part-1.html`, `${rev}.part-3.html`]));
    const part = await fetch(`${srv.url}/s/${r.json.share_id}?part=2`);
    expect(part.status).toBe(200);
    expect(await part.text()).toContain('Question 300?');
    const inPlace = await fetch(`${srv.url}/s/${r.json.share_id}/part?n=1`);
    expect(inPlace.status).toBe(200);
    expect((await inPlace.json()).html).toContain('Question 20?');
  });
});

describe('when the bucket cannot be reached', () => {
  it('a publish whose upload fails answers 503 STORAGE_UNAVAILABLE and leaves no row and no object', async () => {
    const chatId = await newChat();
    s3.refuse = 'writes';
    let r;
    try {
      r = await owner.req('POST', `/api/v1/chats/${chatId}/share`, {});
    } finally {
      s3.refuse = 'none';
    }
    expect(r.status).toBe(503);
    expect(r.json.code).toBe('STORAGE_UNAVAILABLE');
    expect(r.res.headers.get('retry-after')).toBeTruthy();
    expect((await owner.req('GET', `/api/v1/chats/${chatId}/share`)).json.code).toBe('SHARE_LINK_NOT_FOUND');
    expect((await owner.req('GET', '/api/v1/chats/shared')).json.map((s: { chat_id: string }) => s.chat_id)).not.toContain(chatId);
    expect(await files(chatId)).toEqual([]);
    // Once it is back, the same publish works.
    expect((await owner.req('POST', `/api/v1/chats/${chatId}/share`, {})).status).toBe(200);
    expect(await files(chatId)).toHaveLength(3);
  });

  it('a failed refresh keeps the row on its old revision, whose files stay and still serve', async () => {
    const chatId = await newChat();
    const r = await owner.req('POST', `/api/v1/chats/${chatId}/share`, {});
    const before = await files(chatId);
    s3.refuse = 'writes';
    let refresh;
    try {
      refresh = await owner.req('POST', `/api/v1/chats/${chatId}/share`, { refresh_snapshot: true });
    } finally {
      s3.refuse = 'none';
    }
    expect(refresh.status).toBe(503);
    expect(await files(chatId)).toEqual(before);
    expect((await fetch(`${srv.url}/s/${r.json.share_id}`)).status).toBe(200);
    expect((await owner.req('GET', `/api/v1/chats/${chatId}/share`)).json.updated_at).toBe(r.json.updated_at);
  });

  it('a first read during an outage answers 503 (page, image, API), never a 500; pages already read keep serving', async () => {
    const chatId = await newChat(longChat('Outage', 500));
    const r = await owner.req('POST', `/api/v1/chats/${chatId}/share`, {});
    const id = r.json.share_id as string;
    expect((await fetch(`${srv.url}/s/${id}`)).status).toBe(200); // read once: now in memory
    s3.refuse = 'all';
    try {
      expect((await fetch(`${srv.url}/s/${id}`)).status).toBe(200);
      const part = await fetch(`${srv.url}/s/${id}?part=1`);
      expect(part.status).toBe(503);
      expect(await part.text()).toContain('STORAGE_UNAVAILABLE');
      expect((await fetch(`${srv.url}/s/${id}/og.png`)).status).toBe(503);
      const api = await new Client(srv.url).req('GET', `/api/v1/chats/share/${id}`);
      expect(api.status).toBe(503);
      expect(api.json.code).toBe('STORAGE_UNAVAILABLE');
    } finally {
      s3.refuse = 'none';
    }
    expect((await fetch(`${srv.url}/s/${id}?part=1`)).status).toBe(200);
    expect(srv.logs()).not.toContain('unhandled error');
  });
});
