// API errors speak the caller's language (Accept-Language, the cs_lang cookie, else English) while `code` and the
// status stay the same: a client branches on the code and shows the detail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';
import { CATALOGS } from '../../src/lib/i18n/catalogs/index';

let srv: TestServer;
let admin: Client;
let user: Client;
let chatId: string;
let expiredShareId: string;

const chatBody = (title: string) => ({
  chat: { title, history: { currentId: 'a', messages: {
    q: { id: 'q', parentId: null, childrenIds: ['a'], role: 'user', content: `About ${title}?` },
    a: { id: 'a', parentId: 'q', childrenIds: [], role: 'assistant', content: 'An answer.' },
  } } },
});

beforeAll(async () => {
  srv = await startServer({ CHATSHARE_NO_WARMUP: '1' });
  admin = new Client(srv.url);
  await admin.signup('root@example.com', 'correct horse battery', 'Root');
  user = new Client(srv.url);
  await user.signup('someone@example.com', 'correct horse battery', 'Someone');
  chatId = (await user.req('POST', '/api/v1/chats/new', chatBody('Tides'))).json.id;
  // A public link good for one view: the anonymous read below uses it up, and every later read is SHARE_LINK_EXPIRED.
  const other = (await user.req('POST', '/api/v1/chats/new', chatBody('Once'))).json.id;
  expiredShareId = (await user.req('POST', `/api/v1/chats/${other}/share`, { is_public: true, max_views: 1 })).json.share_id;
  expect((await new Client(srv.url).req('GET', `/api/v1/chats/share/${expiredShareId}`)).status).toBe(200);
});
afterAll(async () => srv?.stop());

type Lang = 'en' | 'fr' | 'es';
const header = (lang: Lang): Record<string, string> => (lang === 'en' ? {} : { 'accept-language': lang });

interface Case { what: string; status: number; code: string; send: (lang: Lang) => Promise<{ status: number; json: any }>; detail: Record<Lang, string> }

const CASES: Case[] = [
  {
    what: '401 signed out', status: 401, code: 'UNAUTHORIZED',
    send: (lang) => new Client(srv.url).req('GET', '/api/v1/chats/', undefined, header(lang)),
    detail: {
      en: 'Sign in or send an API key as a Bearer token.',
      fr: "Connectez-vous ou envoyez une clé d'API comme jeton Bearer.",
      es: 'Inicia sesión o envía una clave de API como token Bearer.',
    },
  },
  {
    what: '422 naming the parameter', status: 422, code: 'VALIDATION_ERROR',
    send: (lang) => user.req('POST', `/api/v1/chats/${chatId}/share`, { max_views: -1 }, header(lang)),
    detail: {
      en: 'max_views: max_views cannot be negative (0 means unlimited)',
      fr: 'max_views: doit être au moins égal à 0.',
      es: 'max_views: debe ser como mínimo 0.',
    },
  },
  {
    what: '422 for a query parameter', status: 422, code: 'VALIDATION_ERROR',
    send: (lang) => user.req('GET', '/api/v1/chats/shared?status=gone', undefined, header(lang)),
    detail: {
      en: 'status: must be active, expired or revoked',
      fr: 'status: doit valoir l\'une de ces valeurs\u00a0: active, expired, revoked, all.',
      es: 'status: debe ser uno de estos valores: active, expired, revoked, all.',
    },
  },
  {
    what: '404 chat not found', status: 404, code: 'CHAT_NOT_FOUND',
    send: (lang) => user.req('GET', '/api/v1/chats/no-such-chat', undefined, header(lang)),
    detail: { en: 'Chat not found.', fr: 'Chat introuvable.', es: 'Chat no encontrado.' },
  },
  {
    what: '403 admin required', status: 403, code: 'ADMIN_REQUIRED',
    send: (lang) => user.req('GET', '/api/v1/users/', undefined, header(lang)),
    detail: { en: 'Only administrators can do this.', fr: 'Seuls les administrateurs peuvent faire cela.', es: 'Solo los administradores pueden hacer esto.' },
  },
  {
    what: '410 SHARE_LINK_EXPIRED on the share read route', status: 410, code: 'SHARE_LINK_EXPIRED',
    send: (lang) => new Client(srv.url).req('GET', `/api/v1/chats/share/${expiredShareId}`, undefined, header(lang)),
    detail: {
      en: 'This shared link has expired and is no longer accessible.',
      fr: CATALOGS.fr.errors!.SHARE_LINK_EXPIRED!,
      es: CATALOGS.es.errors!.SHARE_LINK_EXPIRED!,
    },
  },
];

