// The audience routes (issue 17.1): Open WebUI 0.11's GET /chats/shared/{id}/access and POST …/access/update, the
// dialog's people-and-groups search, and "Shared with me" (links others granted to the reader).
import { db, nowSeconds, writeTransaction } from '../../db';
import { createSharedRateLimiter } from '../../rate-limit';
import { tooManyAttempts } from '../../auth/throttle';
import { HttpError, msg } from '../../http';
import { can, permissionRefusal, requirePermission } from '../../auth/permissions';
import type { SessionUser } from '../../auth/lucia';
import { accessGrantsJson, audienceFromGrants, checkGrants, parseGrantList, writeGrants } from './audience';
import { searchGroups, searchUsers, sharedWithUser } from './grants-store';
import { updateShareSettings } from '../store';
import { purgeShares } from '../serve/cdn';
import { ownShare, requireShare, shareUrl } from '../manage/manage';

/** GET /chats/shared/{chat_id}/access: the link's grants as Open WebUI lists them (`[{id, principal_type, principal_id, permission}]`). */
export function shareAccess(user: SessionUser, chatId: string) {
  return accessGrantsJson(requireShare(user.id, chatId));
}

/**
 * POST /chats/shared/{chat_id}/access/update `{access_grants: [...]}`: sets who the link is for and its grants, in one
 * transaction (audience.ts says how the list reads). Answers the share with its `access_grants`.
 */
export async function updateShareAccess(user: SessionUser, chatId: string, body: unknown, url: URL) {
  requirePermission(user, 'chat.share');
  requireShare(user.id, chatId);
  const { audience, grants } = audienceFromGrants(parseGrantList(body));
  if (audience === 'anyone' && !can(user, 'sharing.public_chat')) throw permissionRefusal('sharing.public_chat');
  const checked = audience === 'people' ? checkGrants(user, grants) : [];
  const row = await writeTransaction(() => {
    const now = nowSeconds();
    // Read again inside the write: an administrator taking public sharing away meanwhile wins (sign-in only then).
    const open = audience === 'anyone' && can(user, 'sharing.public_chat');
    const written = updateShareSettings(chatId, { is_public: open, restricted: audience === 'people', ...(open ? {} : { allow_indexing: false }) }, now);
    if (written && audience === 'people') writeGrants(user, chatId, checked, now);
    return written;
  });
  if (!row) throw new HttpError('SHARE_LINK_NOT_FOUND', msg('api.noShareLink'));
  purgeShares([chatId]);
  return { ...ownShare(user.id, chatId, url), access_grants: accessGrantsJson(row) };
}

const SEARCH_LIMIT = 8;
/** Shorter queries find nobody: a letter or none would list the instance's accounts a page at a time. */
export const MIN_PRINCIPAL_QUERY = 2;
// 60 searches a minute per account (the picker asks once per pause in typing); administrators, who list every account
// in the admin panel anyway, are not counted.
const searchLimiter = createSharedRateLimiter(db, 'principal-search', { max: Number(process.env.PRINCIPAL_SEARCH_RATE_LIMIT) || 60, windowMs: 60_000 });

/**
 * GET /chats/shared/principals?query=: people and groups the reader may grant a link to, at most 8 of each, only the
 * kinds the reader's permissions allow; a query under 2 characters finds nobody. People are found by name, or by their
 * whole email address; as Open WebUI's user search does for non-admins, the answer names them without their email
 * (`{id, name}`): any member could otherwise collect every address on the instance by typing letters. Administrators
 * also match part of an email and get `email`.
 */
export function searchPrincipals(user: SessionUser, params: URLSearchParams) {
  requirePermission(user, 'chat.share');
  const query = (params.get('query') ?? '').trim();
  if (query.length > 100) throw new HttpError('VALIDATION_ERROR', msg('api.queryTooLong', { max: 100 }));
  if ([...query].length < MIN_PRINCIPAL_QUERY) return { users: [], groups: [] };
  const admin = user.role === 'admin';
  if (!admin) {
    const slot = searchLimiter.reserve(user.id);
    if (!slot.ok) throw tooManyAttempts(slot.retryAfterSec);
  }
  const users = can(user, 'access_grants.allow_users') ? searchUsers(query, user.id, SEARCH_LIMIT, admin) : [];
  const groups = can(user, 'access_grants.allow_groups') ? searchGroups(query, SEARCH_LIMIT) : [];
  return {
    users: users.map((u) => (admin ? { id: u.id, name: u.name, email: u.email } : { id: u.id, name: u.name })),
    groups: groups.map((g) => ({ id: g.id, name: g.name, member_count: g.member_count })),
  };
}

export const SHARED_WITH_ME_PAGE = 50;

/**
 * GET /chats/shared/with_me?query=&page=: links others shared with the reader through grants (in person or a group),
 * newest first: `{total, items: [{share_id, url, title, owner: {id, name}, shared_at, type, status, has_password, expires_at}]}`.
 */
export function sharedWithMe(user: Pick<SessionUser, 'id'>, params: URLSearchParams, requestUrl: URL) {
  const query = (params.get('query') ?? '').trim();
  if (query.length > 200) throw new HttpError('VALIDATION_ERROR', msg('api.queryTooLong', { max: 200 }));
  const rawPage = params.get('page') ?? '1';
  const page = /^\d{1,6}$/.test(rawPage) && Number(rawPage) >= 1 ? Number(rawPage) : null;
  if (page === null) throw new HttpError('VALIDATION_ERROR', msg('api.pageInvalid'));
  const { rows, total } = sharedWithUser(user.id, query, nowSeconds(), SHARED_WITH_ME_PAGE, (page - 1) * SHARED_WITH_ME_PAGE);
  return {
    total, page,
    items: rows.map((r) => ({
      share_id: r.share_id, url: shareUrl(r.share_id, requestUrl), title: r.title, owner: { id: r.owner_id, name: r.owner_name },
      shared_at: r.shared_at, type: r.kind, status: r.status, has_password: !!r.has_password, expires_at: r.expires_at,
    })),
  };
}
