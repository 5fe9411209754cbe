// Accounts: sign-up (the first account is admin), credential checks, profile and avatar.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { nowSeconds } from '../db';
import { HttpError, msg, sizeValues } from '../http';
import { hashPassword, verifyPassword } from './password';
import type { Role, SessionUser } from './lucia';
import { roleForSignup } from '../settings/instance';
import type { Locale } from '../i18n/locales';
import { avatarData, countUsers, deleteAvatar, insertUser, putAvatar, setPasswordEndingSessions, setUserLocale, setUserName, userByEmail, userById, type UserRow } from './store';

export const signupSchema = z.object({
  name: z.string().trim().max(100).optional(),
  email: z.string().trim().toLowerCase().pipe(z.email({ message: 'Enter a valid email address.' })).pipe(z.string().max(254)),
  password: z.string().min(8, 'Use at least 8 characters.').max(256),
});
// A blank sign-in field is named (422) rather than answered with "email or password is incorrect".
export const signinSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, 'Enter your email address.').max(254),
  password: z.string().min(1, 'Enter your password.').max(256),
});

const toUser = (r: UserRow): SessionUser => ({ id: r.id, email: r.email, name: r.name, role: r.role, avatarUpdatedAt: r.avatar_updated_at, locale: r.locale ?? null });

// Kept here too: every module that validates input imports it from this file.
export { parseInput } from '../validation';

/** Sign-up (no `role`: the first account is admin, later ones get DEFAULT_USER_ROLE, or SIGNUP_DISABLED), or an admin
 * creating an account with the role they chose. */
export async function createUser(input: z.infer<typeof signupSchema>, opts: { role?: Role } = {}): Promise<SessionUser> {
  if (!opts.role) roleForSignup(countUsers()); // refuse before hashing
  const passwordHash = await hashPassword(input.password);
  const id = randomUUID();
  const now = nowSeconds();
  const name = input.name?.trim() || input.email.split('@')[0]!;
  // The role is decided inside the insert's transaction so two simultaneous first sign-ups cannot both be admin.
  const role = insertUser({ id, email: input.email, name, password_hash: passwordHash }, now, (count) => opts.role ?? roleForSignup(count));
  if (!role) throw new HttpError('EMAIL_TAKEN', msg('api.emailTaken'));
  return { id, email: input.email, name, role, avatarUpdatedAt: null, locale: null };
}

export async function verifyCredentials(email: string, password: string): Promise<SessionUser> {
  const row = userByEmail(email);
  // Hash even when the account is missing so timing does not reveal which emails exist.
  const ok = row ? await verifyPassword(row.password_hash, password) : (await hashPassword(password), false);
  if (!row || !ok) throw new HttpError('INVALID_CREDENTIALS', msg('api.invalidCredentials'));
  return toUser(row);
}

export function getUser(id: string): SessionUser | null {
  const row = userById(id);
  return row ? toUser(row) : null;
}

export function updateName(userId: string, name: string): void {
  setUserName(userId, name, nowSeconds());
}

/** The language a user picked; null goes back to following the browser. */
export function setLocale(userId: string, locale: Locale | null): void {
  setUserLocale(userId, locale, nowSeconds());
}

export const MAX_AVATAR_BYTES = 512 * 1024;

/** The image type the bytes themselves announce (PNG, JPEG, WebP, GIF), or null. A browser's claim is never used. */
export function sniffImageType(data: Uint8Array): 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif' | null {
  const starts = (bytes: number[], at = 0) => data.length >= at + bytes.length && bytes.every((b, i) => data[at + i] === b);
  const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts(ascii('GIF87a')) || starts(ascii('GIF89a'))) return 'image/gif';
  if (starts(ascii('RIFF')) && starts(ascii('WEBP'), 8)) return 'image/webp';
  return null;
}

export function setAvatar(userId: string, data: Buffer): void {
  if (data.length > MAX_AVATAR_BYTES) throw new HttpError('PAYLOAD_TOO_LARGE', msg('api.avatarTooLarge', sizeValues(MAX_AVATAR_BYTES)));
  const type = sniffImageType(data);
  if (!type) throw new HttpError('VALIDATION_ERROR', msg('api.avatarType'));
  putAvatar(userId, type, data, nowSeconds());
}

export function removeAvatar(userId: string): void {
  deleteAvatar(userId);
}

/** The stored avatar, typed by its bytes: files saved before they were checked fall back to the initials (null). */
export function getAvatar(userId: string): { type: string; data: Buffer } | null {
  const data = avatarData(userId);
  const type = data ? sniffImageType(data) : null;
  return data && type ? { type, data } : null;
}

export function avatarUrl(user: Pick<SessionUser, 'id' | 'avatarUpdatedAt'>): string {
  return `/api/v1/users/${user.id}/avatar?v=${user.avatarUpdatedAt ?? 0}`;
}

/**
 * A new password hash, and every session of the user but `keepSessionId` ended, in one transaction: a stolen session
 * cannot outlive the password change that was meant to shut it out.
 */
export function replacePassword(userId: string, passwordHash: string, keepSessionId: string | null): number {
  return setPasswordEndingSessions(userId, passwordHash, keepSessionId, nowSeconds());
}
