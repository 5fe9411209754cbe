// Request access (issue 17.3): a signed-in reader refused by a people-only link asks its owner (one click, an optional
// note, throttled); the owner approves (the reader's grant is added in the same write) or declines; the reader sees the
// outcome on the link's page.
import { db, nowSeconds } from '../../db';
import { HttpError, msg } from '../../http';
import { createSharedRateLimiter } from '../../rate-limit';
import { tooManyAttempts } from '../../auth/throttle';
import { can, permissionRefusal } from '../../auth/permissions';
import type { SessionUser } from '../../auth/lucia';
import { gateShare, type Caller } from '../access';
import { ASK_AGAIN_AFTER, MAX_REQUEST_NOTE as MAX_NOTE, countPendingRequests, decideRequest, pendingRequestsOf, requestOf, upsertRequest, type AccessRequestRow } from './grants-store';
import { shareUrl } from '../manage/manage';
import type { StoredShare } from '../store';

// 20 requests an hour per account, across links.
const perUser = createSharedRateLimiter(db, 'access-request', { max: Number(process.env.ACCESS_REQUEST_RATE_LIMIT) || 20, windowMs: 3_600_000 });
// 100 new requests an hour per owner, across their links: accounts made only to ask cannot bury the owner's list (it
// shows the newest 200) or their count. The refused asker hears only "too many, wait", nothing of the owner.
const perOwner = createSharedRateLimiter(db, 'access-request-owner', { max: Number(process.env.ACCESS_REQUEST_OWNER_RATE_LIMIT) || 100, windowMs: 3_600_000 });

export interface RequestState { status: 'none' | 'pending' | 'approved' | 'declined'; created_at: number | null; decided_at: number | null; can_ask_at: number | null }

const stateOf = (r: AccessRequestRow | null): RequestState => !r ? { status: 'none', created_at: null, decided_at: null, can_ask_at: null } : {
  status: r.status, created_at: r.created_at, decided_at: r.decided_at,
  can_ask_at: r.status === 'declined' && r.decided_at !== null ? r.decided_at + ASK_AGAIN_AFTER : null,
};

/** The share this signed-in reader was refused for being outside its audience, or the reason they cannot ask. */
function refusedShare(caller: Caller, shareId: string): StoredShare {
  const user = caller.locals.user;
  if (!user) throw new HttpError('LOGIN_REQUIRED', msg('errors.LOGIN_REQUIRED'));
  const g = gateShare(caller as never, shareId, true, () => undefined);
  if (g.access.allow) throw new HttpError('BAD_REQUEST', msg('api.requestNotNeeded'));
  if (g.access.code !== 'SHARE_ACCESS_DENIED') throw new HttpError(g.access.code, g.access.detail);
  return g.share!;
}

/** The reader's request for a link (for its 403 page and the API). */
export function requestStateFor(userId: string, share: Pick<StoredShare, 'chat_id'>): RequestState {
  return stateOf(requestOf(share.chat_id, userId));
}

/** POST /api/v1/chats/share/{share_id}/access/request {note?} and the 403 page's button. */
export function requestAccess(caller: Caller, shareId: string, rawNote: unknown): RequestState {
  const share = refusedShare(caller, shareId);
  const user = caller.locals.user!;
  if (rawNote !== undefined && rawNote !== null && typeof rawNote !== 'string') throw new HttpError('VALIDATION_ERROR', msg('api.requestNoteText'));
  const note = (typeof rawNote === 'string' ? rawNote : '').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
  if (note.length > MAX_NOTE) throw new HttpError('VALIDATION_ERROR', msg('api.requestNoteTooLong', { max: MAX_NOTE }));
  const existing = requestOf(share.chat_id, user.id);
  if (existing?.status === 'pending') return stateOf(existing);
  const slot = perUser.reserve(user.id);
  if (!slot.ok) throw tooManyAttempts(slot.retryAfterSec);
  const ownerSlot = perOwner.reserve(share.user_id);
  if (!ownerSlot.ok) {
    slot.release(); // not the asker's doing: their own budget is kept
    throw tooManyAttempts(ownerSlot.retryAfterSec);
  }
  const row = upsertRequest(share.chat_id, user.id, note, nowSeconds(), ASK_AGAIN_AFTER);
  if (!row) {
    slot.release();
    ownerSlot.release();
    return stateOf(requestOf(share.chat_id, user.id)); // declined a moment ago: the page says when they can ask again
  }
  return stateOf(row);
}

/** GET /api/v1/chats/share/{share_id}/access/request: the caller's request for this link. */
export function ownRequest(caller: Caller, shareId: string): RequestState {
  const user = caller.locals.user;
  if (!user) throw new HttpError('LOGIN_REQUIRED', msg('errors.LOGIN_REQUIRED'));
  const g = gateShare(caller as never, shareId, true, () => undefined);
  if (!g.share || (!g.access.allow && g.access.code !== 'SHARE_ACCESS_DENIED')) throw new HttpError(g.access.allow ? 'SHARE_LINK_NOT_FOUND' : g.access.code, g.access.allow ? msg('errors.SHARE_LINK_NOT_FOUND') : g.access.detail);
  return requestStateFor(user.id, g.share);
}

/** GET /api/v1/chats/shared/requests: the owner's pending requests, newest first. */
export function pendingRequests(user: Pick<SessionUser, 'id'>, requestUrl: URL) {
  return pendingRequestsOf(user.id).map((r) => ({
    id: r.id, chat_id: r.chat_id, share_id: r.share_id, url: shareUrl(r.share_id, requestUrl), title: r.title,
    user: { id: r.user_id, name: r.user_name, email: r.user_email }, note: r.note, created_at: r.created_at,
  }));
}

export const pendingRequestCount = (userId: string): number => countPendingRequests(userId);

/** POST /api/v1/chats/shared/requests/{id}/approve|decline: one click; approving grants the reader the link. */
export function decideAccessRequest(user: Pick<SessionUser, 'id' | 'role'>, requestId: string, approve: boolean) {
  if (!requestId || requestId.length > 100) throw new HttpError('NOT_FOUND', msg('api.requestNotFound'));
  if (approve && !can(user, 'access_grants.allow_users')) throw permissionRefusal('access_grants.allow_users');
  const row = decideRequest(user.id, requestId, approve, nowSeconds());
  if (!row) throw new HttpError('NOT_FOUND', msg('api.requestNotFound'));
  return { id: row.id, status: row.status, decided_at: row.decided_at };
}

