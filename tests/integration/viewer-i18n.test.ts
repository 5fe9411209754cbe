// Share pages in the viewer's language: the artifact on disk has no words of any language, the frame around it is
// translated per viewer (Accept-Language, the footer's cookie), views count the same in every language.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, Client, type TestServer } from '../helpers/server';

let srv: TestServer;
let owner: Client;
let chatId = '';
let open = '';
let locked = '';

const chat = {
  title: 'Trip planning',
  history: {
    currentId: 'a',
    messages: {
      q: { id: 'q', parentId: null, childrenIds: ['a'], role: 'user', content: 'Where to go in **May**?', timestamp: 1_779_000_000 },
      a: { id: 'a', parentId: 'q', childrenIds: [], role: 'assistant', content: 'Lisbon.\n\n```js\nconsole.log(1)\n```', timestamp: 1_779_000_100 },
    },
  },
};
const view = (id: string, headers: Record<string, string> = {}) => fetch(`${srv.url}/s/${id}`, { headers, redirect: 'manual' });

beforeAll(async () => {
  srv = await startServer({ CHATSHARE_NO_WARMUP: '1' });
  owner = new Client(srv.url);
  await owner.signup('i18n-owner@example.com');
  chatId = (await owner.req('POST', '/api/v1/chats/new', { chat })).json.id;
  open = (await owner.req('POST', `/api/v1/chats/${chatId}/share`, {})).json.share_id;
  const other = (await owner.req('POST', '/api/v1/chats/new', { chat })).json.id;
  locked = (await owner.req('POST', `/api/v1/chats/${other}/share`, { password: 'opensesame' })).json.share_id;
});
afterAll(async () => srv?.stop());

describe('the share page in three languages', () => {
  it('keeps the artifact on disk free of words: only markers where words go', () => {
    const dir = path.join(srv.dataDir, 'shares', chatId);
    const html = fs.readFileSync(path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith('.html'))!), 'utf8');
    expect(html).toContain('<!--cs:t:viewer.snapshot-->');
    expect(html).toContain('<html lang="<!--cs:lang-->">');
    const words = html.replace(/<!--cs:[^>]*-->/g, '');
    for (const word of ['Snapshot', 'Copy<', 'User<', '2 messages', 'Shared with', 'Assistant']) expect(words).not.toContain(word);
  });

  it('answers in English by default, in French and Spanish by Accept-Language, and counts every view alike', async () => {
    const before = (await owner.req('GET', `/api/v1/chats/${chatId}/share`)).json.views as number;
    const en = await (await view(open)).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toMatch(/<span class="badge"[^>]*>Snapshot<\/span>/);
    expect(en).toContain('2 messages');
    expect(en).toContain('<span class="msg-who">User</span>');
    expect(en).toMatch(/<time datetime="[^"]+" data-date>May \d+, 2026<\/time>/);

    const fr = await (await view(open, { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' })).text();
    expect(fr).toContain('<html lang="fr">');
    expect(fr).toMatch(/<span class="badge"[^>]*>Instantané<\/span>/);
    expect(fr).toContain('<span class="msg-who">Utilisateur</span>');
    expect(fr).toMatch(/data-date>\d+ mai 2026<\/time>/);
    expect(fr).toContain('>Copier</button>');
    expect(fr).toContain('<option value="fr" lang="fr" selected>');
    expect(fr).toContain(`<input type="hidden" name="next" value="/s/${open}">`);
    expect(fr).toContain('"copied":"Copié"');

    const es = await (await view(open, { 'accept-language': 'es-MX' })).text();
    expect(es).toContain('<html lang="es">');
    expect(es).toContain('2 mensajes');
    expect(es).toMatch(/data-date>\d+ de mayo de 2026<\/time>/);

    // The conversation itself (code and text) is byte for byte the same in every language.
    const code = (html: string) => html.slice(html.indexOf('<pre'), html.indexOf('</pre>'));
    expect(code(fr)).toBe(code(en));
    expect(code(es)).toBe(code(en));
    expect((await owner.req('GET', `/api/v1/chats/${chatId}/share`)).json.views).toBe(before + 3);
  });

  it('follows the footer switch\'s cookie over the browser\'s language', async () => {
    const switched = await fetch(`${srv.url}/locale`, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams({ locale: 'es', next: `/s/${open}` }),
      headers: { origin: srv.url, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(switched.status).toBe(303);
    expect(switched.headers.get('location')).toBe(`/s/${open}`);
    const cookie = switched.headers.getSetCookie()[0]!.split(';')[0]!;
    expect(cookie).toBe('cs_lang=es');
    const page = await (await view(open, { cookie, 'accept-language': 'fr' })).text();
    expect(page).toContain('<html lang="es">');
    // A hostile `next` never leaves the site.
    const away = await fetch(`${srv.url}/locale`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ locale: 'fr', next: '//evil.example/x' }), headers: { origin: srv.url, 'content-type': 'application/x-www-form-urlencoded' } });
    expect(away.headers.get('location')).toBe('/');
  });

  it('translates the password page, its wrong-password error, the error pages and the generic card', async () => {
    const pw = await view(locked, { 'accept-language': 'fr' });
    expect(pw.status).toBe(401);
    const pwHtml = await pw.text();
    expect(pwHtml).toContain('<h1>Ce chat est protégé</h1>');
    expect(pwHtml).toContain('<label for="share-password">Mot de passe</label>');
    const wrong = await fetch(`${srv.url}/s/${locked}`, { method: 'POST', body: new URLSearchParams({ password: 'nope' }), headers: { origin: srv.url, 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'es' } });
    expect(await wrong.text()).toContain('Contraseña incorrecta.');

    const missing = await view('no-such-link-at-all', { 'accept-language': 'es' });
    expect(missing.status).toBe(404);
    const missingHtml = await missing.text();
    expect(missingHtml).toContain('¡Vaya! El enlace compartido');
    expect(missingHtml).toContain('<code>SHARE_LINK_NOT_FOUND</code>');
    const enMissing = await (await view('no-such-link-at-all')).text();
    expect(enMissing).toContain('Oops! The shared link you&#39;re trying to access doesn&#39;t exist.');

    const bad = await fetch(`${srv.url}/s/%E0%A4%A`, { headers: { 'accept-language': 'fr' } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Adresse non valide');

    const cardEn = Buffer.from(await (await fetch(`${srv.url}/s/${locked}/og.png`)).arrayBuffer());
    const cardFr = Buffer.from(await (await fetch(`${srv.url}/s/${locked}/og.png`, { headers: { 'accept-language': 'fr' } })).arrayBuffer());
    expect(cardEn.subarray(1, 4).toString()).toBe('PNG');
    expect(cardFr.subarray(1, 4).toString()).toBe('PNG');
    expect(cardFr.equals(cardEn)).toBe(false);
  });

  it('answers API errors in the caller\'s language with the same code', async () => {
    const r = await fetch(`${srv.url}/api/v1/chats/share/no-such-link-at-all`, { headers: { 'accept-language': 'fr' } });
    const body = await r.json() as { detail: string; code: string };
    expect(body.code).toBe('SHARE_LINK_NOT_FOUND');
    expect(body.detail).toContain('Oups !');
  });
});
