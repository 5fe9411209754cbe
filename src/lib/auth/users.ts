// Accounts: sign-up (the first account is admin), credential checks, profile and avatar.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { db, nowSeconds } from '../db';
import { HttpError, msg, type Message } from '../http';
import { hashPassword, verifyPassword } from './password';
import type { Role, SessionUser } from './lucia';
import { roleForSignup } from '../settings/instance';
import { messageOf, t, type Locale } from '../i18n/index';

// Messages are catalog keys (src/lib/i18n): the sign-up page shows each beside its field in the page's language.
export const signupSchema = z.object({
  name: z.string().trim().max(100, 'auth.nameTooLong').optional(),
  email: z.string().trim().toLowerCase().pipe(z.email({ message: 'auth.emailInvalid' })).pipe(z.string().max(254, 'auth.emailTooLong')),
  password: z.string().min(8, 'auth.passwordTooShort').max(256, 'auth.passwordTooLong'),
});
export const signinSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, 'auth.emailRequired').max(254, 'auth.emailTooLong'),
  password: z.string().min(1, 'auth.passwordRequired').max(256, 'auth.passwordTooLong'),
});

interface UserRow { id: string; email: string; name: string; role: Role; password_hash: string; avatar_updated_at: number | null; locale: string | null }

const toUser = (r: UserRow): SessionUser => ({ id: r.id, email: r.email, name: r.name, role: r.role, avatarUpdatedAt: r.avatar_updated_at, locale: r.locale ?? null });

/**
 * Input that a schema refused: the field it belongs to and what is wrong, in words. A schema message that is a catalog
 * key (`auth.emailInvalid`) is translated; the API's detail keeps the field's name in front (`email: ...`), a page
 * shows `issueIn(locale)` beside the field.
 */
export class InputError extends HttpError {
  constructor(readonly field: string, readonly issue: Message | string) {
    super('VALIDATION_ERROR', `${field}: ${typeof issue === 'string' ? issue : t('en', issue.key, issue.values)}`);
  }

  /** What is wrong, without the field's name; a message that is not in the catalogs stays in English. */
  issueIn(locale: Locale): string {
    return typeof this.issue === 'string' ? this.issue : t(locale, this.issue.key, this.issue.values);
  }

  override detailIn(locale: Locale): string {
    return typeof this.issue === 'string' ? super.detailIn(locale) : `${this.field}: ${this.issueIn(locale)}`;
  }
}

const isCatalogKey = (s: string) => /^[a-z]+\.[A-Za-z0-9]+$/.test(s) && messageOf('en', s) !== undefined;

export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.') || 'body';
  throw new InputError(field, isCatalogKey(issue.message) ? msg(issue.message) : issue.message);
}

/** Sign-up (no `role`: the first account is admin, later ones get DEFAULT_USER_ROLE, or SIGNUP_DISABLED), or an admin
 * creating an account with the role they chose. */
export async function createUser(input: z.infer<typeof signupSchema>, opts: { role?: Role } = {}): Promise<SessionUser> {
  if (!opts.role) roleForSignup(db().prepare('SELECT COUNT(*) FROM user').pluck().get() as number); // refuse before hashing
  const passwordHash = await hashPassword(input.password);
  const id = randomUUID();
  const now = nowSeconds();
  const name = input.name?.trim() || input.email.split('@')[0]!;
  const conn = db();
  // The role is decided inside the transaction so two simultaneous first sign-ups cannot both be admin.
  const insert = conn.transaction(() => {
    if (conn.prepare('SELECT 1 FROM user WHERE email = ?').get(input.email)) {
      throw new HttpError('EMAIL_TAKEN', msg('auth.emailTaken'));
    }
    const count = conn.prepare('SELECT COUNT(*) FROM user').pluck().get() as number;
    const role = opts.role ?? roleForSignup(count);
    conn.prepare('INSERT INTO user (id, email, name, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, input.email, name, role, passwordHash, now, now);
    return role;
  });
  const role = insert.immediate();
  return { id, email: input.email, name, role, avatarUpdatedAt: null, locale: null };
}

export async function verifyCredentials(email: string, password: string): Promise<SessionUser> {
  const row = db().prepare('SELECT * FROM user WHERE email = ?').get(email) as UserRow | undefined;
  // Hash even when the account is missing so timing does not reveal which emails exist.
  const ok = row ? await verifyPassword(row.password_hash, password) : (await hashPassword(password), false);
  if (!row || !ok) throw new HttpError('INVALID_CREDENTIALS', msg('auth.invalidCredentials'));
  return toUser(row);
}

export function getUser(id: string): SessionUser | null {
  const row = db().prepare('SELECT * FROM user WHERE id = ?').get(id) as UserRow | undefined;
  return row ? toUser(row) : null;
}

export function updateName(userId: string, name: string): void {
  db().prepare('UPDATE user SET name = ?, updated_at = ? WHERE id = ?').run(name, nowSeconds(), userId);
}

/** The language a user picked; null goes back to following the browser. */
export function setLocale(userId: string, locale: Locale | null): void {
  db().prepare('UPDATE user SET locale = ?, updated_at = ? WHERE id = ?').run(locale, nowSeconds(), userId);
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
  if (data.length > MAX_AVATAR_BYTES) throw new HttpError('PAYLOAD_TOO_LARGE', msg('settings.avatarOverLimit'));
  const type = sniffImageType(data);
  if (!type) throw new HttpError('VALIDATION_ERROR', msg('settings.avatarNotImage'));
  const conn = db();
  conn.transaction(() => {
    conn.prepare('INSERT INTO user_avatar (user_id, type, data) VALUES (?, ?, ?) ON CONFLICT(user_id) DO UPDATE SET type = excluded.type, data = excluded.data')
      .run(userId, type, data);
    conn.prepare('UPDATE user SET avatar_updated_at = ?, updated_at = ? WHERE id = ?').run(nowSeconds(), nowSeconds(), userId);
  })();
}

export function removeAvatar(userId: string): void {
  const conn = db();
  conn.transaction(() => {
    conn.prepare('DELETE FROM user_avatar WHERE user_id = ?').run(userId);
    conn.prepare('UPDATE user SET avatar_updated_at = NULL WHERE id = ?').run(userId);
  })();
}

/** The stored avatar, typed by its bytes: files saved before they were checked fall back to the initials (null). */
export function getAvatar(userId: string): { type: string; data: Buffer } | null {
  const row = db().prepare('SELECT data FROM user_avatar WHERE user_id = ?').get(userId) as { data: Buffer } | undefined;
  const type = row ? sniffImageType(row.data) : null;
  return row && type ? { type, data: row.data } : null;
}

export function avatarUrl(user: Pick<SessionUser, 'id' | 'avatarUpdatedAt'>): string {
  return `/api/v1/users/${user.id}/avatar?v=${user.avatarUpdatedAt ?? 0}`;
}
