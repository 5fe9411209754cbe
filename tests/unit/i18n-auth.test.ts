// Account messages in the caller's language: a refused sign-up names its field for the API and reads as plain words
// beside the field on a page; the English detail stays as it was for logs and English clients.
import { describe, expect, it } from 'vitest';
import { InputError, parseInput, signinSchema, signupSchema } from '../../src/lib/auth/users';
import { apiKeyInputSchema } from '../../src/lib/auth/api-keys';
import { tooManyAttempts } from '../../src/lib/auth/throttle';
import { z } from 'zod';

function refusal(schema: z.ZodType, input: unknown): InputError {
  try {
    parseInput(schema, input);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('accepted');
}

describe('a refused sign-up or sign-in', () => {
  it('names the field, keeps the English detail, and reads in French and Spanish beside the field', () => {
    const short = refusal(signupSchema, { email: 'ada@example.com', password: 'short' });
    expect(short.field).toBe('password');
    expect(short.code).toBe('VALIDATION_ERROR');
    expect(short.detail).toBe('password: Use at least 8 characters.');
    expect(short.issueIn('fr')).toBe('Utilisez au moins 8 caractères.');
    expect(short.issueIn('es')).toBe('Usa al menos 8 caracteres.');
    expect(short.detailIn('fr')).toBe('password: Utilisez au moins 8 caractères.');

    const email = refusal(signupSchema, { email: 'not an address', password: 'long enough' });
    expect([email.field, email.detail, email.issueIn('es')]).toEqual(['email', 'email: Enter a valid email address.', 'Escribe un correo electrónico válido.']);
    expect(refusal(signupSchema, { name: 'x'.repeat(101), email: 'a@example.com', password: 'long enough' }).issueIn('fr')).toBe('Utilisez 100 caractères au maximum.');
    expect(refusal(signinSchema, { email: '', password: 'x' }).issueIn('fr')).toBe('Saisissez votre adresse e-mail.');
    expect(refusal(signinSchema, { email: 'a@example.com', password: '' }).issueIn('es')).toBe('Escribe tu contraseña.');
  });

  it('leaves a schema message that is not a catalog key as it is (other areas, zod defaults)', () => {
    const plain = refusal(z.object({ n: z.number().min(1, 'auth.noSuchKey') }), { n: 0 });
    expect(plain.detail).toBe('n: auth.noSuchKey');
    expect(plain.issueIn('fr')).toBe('auth.noSuchKey');
    const typed = refusal(signupSchema, { email: 1, password: 'long enough' });
    expect(typed.detail).toMatch(/^email: /);
    expect(typed.detailIn('fr')).toBe('Certaines des valeurs envoyées ne sont pas valides.'); // the code's sentence, not zod's English
  });

  it('a new API key name: the same English for the API, French for the settings page', () => {
    const long = refusal(apiKeyInputSchema, { name: 'x'.repeat(101) });
    expect(long.detail).toBe('name: Use at most 100 characters.');
    expect(long.issueIn('fr')).toBe('Utilisez 100 caractères au maximum.');
    expect(refusal(apiKeyInputSchema, { name: '   ' }).detail).toBe('name: Give the key a name, or leave the name out.');
  });

  it('too many attempts: the wait in words, with plural rules in each language', () => {
    expect(tooManyAttempts(900).detail).toBe('Too many attempts. Try again in 15 minutes.');
    expect(tooManyAttempts(60).detailIn('fr')).toBe('Trop de tentatives. Réessayez dans 1 minute.');
    expect(tooManyAttempts(1).detailIn('es')).toBe('Demasiados intentos. Vuelve a intentarlo en 1 segundo.');
    expect(tooManyAttempts(45).detailIn('es')).toBe('Demasiados intentos. Vuelve a intentarlo en 45 segundos.');
    expect(tooManyAttempts(45).headers['retry-after']).toBe('45');
  });
});
