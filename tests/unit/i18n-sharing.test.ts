// The Share Chat dialog and the Shared Chats page in English, French and Spanish: the expiry sentence (plural rules,
// a date in the language's own format), field errors in plain words, notices, status lines and the typed words.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clientMessages, translator } from '../../src/lib/i18n/index';
import { DASHBOARD_SCRIPT_MESSAGES, DIALOG_SCRIPT_MESSAGES } from '../../src/lib/shares/manage/script-messages';
import { describeExpiry } from '../../src/lib/shares/manage/expiry-summary';
import { countMessage, plainShareError, shareIdMessage } from '../../src/lib/shares/manage/share-form-errors';
import { noticeText } from '../../src/lib/shares/manage/dashboard-actions';
import { statusNote } from '../../src/lib/shares/manage/status-note';
import { dangerWord, typedWordMatches } from '../../src/lib/shares/manage/danger-words';
import { sharedBranchSummary } from '../../src/lib/chats/shared-branch';
import type { History } from '../../src/lib/chats/types';

const en = translator('en');
const fr = translator('fr');
const es = translator('es');
const base = { expiresAt: null, maxViews: 0, maxClones: 0, allowCloning: true, allowViewAfterCloneLimit: false, timeZone: 'UTC' };
const at = Date.UTC(2030, 9, 26, 17, 0, 0) / 1000; // 26 October 2030, 17:00 UTC

describe('the expiry sentence', () => {
  it('uses each language\'s plural rules for views and clones', () => {
    expect(describeExpiry({ ...base, locale: 'en', maxViews: 1 }, en)).toBe('Expires after 1 view');
    expect(describeExpiry({ ...base, locale: 'en', maxViews: 100 }, en)).toBe('Expires after 100 views');
    expect(describeExpiry({ ...base, locale: 'fr', maxViews: 1 }, fr)).toBe('Expire après 1 vue');
    expect(describeExpiry({ ...base, locale: 'fr', maxViews: 100 }, fr)).toBe('Expire après 100 vues');
    expect(describeExpiry({ ...base, locale: 'es', maxViews: 1 }, es)).toBe('Caduca tras 1 vista');
    expect(describeExpiry({ ...base, locale: 'es', maxViews: 100 }, es)).toBe('Caduca tras 100 vistas');
    expect(describeExpiry({ ...base, locale: 'fr', maxClones: 1 }, fr)).toBe('Expire après 1 clone');
    expect(describeExpiry({ ...base, locale: 'es', maxClones: 3 }, es)).toBe('Caduca tras 3 clones');
    expect(describeExpiry({ ...base, locale: 'es', maxClones: 1 }, es)).toBe('Caduca tras 1 clon');
  });

  it('writes the date as the language does and joins the conditions with its own "or"', () => {
    expect(describeExpiry({ ...base, locale: 'en', expiresAt: at, maxViews: 100 }, en)).toBe('Expires on 10/26/2030, 5:00:00 PM or after 100 views');
    expect(describeExpiry({ ...base, locale: 'fr', expiresAt: at, maxViews: 100 }, fr)).toBe('Expire le 26/10/2030 17:00:00 ou après 100 vues');
    expect(describeExpiry({ ...base, locale: 'es', expiresAt: at, maxViews: 100 }, es)).toBe('Caduca el 26/10/2030, 17:00:00 o tras 100 vistas');
    // Three conditions: the language's list ("A, B ou C"), never an English "or" left inside.
    const three = describeExpiry({ ...base, locale: 'fr', expiresAt: at, maxViews: 2, maxClones: 1 }, fr);
    expect(three).toBe('Expire le 26/10/2030 17:00:00, après 2 vues ou après 1 clone');
    expect(describeExpiry({ ...base, locale: 'es', expiresAt: at, maxViews: 2, maxClones: 1 }, es)).toBe('Caduca el 26/10/2030, 17:00:00, tras 2 vistas o tras 1 clon');
    // Big numbers are grouped the language's way.
    expect(describeExpiry({ ...base, locale: 'fr', maxViews: 2_147_483_647 }, fr)).toBe('Expire après 2\u202f147\u202f483\u202f647 vues');
    expect(describeExpiry({ ...base, locale: 'es', maxViews: 2_147_483_647 }, es)).toBe('Caduca tras 2.147.483.647 vistas');
  });

  it('says a past date has passed, and the never-expires forms, in each language', () => {
    expect(describeExpiry({ ...base, locale: 'fr', expiresAt: at, now: at + 1 }, fr)).toBe('A expiré le 26/10/2030 17:00:00');
    expect(describeExpiry({ ...base, locale: 'es', expiresAt: at, now: at + 1 }, es)).toBe('Caducó el 26/10/2030, 17:00:00');
    expect(describeExpiry({ ...base, locale: 'fr' }, fr)).toBe('Ce lien n\'expire jamais.');
    expect(describeExpiry({ ...base, locale: 'es', short: true }, es)).toBe('Nunca caduca');
    expect(describeExpiry({ ...base, locale: 'en', short: true }, en)).toBe('Never expires');
    expect(describeExpiry({ ...base, locale: 'fr', maxClones: 2, allowViewAfterCloneLimit: true }, fr))
      .toBe('Ce lien n\'expire jamais. Le clonage s\'arrête après 2 clones\u202f; la consultation continue.');
  });
});

