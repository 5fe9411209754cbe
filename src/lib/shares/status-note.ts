// The short line under a share's status on the Shared Chats page ("5 min left", "view limit"); server and browser.
import type { RevokedReason, ShareStatus } from './types';

/** "5 s", "3 min", "2 h", "4 d": the time left, rounded up so "0 s" never shows while the link still works. */
export function timeLeft(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.ceil(s / 60)} min`;
  if (s < 86_400 * 2) return `${Math.ceil(s / 3600)} h`;
  return `${Math.ceil(s / 86_400)} d`;
}

export interface StatusNoteInput {
  status: ShareStatus;
  expires_at: number | null;
  max_views: number;
  views: number;
  revoked_reason: RevokedReason | null;
}

export function statusNote(s: StatusNoteInput, now: number): string {
  if (s.status === 'active') return s.expires_at !== null ? `${timeLeft(s.expires_at - now)} left` : '';
  if (s.status === 'expired') return s.expires_at !== null && s.expires_at <= now ? 'time is up' : 'view limit';
  return s.revoked_reason === 'clone_limit' || s.revoked_reason === null ? 'clone limit' : 'by you';
}
