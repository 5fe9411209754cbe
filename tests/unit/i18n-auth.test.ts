// What the sign-up, sign-in and settings pages show beside a field when the schema refuses it: plain words in the
// page's language, never the API's field name; the API's English detail stays as it was.
import { describe, expect, it } from 'vitest';
import { parseInput, signinSchema, signupSchema } from '../../src/lib/auth/users';
import { apiKeyInputSchema } from '../../src/lib/auth/api-keys';
import { fieldError } from '../../src/lib/admin/pages';
import { HttpError } from '../../src/lib/http';
import type { Locale } from '../../src/lib/i18n/locales';
import type { z } from 'zod';

function refusal(schema: z.ZodType, input: unknown): HttpError {
  try {
    parseInput(schema, input);
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error('accepted');
}

const LABELS: Record<Locale, Record<string, string>> = {
  en: { name: 'Name', email: 'Email', password: 'Password' },
  fr: { name: 'Nom', email: 'E-mail', password: 'Mot de passe' },
  es: { name: 'Nombre', email: 'Correo electrónico', password: 'Contraseña' },
};
const beside = (err: HttpError, locale: Locale) => fieldError(err, LABELS[locale], locale);

describe('a refused sign-up or sign-in, beside its field', () => {
  it('a short password: the schema’s English, French and Spanish in plain words', () => {
    const err = refusal(signupSchema, { email: 'ada@example.com', password: 'short' });
    expect(err.detail).toBe('password: Use at least 8 characters.'); // the API's English, unchanged
    expect(beside(err, 'en')).toEqual({ field: 'password', message: 'Use at least 8 characters.' });
    expect(beside(err, 'fr')).toEqual({ field: 'password', message: 'Doit comporter au moins 8 caractères.' });
    expect(beside(err, 'es')?.field).toBe('password');
    expect(beside(err, 'es')?.message).toMatch(/^[A-ZÁÉÍÓÚ].*8 caracteres.*\.$/);
  });

  it('an invalid email, a name too long', () => {
    const email = refusal(signupSchema, { email: 'not an address', password: 'long enough' });
    expect(beside(email, 'fr')).toEqual({ field: 'email', message: 'Saisissez une adresse e-mail valide.' });
    const name = refusal(signupSchema, { name: 'x'.repeat(101), email: 'a@example.com', password: 'long enough' });
    expect(beside(name, 'en')?.message).toMatch(/^Name .*100/);
    expect(beside(name, 'fr')?.field).toBe('name');
    expect(beside(name, 'fr')?.message).not.toMatch(/^name/i);
  });

  it('a blank sign-in field is named (not "email or password is incorrect"), in each language', () => {
    const email = refusal(signinSchema, { email: '   ', password: 'x' });
    expect(email.detail).toBe('email: Enter your email address.');
    expect(beside(email, 'en')).toEqual({ field: 'email', message: 'Enter your email address.' });
    expect(beside(email, 'fr')).toEqual({ field: 'email', message: 'Ne peut pas être vide.' });
    const password = refusal(signinSchema, { email: 'a@example.com', password: '' });
    expect(beside(password, 'es')?.field).toBe('password');
    expect(beside(password, 'es')?.message).not.toMatch(/password/);
  });

  it('a new API key name too long, beside the settings field', () => {
    const err = refusal(apiKeyInputSchema, { name: 'x'.repeat(101) });
    expect(err.detail).toBe('name: Use at most 100 characters.');
    expect(fieldError(err, { name: 'Nom de la clé' }, 'fr')?.message).toMatch(/^Est trop long \(100 caractères au maximum\)\.$/);
  });
});