describe('field errors in the dialog', () => {
  it('are the dialog\'s own words for a code it knows, beside the field', () => {
    expect(plainShareError('ce que dit le serveur', 'SHARE_ID_TAKEN', 409, fr)).toEqual({ field: 'share_id', message: 'Ce lien est déjà utilisé. Choisissez-en un autre.' });
    expect(plainShareError('lo que sea', 'INVALID_PASSWORD', 403, es)).toEqual({ field: 'current_password', message: 'Esa no es la contraseña actual.' });
    expect(plainShareError('', 'PUBLIC_SHARING_NOT_ALLOWED', 403, fr).field).toBe('is_public');
  });

  it('name a field by its label in the language, never by the API name, whatever the spacing before the colon', () => {
    const p = plainShareError('max_views : max_views ne peut pas dépasser 2 147 483 647', 'VALIDATION_ERROR', 422, fr);
    expect(p.field).toBe('max_views');
    expect(p.message).toBe('Nombre maximal de vues ne peut pas dépasser 2 147 483 647.');
    expect(plainShareError('max_clones: weird_name', 'VALIDATION_ERROR', 422, es))
      .toEqual({ field: 'max_clones', message: 'No se aceptó el valor de «Máximo de clones». Revísalo y vuelve a intentarlo.' });
  });

  it('word the custom link and the limits in each language', () => {
    expect(shareIdMessage('too_long', 145, fr)).toBe('Utilisez au plus 144 caractères (celui-ci en compte 145).');
    expect(shareIdMessage('too_long', 145, en)).toBe('Use at most 144 characters (this one has 145).');
    expect(countMessage('too_large', es)).toBe('Usa un número hasta 2.147.483.647, o 0 para ilimitado.');
    expect(countMessage('not_whole_number', fr)).toBe('Saisissez un nombre entier, par exemple 10 (0 signifie illimité).');
  });
});

