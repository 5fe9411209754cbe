// The short line under a share's status on the Shared Chats page ("5 min left", "view limit"); server and browser.
// Callers pass their translate function, so the line is in the page's language on both sides.
import type { Translate } from '../../i18n/index';
import type { RevokedReason, ShareStatus } from '../types';

/** "5 s", "3 min", "2 h", "4 d": the time left, rounded up so "0 s" never shows while the link still works. */
export function timeLeft(seconds: number, t: Translate): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return t('dashboard.noteSeconds', { n: s });
  if (s < 3600) return t('dashboard.noteMinutes', { n: Math.ceil(s / 60) });
  if (s < 86_400 * 2) return t('dashboard.noteHours', { n: Math.ceil(s / 3600) });
  return t('dashboard.noteDays', { n: Math.ceil(s / 86_400) });
}

export interface StatusNoteInput {
  status: ShareStatus;
  expires_at: number | null;
  max_views: number;
  views: number;
  revoked_reason: RevokedReason | null;
  /** Revoked by an administrator: only an administrator can restore it. */
  moderated?: boolean;
  /** The administrator's reason, shown beside "by an administrator" (issue 17.6). */
  moderation_reason?: string | null;
}

export function statusNote(s: StatusNoteInput, now: number, t: Translate): string {
  if (s.status === 'active') return s.expires_at !== null ? t('dashboard.noteLeft', { time: timeLeft(s.expires_at - now, t) }) : '';
  if (s.status === 'expired') return t(s.expires_at !== null && s.expires_at <= now ? 'dashboard.noteTimeUp' : 'dashboard.noteViewLimit');
  if (s.moderated) return s.moderation_reason ? t('dashboard.noteByAdminReason', { reason: s.moderation_reason }) : t('dashboard.noteByAdmin');
  return t(s.revoked_reason === 'clone_limit' || s.revoked_reason === null ? 'dashboard.noteCloneLimit' : 'dashboard.noteByYou');
}
