// The gate: one pure decision for every access to a share (page, API, OG image, cloning), in DESIGN.md's order.
import type { RevokedReason, ShareRow, ShareStatus } from './types';
import { t } from '../i18n/index';

const STATUS = { SHARE_LINK_NOT_FOUND: 404, SHARE_LINK_REVOKED: 410, SHARE_LINK_EXPIRED: 410, LOGIN_REQUIRED: 401, SHARE_ACCESS_DENIED: 403, PASSWORD_REQUIRED: 401 } as const;
export type DenyCode = keyof typeof STATUS;
/** The gate's own codes: their messages are the reference's, in catalogs/<lang>/errors.json. */
export const isDenyCode = (code: string): code is DenyCode => Object.hasOwn(STATUS, code);
export type Access =
  | { allow: true; countsView: boolean; isOwner: boolean }
  | { allow: false; code: DenyCode; status: 401 | 403 | 404 | 410; detail: string; viewsUsedUp?: true };

export interface Viewer {
  userId: string | null; passwordProven: boolean;
  /** This reader's view was already counted (the proof its page left): the views it took itself do not shut it out, and it counts no other. */
  viewCounted?: boolean;
  /** For a link restricted to chosen people and groups: this signed-in reader is one of them (access_grant). */
  inAudience?: boolean;
}

export type Denied = Extract<Access, { allow: false }>;

/** The denial for a code, with the reference's message (English; HttpError and errorPage translate by code) and its status. */
export const deny = (code: DenyCode): Denied => ({ allow: false, code, status: STATUS[code], detail: t('en', `errors.${code}`) });

/** SHARE_LINK_EXPIRED for a link whose views are all used: same code and detail, and its page says why (not "expired"). */
export const viewsUsedUp = (): Denied => ({ ...deny('SHARE_LINK_EXPIRED'), viewsUsedUp: true });

/** What a share's status depends on (the library's list reads only these). */
export type StatusFields = Pick<ShareRow, 'status' | 'expires_at' | 'max_views' | 'views' | 'max_clones' | 'clones' | 'allow_view_after_clone_limit'>;
type GateShare = StatusFields & Pick<ShareRow, 'user_id' | 'is_public' | 'password_hash'> & Partial<Pick<ShareRow, 'restricted'>>;

/** Reaching the clone limit revokes the link unless the owner allowed viewing after it (the reference). */
export const cloneLimitReached = (s: StatusFields) => s.max_clones > 0 && s.clones >= s.max_clones;
const revokedByClones = (s: StatusFields) => cloneLimitReached(s) && !s.allow_view_after_clone_limit;

/** Why an active share no longer serves: time first, then views; null while it still does. */
export function expiredReason(s: StatusFields, now: number): RevokedReason | null {
  if (s.expires_at !== null && s.expires_at <= now) return 'expired_time';
  if (s.max_views > 0 && s.views >= s.max_views) return 'expired_views';
  return null;
}

export function shareStatus(s: StatusFields, now: number): ShareStatus {
  if (s.status === 'revoked' || revokedByClones(s)) return 'revoked';
  return expiredReason(s, now) ? 'expired' : 'active';
}

/**
 * The access decision. The owner passes every check after revocation and expiry and never counts a view;
 * everyone else who gets through counts one (the caller increments it atomically with a re-check).
 */
export function decideAccess(s: GateShare | null, viewer: Viewer, now: number): Access {
  if (!s) return deny('SHARE_LINK_NOT_FOUND');
  if (s.status === 'revoked' || revokedByClones(s)) return deny('SHARE_LINK_REVOKED');
  const expired = expiredReason(s, now);
  if (expired === 'expired_time') return deny('SHARE_LINK_EXPIRED');
  if (expired && !viewer.viewCounted) return viewsUsedUp();
  const isOwner = viewer.userId !== null && viewer.userId === s.user_id;
  if (isOwner) return { allow: true, countsView: false, isOwner };
  if (!s.is_public && !viewer.userId) return deny('LOGIN_REQUIRED');
  // Only chosen people and groups: anyone else signed in is refused before the password (a stranger never sees its form).
  if (s.restricted && !viewer.inAudience) return deny('SHARE_ACCESS_DENIED');
  if (s.password_hash && !viewer.passwordProven) return deny('PASSWORD_REQUIRED');
  return { allow: true, countsView: !viewer.viewCounted, isOwner };
}
