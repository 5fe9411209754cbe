// API details by message key: English word for word as before, French and Spanish from the catalogs, validation
// details naming their field in every language, and no key used in the code that the catalogs lack.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { HttpError, msg } from '../../src/lib/http';
import { parseInput } from '../../src/lib/validation';
import { signupSchema } from '../../src/lib/auth/users';
import { parseShareOptions } from '../../src/lib/shares/manage/options';
import { tooManyAttempts } from '../../src/lib/auth/throttle';
import { CATALOGS } from '../../src/lib/i18n/catalogs/index';

const refusal = (fn: () => unknown): HttpError => {
  try { fn(); } catch (err) { if (err instanceof HttpError) return err; throw err; }
  throw new Error('expected an HttpError');
};

describe('validation details', () => {
  it('keep a schema\'s own English word for word, and say the same in French and Spanish', () => {
    const err = refusal(() => parseInput(signupSchema, { email: 'a@example.com', password: 'short' }));
    expect(err.code).toBe('VALIDATION_ERROR');
    expect(err.detail).toBe('password: Use at least 8 characters.');
    expect(err.detailIn('en')).toBe('password: Use at least 8 characters.');
    expect(err.detailIn('fr')).toBe('password: doit comporter au moins 8 caractères.');
    expect(err.detailIn('es')).toBe('password: debe tener al menos 8 caracteres.');
  });

  it('word zod\'s own issues from the catalog in English too (no "Invalid input: expected ...")', () => {
    const err = refusal(() => parseShareOptions({ is_public: 'yes' }));
    expect(err.detail).toBe('is_public: must be true or false.');
    expect(err.detailIn('fr')).toBe('is_public: doit être true ou false.');
    expect(err.detailIn('es')).toBe('is_public: debe ser true o false.');
  });

  const schema = z.object({
    name: z.string().min(1).max(3), n: z.number().int().positive().max(10), list: z.array(z.string()).max(1),
    mode: z.enum(['a', 'b']), email: z.email(), code: z.string().regex(/^\d+$/),
  });
  const good = { name: 'ab', n: 2, list: [], mode: 'a', email: 'x@example.com', code: '1' };
  const cases: Array<[string, Record<string, unknown>, string, string, string]> = [
    ['empty text', { name: '' }, 'name: cannot be empty.', 'name: ne peut pas être vide.', 'name: no puede estar vacío.'],
    ['long text', { name: 'abcd' }, 'name: is too long (3 characters at most).', 'name: est trop long (3 caractères au maximum).', 'name: es demasiado largo (3 caracteres como máximo).'],
    ['a fraction', { n: 1.5 }, 'n: must be a whole number.', 'n: doit être un nombre entier.', 'n: debe ser un número entero.'],
    ['zero for positive', { n: 0 }, 'n: must be more than 0.', 'n: doit être supérieur à 0.', 'n: debe ser mayor que 0.'],
    ['over the max', { n: 11 }, 'n: must be at most 10.', 'n: doit être au plus égal à 10.', 'n: debe ser como máximo 10.'],
    ['a long list', { list: ['x', 'y'] }, 'list: at most 1 item.', 'list: 1 élément au maximum.', 'list: 1 elemento como máximo.'],
    ['not an option', { mode: 'c' }, 'mode: must be one of a, b.', 'mode: doit valoir l\'une de ces valeurs\u00a0: a, b.', 'mode: debe ser uno de estos valores: a, b.'],
    ['a bad email', { email: 'nope' }, 'email: Enter a valid email address.', 'email: Saisissez une adresse e-mail valide.', 'email: Escribe una dirección de correo electrónico válida.'],
    ['a bad format', { code: 'x' }, 'code: is not in the expected format.', 'code: n\'a pas le format attendu.', 'code: no tiene el formato esperado.'],
  ];
  for (const [what, change, en, fr, es] of cases) {
    it(`name the field for ${what}, in each language`, () => {
      const err = refusal(() => parseInput(schema, { ...good, ...change }));
      expect([err.detailIn('en'), err.detailIn('fr'), err.detailIn('es')]).toEqual([en, fr, es]);
    });
  }

  it('call a body that is not an object "body", and never echo a hostile field name past 100 characters', () => {
    expect(refusal(() => parseInput(schema, [])).detailIn('fr')).toBe('body: doit être un objet JSON.');
    const deep = z.object({ ['k'.repeat(300)]: z.string() });
    expect(refusal(() => parseInput(deep, {})).detail.split(':')[0]).toHaveLength(100);
  });
});

describe('other API details', () => {
  it('are the same English as before and translated by key', () => {
    const err = new HttpError('CHAT_NOT_FOUND', msg('api.chatNotFound'));
    expect(err.detail).toBe('Chat not found.');
    expect(err.detailIn('fr')).toBe('Chat introuvable.');
    expect(err.detailIn('es')).toBe('Chat no encontrado.');
  });
  it('say the wait of a rate limit with plural rules', () => {
    expect(tooManyAttempts(840).detail).toBe('Too many attempts. Try again in 14 minutes.');
    expect(tooManyAttempts(1).detail).toBe('Too many attempts. Try again in 1 second.');
    expect(tooManyAttempts(45).detailIn('fr')).toBe('Trop de tentatives. Réessayez dans 45 secondes.');
    expect(tooManyAttempts(60).detailIn('es')).toBe('Demasiados intentos. Vuelve a intentarlo dentro de 1 minuto.');
  });
  it('a plain-string detail falls back to the code\'s sentence outside English', () => {
    const err = new HttpError('SHARE_LINK_EXPIRED', 'This shared link has expired and is no longer accessible.');
    expect(err.detailIn('en')).toBe('This shared link has expired and is no longer accessible.');
    expect(err.detailIn('fr')).toBe(CATALOGS.fr.errors!.SHARE_LINK_EXPIRED);
  });

  it('every api.* key the code uses is in the catalogs', () => {
    const used = new Set<string>();
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ts|astro)$/.test(e.name)) for (const m of fs.readFileSync(p, 'utf8').matchAll(/['`]api\.([A-Za-z]+)['`]/g)) used.add(m[1]!);
      }
    };
    walk(path.resolve('src'));
    expect(used.size).toBeGreaterThan(40);
    const missing = [...used].filter((k) => !(k in CATALOGS.en.api!));
    expect(missing).toEqual([]);
  });
});
