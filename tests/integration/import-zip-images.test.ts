// Issue 16, images inside imported ZIP archives: a ChatGPT export's images are kept as the messages' files (Open WebUI's
// shape), served to their owner with their sniffed type, to nobody else (404), through a share's own URL to whoever the
// share's gate lets in (without counting views), refused after revoke, and removed (rows and objects) with their chat.
// An image missing from the archive keeps its note; a ".png" that is really HTML is not kept and never served.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, NAVIGATE, sharedS3, startServer, type TestServer } from '../helpers/server';
import { chatgptImagesZip, JPEG, PNG } from '../helpers/chatgpt-images';

let srv: TestServer;
let admin: Client;
let alice: Client;
let bob: Client;

beforeAll(async () => {
  srv = await startServer({ CHATSHARE_NO_WARMUP: '1' });
  admin = new Client(srv.url);
  alice = new Client(srv.url);
  bob = new Client(srv.url);
  await admin.signup('admin@example.com');
  await alice.signup('alice@example.com');
  await bob.signup('bob@example.com');
});
afterAll(async () => srv?.stop());

async function importZip(c: Client, body: Buffer, query = ''): Promise<{ status: number; json: any }> {
  const res = await fetch(`${srv.url}/api/v1/chats/import${query}`, {
    method: 'POST', headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/zip' }, body: new Uint8Array(body),
  });
  return { status: res.status, json: await res.json() };
}

const get = (url: string, c?: Client, headers: Record<string, string> = {}) =>
  fetch(srv.url + url, { headers: { ...(c?.token ? { authorization: `Bearer ${c.token}` } : {}), ...headers } });

