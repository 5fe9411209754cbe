// Every catalog has every key of every other, and a message's placeholders are the same in all three languages.
import { describe, expect, it } from 'vitest';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { CATALOGS } from '../../src/lib/i18n/catalogs/index';
import { LOCALES } from '../../src/lib/i18n/locales';
import { negotiate, resolveLocale, t } from '../../src/lib/i18n/index';

/** The placeholder names and their kinds (`n:plural`, `name:argument`), nested ones included. */
export function placeholders(message: string): string[] {
  const out = new Set<string>();
  const walk = (els: MessageFormatElement[]) => {
    for (const el of els) {
      if (el.type === TYPE.argument || el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time) out.add(`${el.value}:${TYPE[el.type]}`);
      if (el.type === TYPE.plural || el.type === TYPE.select) {
        out.add(`${el.value}:${TYPE[el.type]}`);
        for (const option of Object.values(el.options)) walk(option.value);
      }
      if (el.type === TYPE.tag) walk(el.children);
    }
  };
  walk(parse(message, { ignoreTag: true }));
  return [...out].sort();
}

describe('catalogs', () => {
  const areas = Object.keys(CATALOGS.en);
  it('have the same areas in every language', () => {
    for (const l of LOCALES) expect(Object.keys(CATALOGS[l]).sort()).toEqual([...areas].sort());
  });
  for (const area of areas) {
    it(`${area}: same keys and placeholders in en, fr and es; every message parses`, () => {
      const keys = Object.keys(CATALOGS.en[area]!).sort();
      for (const l of LOCALES) {
        const catalog = CATALOGS[l][area]!;
        expect(Object.keys(catalog).sort(), `${l}/${area}.json keys`).toEqual(keys);
        for (const key of keys) {
          expect(catalog[key]!.trim(), `${l}/${area}.json ${key} is empty`).not.toBe('');
          expect(placeholders(catalog[key]!), `${l}/${area}.json ${key} placeholders`).toEqual(placeholders(CATALOGS.en[area]![key]!));
        }
      }
    });
  }
  it('detects a missing placeholder (the check itself can fail)', () => {
    expect(placeholders('{n, plural, one {# view} other {# views}} by {name}')).toEqual(['n:plural', 'name:argument']);
    expect(placeholders('{n, plural, one {# vue} other {# vues}}')).not.toEqual(placeholders('{n, plural, one {# view} other {# views}} by {name}'));
  });
});

describe('choosing the language', () => {
  it('follows Accept-Language weights and regional variants', () => {
    expect(negotiate('fr-CA,fr;q=0.9,en;q=0.8')).toBe('fr');
    expect(negotiate('de-DE,de;q=0.9,es;q=0.5,en;q=0.4')).toBe('es');
    expect(negotiate('en;q=0.2, es;q=0.9')).toBe('es');
    expect(negotiate('de, it')).toBeNull();
    expect(negotiate('x'.repeat(100_000))).toBeNull();
  });
  it('puts the user choice before the cookie, and the cookie before the browser', () => {
    expect(resolveLocale({ userLocale: 'es', cookie: 'cs_lang=fr', acceptLanguage: 'en' })).toBe('es');
    expect(resolveLocale({ cookie: 'a=1; cs_lang=fr; b=2', acceptLanguage: 'es' })).toBe('fr');
    expect(resolveLocale({ cookie: 'cs_lang=de', acceptLanguage: 'es-MX' })).toBe('es');
    expect(resolveLocale({})).toBe('en');
  });
  it('formats plural and dates per language', () => {
    expect(t('fr', 'errors.SHARE_LINK_REVOKED')).toBe('Le propriétaire de ce chat a révoqué ce lien de partage.');
    expect(t('es', 'errors.SHARE_LINK_EXPIRED')).toContain('caducado');
    expect(t('en', 'no.such.key')).toBe('no.such.key');
  });
});
