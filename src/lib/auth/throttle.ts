// Throttles on password checks: sign-in per account and per client, sign-up per client. Each takes its slot before
// the slow argon2 work, so a burst of concurrent attempts cannot all pass a check made before any was counted.
import type { APIContext } from 'astro';
import { HttpError, msg } from '../http';
import { createSharedRateLimiter, type RateLimiter } from '../rate-limit';
import { db, retryBusy } from '../db';
import { clientAddress, clientKey } from './client-address';

const MINUTE = 60_000;

/**
 * SIGNUP_RATE_LIMIT: sign-ups per client address per hour (default 10; 0 turns the limit off). Worth raising for a
 * workshop behind one NAT address, or a test suite that creates many accounts from loopback.
 */
export function signupLimit(raw: string | undefined): number {
  const value = (raw ?? '').trim();
  if (!/^\d+$/.test(value)) return 10;
  return Number(value) === 0 ? Infinity : Number(value);
}

// Failed sign-ins count (a right password gives its slot back); every sign-up that gets as far as hashing counts.
// Kept in the database so the limits hold across WORKERS processes. An account is throttled per client first (10 in
// 15 minutes from one address), so one stranger cannot keep its owner out; the slower limit on the account from every
// address together (50 an hour) still bounds guessing spread over many addresses.
export const signinPerAccountClient = createSharedRateLimiter(db, 'signin-account-client', { max: 10, windowMs: 15 * MINUTE });
export const signinPerAccount = createSharedRateLimiter(db, 'signin-account', { max: 50, windowMs: 60 * MINUTE });
export const signinPerClient = createSharedRateLimiter(db, 'signin-client', { max: 30, windowMs: 15 * MINUTE });
export const signupPerClient = createSharedRateLimiter(db, 'signup-client', { max: signupLimit(process.env.SIGNUP_RATE_LIMIT), windowMs: 60 * MINUTE });

/** "12 minutes", "1 minute", "40 seconds": how long to wait, for people. */
export function waitInWords(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

export function tooManyAttempts(retryAfterSec: number): HttpError {
  // The wait in the caller's language: seconds under a minute, else whole minutes rounded up (as waitInWords says it).
  const wait = retryAfterSec < 60 ? { unit: 'seconds', n: retryAfterSec } : { unit: 'minutes', n: Math.ceil(retryAfterSec / 60) };
  return new HttpError('RATE_LIMITED', msg('api.tooManyAttempts', wait), { 'retry-after': String(retryAfterSec) });
}

/** The key the per-client throttles count this request under. */
export const clientOf = (ctx: Pick<APIContext, 'clientAddress' | 'request'>): string => clientKey(clientAddress(ctx));

/**
 * Takes one slot from each limiter, or none: when one is full the slots already taken are given back and the
 * attempt is refused with RATE_LIMITED. `release` gives every slot back (the attempt should not count). Each slot is one
 * immediate transaction, waited for while another connection holds the write lock (the checkpointer's TRUNCATE once an
 * instance falls idle: a sign-up right then answered 503 BUSY after SQLite's 25 ms), as every other write is.
 */
export async function reserveAttempt(slots: Array<[RateLimiter, string]>): Promise<{ release: () => void }> {
  const taken: Array<() => void> = [];
  for (const [limiter, key] of slots) {
    const slot = await retryBusy(() => limiter.reserve(key));
    if (!slot.ok) {
      for (const release of taken) release();
      throw tooManyAttempts(slot.retryAfterSec);
    }
    taken.push(slot.release);
  }
  return { release: () => { for (const release of taken) release(); } };
}
