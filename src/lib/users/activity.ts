// "Last active" for the admin's user list: recorded at most once a minute per account and process, so an ordinary
// request costs a map lookup rather than a database write.
import { nowSeconds } from '../db';
import { touchUser } from './store';
import { isBusyError } from '../http';

const lastWritten = new Map<string, number>();

export function recordActivity(userId: string, now = nowSeconds()): void {
  if (now - (lastWritten.get(userId) ?? 0) < 60) return;
  if (lastWritten.size > 50_000) lastWritten.clear(); // bounded: forgetting only costs one extra write per account
  lastWritten.set(userId, now);
  try {
    touchUser(userId, now);
  } catch (err) {
    // Best effort: with the database busy (the other worker writing), the next request records it instead.
    if (!isBusyError(err)) throw err;
    lastWritten.delete(userId);
  }
}
