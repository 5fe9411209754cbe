// The admin pages' helpers in three languages: errors beside their field, relative times, and markup inside sentences.
import { describe, expect, it } from 'vitest';
import { agoOf, around, fieldError } from '../../src/lib/admin/pages';
import { HttpError, msg } from '../../src/lib/http';
import { parseInput } from '../../src/lib/validation';
import { translator, type Locale } from '../../src/lib/i18n/index';
import { z } from 'zod';

const locals = (locale: Locale) => ({ locale, t: translator(locale) });
const emptyName = (): HttpError => {
  try { parseInput(z.object({ name: z.string().trim().min(1, 'cannot be empty') }), { name: ' ' }); } catch (err) { return err as HttpError; }
  throw new Error('expected a refusal');
};

describe('fieldError', () => {
  it('English names the field by its label; French and Spanish say the reason as a sentence', () => {
    expect(fieldError(emptyName(), { name: 'Name' }, 'en')).toEqual({ field: 'name', message: 'Name cannot be empty.' });
    expect(fieldError(emptyName(), { name: 'Nom' }, 'fr')).toEqual({ field: 'name', message: 'Ne peut pas être vide.' });
    expect(fieldError(emptyName(), { name: 'Nombre' }, 'es')).toEqual({ field: 'name', message: 'No puede estar vacío.' });
  });
  it('keeps a reason that is already a sentence, and ignores fields the form does not have', () => {
    const taken = new HttpError('GROUP_NAME_TAKEN', msg('api.groupNameTaken'));
    expect(fieldError(taken, { name: 'Nom' }, 'fr')?.message).toBe('Un groupe porte déjà ce nom.');
    expect(fieldError(taken, { description: 'Description' }, 'fr')).toBeNull();
    expect(fieldError(new HttpError('VALIDATION_ERROR', 'constructor: x'), { name: 'Name' }, 'en')).toBeNull();
  });
});

describe('agoOf', () => {
  const now = 1_800_000_000;
  it('says relative times in the page language, with plurals', () => {
    expect(agoOf(now - 30, locals('fr'), now)).toBe("À l'instant");
    expect(agoOf(now - 600, locals('es'), now)).toBe('hace 10 min');
    expect(agoOf(now - 86400, locals('en'), now)).toBe('1 day ago');
    expect(agoOf(now - 3 * 86400, locals('fr'), now)).toBe('il y a 3 jours');
    expect(agoOf(null, locals('es'), now)).toBe('Nunca');
  });
  it('gives the date in the page language past a month', () => {
    expect(agoOf(now - 60 * 86400, locals('fr'), now)).toMatch(/^\d{1,2} [a-zéû.]+ 202\d$/);
  });
});

describe('around', () => {
  it('splits a translated sentence at the value shown in markup, in each language\'s word order', () => {
    const t = translator('fr');
    expect(around((email) => t('admin.typeToConfirm', { email }))).toEqual(['Saisissez ', ' pour confirmer']);
    const [before, after] = around((name) => translator('es')('admin.deleteAccountText', { name, chats: 1, shares: 2 }));
    expect(before).toBe('Se eliminará para siempre la cuenta de ');
    expect(after).toContain('1 chat y 2 enlaces compartidos');
  });
});