describe('the Shared Chats page', () => {
  it('says what an action did with each language\'s plural', () => {
    expect(noticeText({ code: 'revoked', n: 1, m: 0 }, fr).text).toBe('1 lien révoqué.');
    expect(noticeText({ code: 'revoked', n: 3, m: 2 }, fr).text).toBe('3 liens révoqués. 2 l\'étaient déjà.');
    expect(noticeText({ code: 'restored', n: 2, m: 1 }, es).text).toBe('2 enlaces restaurados. 1 ya estaba activo.');
    expect(noticeText({ code: 'nothing_revoke', n: 1, m: 0 }, es).text).toBe('Ese enlace ya estaba revocado.');
    expect(noticeText({ code: 'nothing_revoke', n: 4, m: 0 }, en).text).toBe('Nothing to revoke: those links were already revoked.');
  });

  it('counts down and explains a status in the language', () => {
    const s = { status: 'active' as const, expires_at: 130, max_views: 0, views: 0, revoked_reason: null };
    expect(statusNote(s, 100, fr)).toBe('encore 30 s');
    expect(statusNote({ ...s, expires_at: 100 + 5 * 86_400 }, 100, fr)).toBe('encore 5 j');
    expect(statusNote({ ...s, expires_at: 100 + 5 * 86_400 }, 100, es)).toBe('quedan 5 d');
    expect(statusNote({ ...s, status: 'revoked', revoked_reason: 'manual' }, 100, es)).toBe('por ti');
  });

  it('asks for a translated word and accepts exactly that word (accents optional, capitals required)', () => {
    expect(dangerWord(en, 'revoke_all')).toBe('REVOKE');
    expect(dangerWord(fr, 'revoke_all')).toBe('RÉVOQUER');
    expect(dangerWord(es, 'clear_revoked')).toBe('BORRAR');
    expect(typedWordMatches('RÉVOQUER', dangerWord(fr, 'revoke_all'))).toBe(true);
    expect(typedWordMatches(' REVOQUER ', dangerWord(fr, 'revoke_all'))).toBe(true);
    expect(typedWordMatches('révoquer', dangerWord(fr, 'revoke_all'))).toBe(false);
    expect(typedWordMatches('REVOKE', dangerWord(fr, 'revoke_all'))).toBe(false);
    expect(typedWordMatches('REVOCA', dangerWord(es, 'revoke_all'))).toBe(false);
    expect(typedWordMatches('', '')).toBe(false);
    // Every word differs from the others in its language, so one typed word cannot confirm another action.
    for (const t of [en, fr, es]) expect(new Set(['revoke_all', 'reset_all', 'clear_revoked'].map((a) => dangerWord(t, a as 'revoke_all'))).size).toBe(3);
  });
});

describe('the branch a share publishes', () => {
  it('is named in the page\'s language', () => {
    const history: History = {
      currentId: 'a1',
      messages: {
        q: { id: 'q', parentId: null, childrenIds: ['a1', 'a2'], role: 'user', content: 'q', timestamp: 1 },
        a1: { id: 'a1', parentId: 'q', childrenIds: [], role: 'assistant', content: 'one' },
        a2: { id: 'a2', parentId: 'q', childrenIds: [], role: 'assistant', content: 'two' },
      },
    };
    expect(sharedBranchSummary(history, fr)).toBe('2 messages, réponse 1/2 au message 2');
    expect(sharedBranchSummary(history, es)).toBe('2 mensajes, respuesta 1/2 en el mensaje 2');
    expect(sharedBranchSummary(history)).toBe('2 messages, response 1/2 at message 2');
  });
});

describe('messages handed to page scripts', () => {
  /** Every dialog./dashboard. key named in these files. */
  const keysIn = (files: string[]) => {
    const used = new Set<string>();
    for (const file of files) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/'((?:dialog|dashboard)\.[A-Za-z]+)'/g)) used.add(m[1]!);
    }
    return used;
  };
  const dialogFiles = ['src/scripts/share-dialog.ts', 'src/scripts/share-form.ts', 'src/scripts/share-dialog-loader.ts',
    'src/lib/shares/manage/expiry-summary.ts', 'src/lib/shares/manage/share-form-errors.ts'];

  it('include every key the dialog\'s script (and the modules it imports) asks for', () => {
    const used = keysIn(dialogFiles);
    // Keys built from a prefix in share-dialog.ts (`dialog.${kind}HintBelow`).
    for (const kind of ['views', 'clones']) for (const part of ['HintBelow', 'SoFar']) used.add(`dialog.${kind}${part}`);
    expect(used.size).toBeGreaterThan(60);
    const handed = clientMessages('fr', DIALOG_SCRIPT_MESSAGES);
    for (const key of used) expect(handed[key], key).toBeDefined();
    // What the server writes into the dialog is not handed over again.
    expect(handed['dialog.publicNotAllowed']).toBeUndefined();
  });

  it('include every key the Shared Chats scripts ask for, and not the notices', () => {
    const used = keysIn([...dialogFiles, 'src/scripts/share-drop.ts', 'src/scripts/shared-dashboard.ts', 'src/lib/shares/manage/status-note.ts']);
    const handed = clientMessages('fr', DASHBOARD_SCRIPT_MESSAGES);
    for (const key of used) expect(handed[key], key).toBeDefined();
    expect(handed['dashboard.noticeRevoked']).toBeUndefined();
  });
});
