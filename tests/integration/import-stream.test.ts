// Large exports parsed as a stream (issue 16), against the built server: a JSON body past the old 50 MB limit, an
// archive's export file far larger than one conversation may be, a file cut short or broken part way (422, what came
// before kept, a retry skipping it), nesting 100,000 deep, and one conversation over its bound. The server runs with
// IMPORT_MAX_ITEM_MB=1 (64 MB by default), so the memory bound is tested on megabytes rather than hundreds of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';
import { makeZip } from '../helpers/zip';
import { bigExport } from '../helpers/big-exports';

let server: TestServer;
let client: Client;
beforeAll(async () => {
  server = await startServer({ IMPORT_MAX_ITEM_MB: '1' });
  client = new Client(server.url);
  await client.signup('stream@example.com');
});
afterAll(async () => { await server?.stop(); });

async function importBody(body: Buffer | string, type = 'application/json', query = ''): Promise<{ status: number; json: any }> {
  const res = await fetch(`${server.url}/api/v1/chats/import${query}`, {
    method: 'POST', headers: { authorization: `Bearer ${client.token}`, 'content-type': type }, body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  return { status: res.status, json: await res.json() };
}

describe('big files', () => {
  it('takes a JSON body over 50 MB (spooled to disk and streamed)', async () => {
    const text = bigExport(120, 550_000, 'sixty');
    expect(text.length).toBeGreaterThan(60 * 1024 * 1024);
    const r = await importBody(text);
    expect(r.status).toBe(200);
    expect(r.json.imported).toHaveLength(120);
    expect(r.json.imported.at(-1).title).toBe('sixty chat 119');
  }, 120_000);

  it('takes an export file in a ZIP archive many times larger than one conversation may be', async () => {
    // 12 MB of conversations of 500 KB each, against a 1 MB bound on one conversation: the file is never held whole.
    // (Stored, not deflated: the repeated filler would deflate past the zip-bomb ratio.)
    const r = await importBody(makeZip({ 'conversations.json': { data: Buffer.from(bigExport(24, 500_000, 'zipped')), store: true } }), 'application/zip');
    expect(r.status).toBe(200);
    expect(r.json.imported).toHaveLength(24);
  }, 60_000);
});

describe('files that break part way', () => {
  it('answers a file cut short with a 422 that says so, keeps the batches before the cut, and a retry skips them', async () => {
    const whole = bigExport(80, 2000, 'cut');
    const r = await importBody(whole.slice(0, whole.indexOf('{"id":"cut-55"') + 300)); // cut inside the 56th
    expect(r.status).toBe(422);
    expect(r.json.code).toBe('VALIDATION_ERROR');
    // 55 whole conversations before the cut: batches commit as they fill (25, 25), and the 5 read after them are stored
    // before the answer.
    expect(r.json.detail).toBe('The file stops being valid JSON (or ends early) after its first 55 conversations. What came before was kept: 55 chats imported.');
    const again = await importBody(whole);
    expect(again.status).toBe(200);
    expect(again.json.skipped).toHaveLength(55);
    expect(again.json.imported).toHaveLength(25);
    expect(again.json.imported[0].title).toBe('cut chat 55');
  }, 60_000);

  it('answers text that stops being JSON in the answer\'s language', async () => {
    const text = `${bigExport(3, 500, 'junk').slice(0, -1)},{"title": nope}]`;
    const res = await fetch(`${server.url}/api/v1/chats/import?duplicates=copy`, {
      method: 'POST', headers: { authorization: `Bearer ${client.token}`, 'content-type': 'application/json', 'accept-language': 'fr' }, body: text,
    });
    expect(res.status).toBe(422);
    expect((await res.json()).detail).toBe("Le fichier cesse d'être du JSON valide (ou s'arrête trop tôt) après ses 3 premières conversations. Ce qui précédait a été conservé : 3 conversations importées.");
  });

  it('refuses one conversation over the bound, naming it, with the batches before it kept', async () => {
    const small = JSON.parse(bigExport(30, 1000, 'before-big')) as unknown[];
    const big = JSON.parse(bigExport(1, 1_200_000, 'huge'))[0];
    const r = await importBody(JSON.stringify([...small, big, ...small.slice(0, 3)]), 'application/json', '?duplicates=copy');
    expect(r.status).toBe(422);
    expect(r.json.detail).toBe('Conversation 31 of the file is over 1 MB: it was not imported, nor anything after it. What came before was kept: 30 chats imported.');
  });
});

describe('deep nesting', () => {
  it('refuses 100,000 nested arrays at once, as a whole file, inside a conversation, under `conversations` and in an archive', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const started = performance.now();
    for (const text of [deep, `[{"title":"x","mapping":${deep}}]`, `{"conversations":[${deep}]}`]) {
      const r = await importBody(text);
      expect(r.status, text.slice(0, 30)).toBe(422);
      expect(r.json.detail).toMatch(/^body: JSON nested deeper than 64 levels is not accepted\./);
    }
    const zipped = await importBody(makeZip({ 'conversations.json': deep }), 'application/zip');
    expect(zipped.status).toBe(422);
    expect(zipped.json.detail).toMatch(/nested deeper than 64 levels/);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