describe('API error details by language', () => {
  for (const c of CASES) {
    it(`${c.what}: English without the header, French with fr, Spanish with es; the code unchanged`, async () => {
      for (const lang of ['en', 'fr', 'es'] as const) {
        const r = await c.send(lang);
        expect(r.status, `${lang} status`).toBe(c.status);
        expect(r.json, lang).toEqual({ code: c.code, detail: c.detail[lang] });
      }
      expect(c.detail.fr).not.toBe(c.detail.en);
      expect(c.detail.es).not.toBe(c.detail.en);
      expect(c.detail.es).not.toBe(c.detail.fr);
    });
  }

  it('follows a regional Accept-Language and the weights, and the cs_lang cookie before the header', async () => {
    const notFound = (headers: Record<string, string>) => user.req('GET', '/api/v1/chats/no-such-chat', undefined, headers);
    expect((await notFound({ 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.5' })).json.detail).toBe('Chat introuvable.');
    expect((await notFound({ 'accept-language': 'de-DE,es;q=0.8,fr;q=0.3' })).json.detail).toBe('Chat no encontrado.');
    expect((await notFound({ 'accept-language': 'de-DE' })).json.detail).toBe('Chat not found.');
    expect((await notFound({ 'accept-language': 'fr', cookie: 'cs_lang=es' })).json.detail).toBe('Chat no encontrado.');
  });

  it('a hostile Accept-Language is English, never an error', async () => {
    for (const value of ['x'.repeat(8000), ';;;,,,q=2', 'fr;q=abc', '*']) {
      const r = await user.req('GET', '/api/v1/chats/no-such-chat', undefined, { 'accept-language': value });
      expect(r.status).toBe(404);
      expect(r.json.code).toBe('CHAT_NOT_FOUND');
    }
  });

  it('the admin API\'s own errors are translated too (a group name taken, the default-permissions body)', async () => {
    await admin.req('POST', '/api/v1/groups/create', { name: 'Team' });
    const taken = await admin.req('POST', '/api/v1/groups/create', { name: 'Team' }, { 'accept-language': 'es' });
    expect(taken.json).toEqual({ code: 'GROUP_NAME_TAKEN', detail: 'name: ya existe un grupo con ese nombre.' });
    const bad = await admin.req('POST', '/api/v1/users/default/permissions', { sharing: { public_chat: 'yes' } }, { 'accept-language': 'fr' });
    expect(bad.status).toBe(422);
    expect(bad.json.detail).toBe('sharing.public_chat: doit être true ou false.');
  });
});

describe('import reasons', () => {
  it('say why an item was refused or skipped in the caller\'s language, nested in a translated sentence', async () => {
    const file = { chats: [42, { chat: { history: 'x' } }, chatBody('Kept').chat, chatBody('Kept').chat] };
    const es = await user.req('POST', '/api/v1/chats/import', file, { 'accept-language': 'es' });
    expect(es.status).toBe(200);
    expect(es.json.rejected.map((r: { reason: string }) => r.reason)).toEqual(['no es un chat', 'no se pueden leer sus mensajes («chat.history.messages» no es un objeto)']);
    expect(es.json.skipped[0].reason).toBe('el mismo chat aparece antes en este archivo');
    const en = await user.req('POST', '/api/v1/chats/import', { chats: [42] });
    expect(en.status).toBe(422);
    expect(en.json.detail).toBe('No chat could be imported: it is not a chat');
    const fr = await user.req('POST', '/api/v1/chats/import', { chats: [42] }, { 'accept-language': 'fr' });
    expect(fr.json.detail).toContain("ce n'est pas un chat");
    expect(fr.json.code).toBe('VALIDATION_ERROR');
  });
});
