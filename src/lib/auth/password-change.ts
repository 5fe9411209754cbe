// Changing one's password (Settings and POST /api/v1/auths/update/password): the current one is required, guesses
// are throttled as sign-ins are, and every other session ends with the change.
import { z } from 'zod';
import type { APIContext } from 'astro';
import { HttpError, msg } from '../http';
import { hashPassword } from './password';
import { parseInput, replacePassword, verifyCredentials } from './users';
import { clientOf, reserveAttempt, signinPerAccount, signinPerAccountClient } from './throttle';
import { sessionIdOf } from './session';
import type { SessionUser } from './lucia';

// Open WebUI's JSON: { password, new_password }.
export const passwordChangeSchema = z.object({
  password: z.string({ message: 'Enter your current password.' }).min(1, 'Enter your current password.').max(256),
  new_password: z.string({ message: 'Use at least 8 characters.' }).min(8, 'Use at least 8 characters.').max(256, 'Use at most 256 characters.'),
});

type Ctx = Pick<APIContext, 'clientAddress' | 'request'>;

/** Changes the password; returns how many other sessions were ended. The caller's own session (if any) is kept. */
export async function changePassword(ctx: Ctx, user: SessionUser, sessionToken: string | null, input: unknown): Promise<number> {
  const { password, new_password } = parseInput(passwordChangeSchema, input);
  // The same buckets as sign-in: a stolen session must not become an unthrottled way to guess the password.
  const attempt = await reserveAttempt([[signinPerAccountClient, `${user.email}\u0000${clientOf(ctx)}`], [signinPerAccount, user.email]]);
  try {
    await verifyCredentials(user.email, password);
  } catch (err) {
    if (err instanceof HttpError && err.code === 'INVALID_CREDENTIALS') throw new HttpError('INVALID_PASSWORD', msg('api.currentPasswordWrong'));
    throw err;
  }
  attempt.release();
  const hash = await hashPassword(new_password);
  return replacePassword(user.id, hash, sessionToken ? sessionIdOf(sessionToken) : null);
}

export const adminPasswordSchema = z.object({
  new_password: z.string({ message: 'Use at least 8 characters.' }).min(8, 'Use at least 8 characters.').max(256, 'Use at most 256 characters.'),
});

/**
 * An administrator sets another account's password (someone locked out): every session of that account ends with it.
 * Their own password stays in Settings, where the current one is asked.
 */
export async function resetPasswordByAdmin(admin: SessionUser, userId: string, input: unknown): Promise<number> {
  if (userId === admin.id) throw new HttpError('SELF_CHANGE_NOT_ALLOWED', msg('api.selfPasswordInSettings'));
  const { new_password } = parseInput(adminPasswordSchema, input);
  return replacePassword(userId, await hashPassword(new_password), null);
}