const fileRows = (chatId: string) => {
  const conn = new Database(path.join(srv.dataDir, 'chatshare.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return conn.prepare('SELECT id, name, mime, size, sha256 FROM chat_file WHERE chat_id = ? ORDER BY name').all(chatId) as Array<{ id: string; name: string; mime: string; size: number; sha256: string }>;
  } finally {
    conn.close();
  }
};

/** The object ids stored for a chat, in DATA_DIR/files/{chat}/ or under the bucket's prefix (TEST_STORAGE=s3). */
async function objectsOf(chatId: string): Promise<string[]> {
  if (srv.storage === 's3') return (await (await sharedS3()).keys(`${srv.keyPrefix}/files/${chatId}/`)).map((k) => k.split('/').pop()!).sort();
  const dir = path.join(srv.dataDir, 'files', chatId);
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

describe('images in an imported ChatGPT archive', () => {
  let chatId: string;
  let pngUrl: string;
  let jpegUrl: string;

  it('keeps the PNG and the JPEG as the messages\' files, and notes the missing and the fake one', async () => {
    const r = await importZip(alice, chatgptImagesZip());
    expect(r.status).toBe(200);
    expect(r.json.imported).toHaveLength(1);
    chatId = r.json.imported[0].id;
    const chat = (await alice.req('GET', `/api/v1/chats/${chatId}`)).json.chat;
    const m = chat.history.messages;
    expect(m.u1.files).toEqual([{ type: 'image', url: expect.stringMatching(/^\/api\/v1\/files\/[A-Za-z0-9_-]{22}\/content$/), name: 'square.png' }]);
    expect(m.u2.files).toEqual([{ type: 'image', url: expect.stringMatching(/^\/api\/v1\/files\/[A-Za-z0-9_-]{22}\/content$/), name: 'photo.jpg' }]);
    pngUrl = m.u1.files[0].url;
    jpegUrl = m.u2.files[0].url;
    // The kept images' notes are gone; the visible path (`messages`) says the same as the history.
    expect(m.u1.content).toBe('What is in this picture?');
    expect(m.u2.content).toBe('And this photo?');
    expect(chat.messages.find((x: any) => x.id === 'u1').files).toEqual(m.u1.files);
    // The missing one keeps its note; the HTML ".png" is not kept, and says so.
    expect(m.u3.files).toBeUndefined();
    expect(m.u3.content).toContain('Image not included in this import.');
    expect(m.u3.content).toContain('Image “evil.png” was not kept');
    expect(m.u3.content).toContain('Two more.');
    expect(m.u3.content.indexOf('Image not included')).toBeLessThan(m.u3.content.indexOf('evil.png')); // in the images' order
    const rows = fileRows(chatId);
    expect(rows.map((f) => [f.name, f.mime, f.size])).toEqual([['photo.jpg', 'image/jpeg', JPEG.length], ['square.png', 'image/png', PNG.length]]);
    // Only the two images were written: not the fake, not the archive's unrelated image.
    expect(await objectsOf(chatId)).toEqual(rows.map((f) => f.id).sort());
  });

  it('serves each to its owner with its sniffed type, and to an admin; anyone else gets 404', async () => {
    const png = await get(pngUrl, alice);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('x-content-type-options')).toBe('nosniff');
    expect(png.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    expect(png.headers.get('cache-control')).toMatch(/^private/);
    expect(Buffer.from(await png.arrayBuffer()).equals(PNG)).toBe(true);
    const jpeg = await get(jpegUrl, alice);
    expect(jpeg.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await jpeg.arrayBuffer()).equals(JPEG)).toBe(true);
    expect((await get(pngUrl, admin)).status).toBe(200);
    for (const who of [bob, undefined]) {
      const r = await get(pngUrl, who);
      expect(r.status).toBe(404);
      expect(r.headers.get('content-type')).toMatch(/json/);
    }
    // An id that does not exist answers the same.
    expect((await get('/api/v1/files/AAAAAAAAAAAAAAAAAAAAAA/content', alice)).status).toBe(404);
  });

  it('the library page shows them inline, lazily, with the file name as alt', async () => {
    const page = await (await get(`/c/${chatId}`, alice)).text();
    expect(page).toContain(`<img src="${pngUrl}" alt="square.png" loading="lazy"`);
    expect(page).toContain(`<img src="${jpegUrl}" alt="photo.jpg" loading="lazy"`);
  });

  it('a share shows them through its own URL to a stranger, counts no view per image, and refuses them once revoked', async () => {
    const made = await alice.req('POST', `/api/v1/chats/${chatId}/share`, {});
    expect(made.status).toBe(200);
    const sid = made.json.share_id;
    const pngId = pngUrl.split('/')[4]!;
    const page = await (await get(`/s/${sid}`, undefined, NAVIGATE)).text();
    expect(page).toContain(`<img src="/s/${sid}/files/${pngId}" alt="square.png"`);
    expect(page).not.toContain('/api/v1/files/');
    expect(page).not.toContain('<!--cs:path-->');
    const views = (await alice.req('GET', `/api/v1/chats/${chatId}/share`)).json.views;
    for (let i = 0; i < 3; i++) {
      const img = await get(`/s/${sid}/files/${pngId}`);
      expect(img.status).toBe(200);
      expect(img.headers.get('content-type')).toBe('image/png');
      expect(img.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await img.arrayBuffer()).equals(PNG)).toBe(true);
    }
    expect((await alice.req('GET', `/api/v1/chats/${chatId}/share`)).json.views).toBe(views);
    // A file of another chat is not this share's, even the owner's own.
    const other = await importZip(alice, chatgptImagesZip('Another trip'), '?duplicates=copy');
    const otherPng = (await alice.req('GET', `/api/v1/chats/${other.json.imported[0].id}`)).json.chat.history.messages.u1.files[0].url.split('/')[4];
    expect((await get(`/s/${sid}/files/${otherPng}`)).status).toBe(404);
    expect((await get(`/s/${sid}/files/AAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);
    // A password: the image needs it like the page does.
    await alice.req('POST', `/api/v1/chats/${chatId}/share`, { password: 'open sesame' });
    expect((await get(`/s/${sid}/files/${pngId}`)).status).toBe(401);
    await alice.req('POST', `/api/v1/chats/${chatId}/share`, { password: null, current_password: 'open sesame' });
    expect((await get(`/s/${sid}/files/${pngId}`)).status).toBe(200);
    // Revoked: refused like the page.
    expect((await alice.req('DELETE', `/api/v1/chats/${chatId}/share`)).status).toBe(200);
    expect([404, 410]).toContain((await get(`/s/${sid}/files/${pngId}`)).status);
  });

  it('a share of a part serves only the images its messages name', async () => {
    const made = await alice.req('POST', `/api/v1/chats/${chatId}/share/restore`);
    expect(made.status).toBe(200);
    const part = await alice.req('POST', `/api/v1/chats/${chatId}/share`, { first_message_id: 'u2', last_message_id: 'a2' });
    expect(part.status).toBe(200);
    const sid = part.json.share_id;
    expect((await get(`/s/${sid}/files/${jpegUrl.split('/')[4]}`)).status).toBe(200);
    expect((await get(`/s/${sid}/files/${pngUrl.split('/')[4]}`)).status).toBe(404);
  });

  const idOf = (url: string) => url.split('/')[4]!;
  /** The chat's history, with `change` applied, stored over the API (Open WebUI's update). */
  async function edit(change: (m: Record<string, any>) => void) {
    const chat = (await alice.req('GET', `/api/v1/chats/${chatId}`)).json.chat;
    change(chat.history.messages);
    const r = await alice.req('POST', `/api/v1/chats/${chatId}`, { chat: { history: chat.history } });
    expect(r.status).toBe(200);
  }

  it('the share\'s downloads link its images through the share, never the owner URL', async () => {
    // The share is still the part u2..a2 (the test above): its one image is the JPEG.
    const sid = (await alice.req('GET', `/api/v1/chats/${chatId}/share`)).json.share_id;
    const shareUrl = new RegExp(`^https?://[^/]+/s/${sid}/files/${idOf(jpegUrl)}$`);
    const json = await (await get(`/s/${sid}/download?format=json`)).text();
    expect(json).not.toContain('/api/v1/files/');
    const exported = JSON.parse(json)[0].chat;
    const url = exported.history.messages.u2.files[0].url;
    expect(url).toMatch(shareUrl);
    expect(exported.messages.find((m: any) => m.id === 'u2').files[0].url).toBe(url);
    // The absolute URL loads for a stranger.
    const img = await fetch(srv.url + new URL(url).pathname);
    expect(img.status).toBe(200);
    expect(Buffer.from(await img.arrayBuffer()).equals(JPEG)).toBe(true);
    const md = await (await get(`/s/${sid}/download?format=md`)).text();
    expect(md).not.toContain('/api/v1/files/');
    const image = /!\[photo\.jpg\]\(([^)]+)\)\n\nAnd this photo\?/.exec(md);
    expect(image?.[1]).toMatch(shareUrl);
    // The API's answer (what Open WebUI's client reads for a share) links them the same way.
    const api = await fetch(`${srv.url}/api/v1/chats/share/${sid}`);
    expect(api.status).toBe(200);
    const answer = await api.text();
    expect(answer).not.toContain('/api/v1/files/');
    expect(JSON.parse(answer).chat.history.messages.u2.files[0].url).toMatch(shareUrl);
  });

  let bobClone: string;
  let bobJpeg: string;

  it('cloning a share of a part copies the part\'s images for the cloner, and nothing outside the part', async () => {
    const sid = (await alice.req('GET', `/api/v1/chats/${chatId}/share`)).json.share_id;
    const r = await bob.req('POST', `/api/v1/chats/${sid}/clone/shared`);
    expect(r.status).toBe(200);
    bobClone = r.json.id;
    const chat = (await bob.req('GET', `/api/v1/chats/${bobClone}`)).json.chat;
    const files = chat.history.messages.u2.files;
    expect(files).toEqual([{ type: 'image', url: expect.stringMatching(/^\/api\/v1\/files\/[A-Za-z0-9_-]{22}\/content$/), name: 'photo.jpg' }]);
    bobJpeg = files[0].url;
    expect(bobJpeg).not.toBe(jpegUrl);
    expect(chat.messages.find((m: any) => m.id === 'u2').files).toEqual(files);
    // The copy is the cloner's: they load it, the original's owner does not; only the part's image was copied.
    const img = await get(bobJpeg, bob);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await img.arrayBuffer()).equals(JPEG)).toBe(true);
    expect((await get(bobJpeg, alice)).status).toBe(404);
    const rows = fileRows(bobClone);
    expect(rows.map((f) => [f.id, f.name, f.mime, f.size])).toEqual([[idOf(bobJpeg), 'photo.jpg', 'image/jpeg', JPEG.length]]);
    expect(await objectsOf(bobClone)).toEqual([idOf(bobJpeg)]);
    expect(JSON.stringify(chat)).not.toContain(idOf(pngUrl));
  });

  it('cloning one\'s own chat copies its images; deleting the copy leaves the original\'s', async () => {
    const r = await alice.req('POST', `/api/v1/chats/${chatId}/clone`, {});
    expect(r.status).toBe(200);
    const copy = r.json.id;
    const m = r.json.chat.history.messages;
    const urls = [m.u1.files[0].url, m.u2.files[0].url];
    expect(urls).not.toContain(pngUrl);
    expect(urls).not.toContain(jpegUrl);
    expect(fileRows(copy).map((f) => f.id).sort()).toEqual(urls.map(idOf).sort());
    expect(await objectsOf(copy)).toEqual(urls.map(idOf).sort());
    expect((await get(urls[0]!, alice)).status).toBe(200);
    expect((await alice.req('DELETE', `/api/v1/chats/${copy}`)).status).toBe(200);
    expect(fileRows(copy)).toEqual([]);
    expect(await objectsOf(copy)).toEqual([]);
    expect(fileRows(chatId)).toHaveLength(2);
    expect((await get(pngUrl, alice)).status).toBe(200);
    expect((await get(jpegUrl, alice)).status).toBe(200);
  });

  it('a part with all branches serves the images of the regenerations inside it, still nothing outside', async () => {
    // The PNG moves from u1 to u2b, an edit of u2 (a sibling under a1) off the visible path.
    await edit((m) => {
      m.u2b = { id: 'u2b', parentId: 'a1', childrenIds: [], role: 'user', content: 'Or this one?', timestamp: 1735689603, files: m.u1.files };
      m.a1.childrenIds = ['u2', 'u2b'];
      delete m.u1.files;
    });
    const share = (body: object) => alice.req('POST', `/api/v1/chats/${chatId}/share`, body);
    let sid = (await share({ first_message_id: 'a1', last_message_id: 'a2', all_branches: true })).json.share_id;
    expect((await get(`/s/${sid}?b=u2b`, undefined, NAVIGATE)).status).toBe(200);
    expect((await get(`/s/${sid}/files/${idOf(pngUrl)}`)).status).toBe(200);
    expect((await get(`/s/${sid}/files/${idOf(jpegUrl)}`)).status).toBe(200);
    // One branch: the regeneration's image is not shown, so not served.
    sid = (await share({ all_branches: false })).json.share_id;
    expect((await get(`/s/${sid}/files/${idOf(pngUrl)}`)).status).toBe(404);
    expect((await get(`/s/${sid}/files/${idOf(jpegUrl)}`)).status).toBe(200);
    // All branches of a part that starts at u2: u2b, beside it, is outside.
    sid = (await share({ first_message_id: 'u2', last_message_id: 'a3', all_branches: true })).json.share_id;
    expect((await get(`/s/${sid}/files/${idOf(pngUrl)}`)).status).toBe(404);
    expect((await get(`/s/${sid}/files/${idOf(jpegUrl)}`)).status).toBe(200);
  });

  it('a snapshot of a part serves the images it published; a live part the ones the chat names now', async () => {
    const share = (body: object) => alice.req('POST', `/api/v1/chats/${chatId}/share`, body);
    const sid = (await share({ first_message_id: 'u2', last_message_id: 'a2', all_branches: false })).json.share_id;
    expect((await get(`/s/${sid}/files/${idOf(jpegUrl)}`)).status).toBe(200);
    // The JPEG moves out of the part (to a3): the snapshot still shows it, so it is still served.
    await edit((m) => { m.a3.files = m.u2.files; delete m.u2.files; });
    expect((await get(`/s/${sid}/files/${idOf(jpegUrl)}`)).status).toBe(200);
    const page = await (await get(`/s/${sid}`, undefined, NAVIGATE)).text();
    expect(page).toContain(`/s/${sid}/files/${idOf(jpegUrl)}`);
    // Live, the part is read from the chat as it is now: the JPEG is no longer in it.
    expect((await share({ is_live: true })).status).toBe(200);
    expect((await get(`/s/${sid}/files/${idOf(jpegUrl)}`)).status).toBe(404);
    await edit((m) => { m.u2.files = m.a3.files; delete m.a3.files; });
    expect((await get(`/s/${sid}/files/${idOf(jpegUrl)}`)).status).toBe(200);
    expect((await get(`/s/${sid}/files/${idOf(pngUrl)}`)).status).toBe(404);
  });

  it('deleting the chat removes its files: rows and objects', async () => {
    expect(fileRows(chatId)).toHaveLength(2);
    expect(await objectsOf(chatId)).toHaveLength(2);
    expect((await alice.req('DELETE', `/api/v1/chats/${chatId}`)).status).toBe(200);
    expect(fileRows(chatId)).toEqual([]);
    expect(await objectsOf(chatId)).toEqual([]);
    if (srv.storage === 'fs') expect(fs.existsSync(path.join(srv.dataDir, 'files', chatId))).toBe(false);
    expect((await get(pngUrl, alice)).status).toBe(404);
  });
});

describe('a clone outlives its original', () => {
  it('the clone\'s images still load once the original is deleted; deleting the clone removes only its copies', async () => {
    const r = await importZip(alice, chatgptImagesZip('Kept apart'), '?duplicates=copy');
    const original = r.json.imported[0].id;
    const sid = (await alice.req('POST', `/api/v1/chats/${original}/share`, {})).json.share_id;
    const clone = (await bob.req('POST', `/api/v1/chats/${sid}/clone/shared`)).json.id;
    const urls = Object.values((await bob.req('GET', `/api/v1/chats/${clone}`)).json.chat.history.messages as Record<string, any>)
      .flatMap((m) => (m.files ?? []).map((f: any) => f.url));
    expect(urls).toHaveLength(2);
    expect((await alice.req('DELETE', `/api/v1/chats/${original}`)).status).toBe(200);
    expect(await objectsOf(original)).toEqual([]);
    for (const u of urls) expect((await get(u, bob)).status).toBe(200);
    expect(await objectsOf(clone)).toHaveLength(2);
    expect((await bob.req('DELETE', `/api/v1/chats/${clone}`)).status).toBe(200);
    expect(fileRows(clone)).toEqual([]);
    expect(await objectsOf(clone)).toEqual([]);
  });
});
