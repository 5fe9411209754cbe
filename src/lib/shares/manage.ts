// Owner operations on shares: create or update (with snapshot publishing), revoke, restore, and the API's JSON shape.
import { config } from '../config';
import { db, nowSeconds } from '../db';
import { HttpError, msg } from '../http';
import { hashPassword, verifyPassword } from '../auth/password';
import { requireChat } from '../chats/store';
import { accountOf, can, permissionRefusal, requirePermission } from '../auth/permissions';
import { generateShareId, parseShareOptions, resolveShareSettings } from './options';
import { shareStatus } from './gate';
import { publishSnapshot } from './documents';
import { pruneArtifacts, removeArtifacts } from './artifacts';
import { allSharesOf, chatIdOfShareId, countSharesByStatus, deleteShareRow, getShareByChatId, listShares, ownedShares, resetShareStats, saveShare, shareMatches, type StoredShare } from './store';
import { parseShareFilters, parseShareListQuery } from './listing';
import { parseInput } from '../auth/users';
import { z } from 'zod';
import type { SessionUser } from '../auth/lucia';
import { warmSnapshotViews } from './pages';

export const getShareByChat = getShareByChatId;

export function shareUrl(shareId: string, requestUrl: URL): string {
  return `${config.publicOrigin ?? requestUrl.origin}/s/${shareId}`;
}

/** The API's share JSON: never the password hash. */
export function shareJson(s: StoredShare, requestUrl: URL, title?: string) {
  return {
    share_id: s.share_id, url: shareUrl(s.share_id, requestUrl), chat_id: s.chat_id, title: title ?? s.snapshot_title ?? null,
    type: s.kind, status: shareStatus(s, nowSeconds()), revoked_reason: s.revoked_reason, is_public: s.is_public,
    has_password: !!s.password_hash, display_username: s.display_username, allow_cloning: s.allow_cloning,
    expires_at: s.expires_at, max_views: s.max_views, max_clones: s.max_clones,
    allow_view_after_clone_limit: s.allow_view_after_clone_limit, views: s.views, clones: s.clones,
    show_qr_code: s.show_qr, gradient_qr_code: s.gradient_qr, created_at: s.created_at, updated_at: s.updated_at,
    moderated: !!s.moderated_by, // revoked by an administrator: only an administrator can restore it
  };
}

function requireShare(userId: string, chatId: string): StoredShare {
  requireChat(userId, chatId); // another user's chat is a 404, never a 403 that confirms it exists
  const share = getShareByChatId(chatId);
  if (!share) throw new HttpError('SHARE_LINK_NOT_FOUND', msg('api.noShareLink'));
  return share;
}

/** GET /chats/{id}/share: the owner's view of the share, with its live status and counts. */
export function ownShare(userId: string, chatId: string, requestUrl: URL) {
  return shareJson(requireShare(userId, chatId), requestUrl);
}

/** POST /chats/{id}/share: creates the share or updates it; renders a snapshot when one is needed. */
/** `origin`: the site's origin as share pages will see it, to compress the new snapshot's page for its first viewers. */
export async function upsertShare(user: SessionUser, chatId: string, body: unknown, requestUrl: URL, origin?: string) {
  requirePermission(user, 'chat.share');
  const chat = requireChat(user.id, chatId);
  const input = parseShareOptions(body);
  const mayPublic = can(user, 'sharing.public_chat');
  if (input.is_public === true && !mayPublic) throw permissionRefusal('sharing.public_chat');
  const existing = getShareByChatId(chatId);
  const now = nowSeconds();
  const resolved = resolveShareSettings(input, existing, now);
  if (!mayPublic) resolved.is_public = false; // a new link without the permission needs sign-in

  // Password checks and hashing are async: done before any write.
  if (resolved.requiresCurrentPassword) {
    if (!input.current_password || !existing?.password_hash || !(await verifyPassword(existing.password_hash, input.current_password))) {
      throw new HttpError('INVALID_PASSWORD', msg('api.currentPasswordRequired'));
    }
  }
  const passwordHash = resolved.passwordChange.kind === 'set' ? await hashPassword(resolved.passwordChange.password)
    : resolved.passwordChange.kind === 'remove' ? null : existing?.password_hash ?? null;

  const shareId = resolved.share_id ?? existing?.share_id ?? generateShareId();
  const owner = chatIdOfShareId(shareId);
  if (owner && owner !== chatId) throw new HttpError('SHARE_ID_TAKEN', msg('api.shareIdTaken'));

  const needsSnapshot = resolved.kind === 'snapshot' && (!existing || existing.kind !== 'snapshot' || !existing.snapshot_rev || input.refresh_snapshot === true);
  const published = needsSnapshot ? await publishSnapshot(chat) : null;

  const next: StoredShare = {
    chat_id: chatId, user_id: user.id, share_id: shareId, kind: resolved.kind, is_public: resolved.is_public,
    password_hash: passwordHash, display_username: resolved.display_username, allow_cloning: resolved.allow_cloning,
    expires_at: resolved.expires_at, max_views: resolved.max_views, max_clones: resolved.max_clones,
    allow_view_after_clone_limit: resolved.allow_view_after_clone_limit, views: existing?.views ?? 0, clones: existing?.clones ?? 0,
    status: existing?.status ?? 'active', revoked_reason: existing?.revoked_reason ?? null,
    snapshot_rev: published?.rev ?? existing?.snapshot_rev ?? 0,
    snapshot_title: published?.title ?? existing?.snapshot_title ?? chat.title,
    snapshot_summary: published?.summary ?? existing?.snapshot_summary ?? null,
    show_qr: resolved.show_qr, gradient_qr: resolved.gradient_qr, created_at: existing?.created_at ?? now, updated_at: now,
  };
  // The custom id is re-checked inside the write: the UNIQUE index turns a lost race into a 409, not a 500. The public
  // permission is read again in the same write, so an admin taking it away while the snapshot rendered still wins.
  try {
    db().transaction(() => {
      if (next.is_public && !can(user, 'sharing.public_chat')) next.is_public = false;
      saveShare(next);
    }).immediate();
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new HttpError('SHARE_ID_TAKEN', msg('api.shareIdTaken'));
    throw err;
  }
  if (published) {
    pruneArtifacts(chatId, published.rev);
    if (origin) void warmSnapshotViews(next, origin).catch((err) => console.warn('chatshare: could not pre-compress a snapshot page', err));
  }
  return shareJson(next, requestUrl, chat.title);
}

export const revoked = (share: StoredShare, now: number): StoredShare => ({ ...share, status: 'revoked', revoked_reason: 'manual', updated_at: now });

/**
 * Restoring a link that expired by time or views also clears those settings (the reference); one revoked by its clone
 * limit loses the clone limit, or it would be revoked again at once.
 */
export function restored(share: StoredShare, now: number): StoredShare {
  const next: StoredShare = { ...share, status: 'active', revoked_reason: null, updated_at: now };
  if (shareStatus(share, now) === 'expired' || share.revoked_reason === 'expired_time' || share.revoked_reason === 'expired_views') {
    next.expires_at = null;
    next.max_views = 0;
  }
  if (share.revoked_reason === 'clone_limit' || (share.max_clones > 0 && share.clones >= share.max_clones && !share.allow_view_after_clone_limit)) next.max_clones = 0;
  return next;
}

export function revokeShare(userId: string, chatId: string, requestUrl: URL) {
  const next = revoked(requireShare(userId, chatId), nowSeconds());
  saveShare(next);
  return shareJson(next, requestUrl);
}

const moderatedRefusal = () => new HttpError('SHARE_MODERATED', msg('api.shareModerated'));

/** Restoring turns a link back on: it needs the share permission, and an administrator's revocation stands. */
export function restoreShare(userId: string, chatId: string, requestUrl: URL) {
  requirePermission(accountOf(userId), 'chat.share');
  const share = requireShare(userId, chatId);
  if (share.moderated_by) throw moderatedRefusal();
  const next = restored(share, nowSeconds());
  saveShare(next);
  return shareJson(next, requestUrl);
}

/** POST /chats/{id}/reset_stats: views and clones back to 0. */
export function resetStats(userId: string, chatId: string, requestUrl: URL) {
  requireShare(userId, chatId);
  resetShareStats(chatId, nowSeconds());
  return shareJson(getShareByChatId(chatId)!, requestUrl);
}

// ---- the dashboard's list and bulk actions ----

/** GET /chats/shared: one page of the caller's shares, each exactly as POST /chats/{id}/share answers it. */
export function listOwnShares(userId: string, params: URLSearchParams, requestUrl: URL) {
  const q = parseShareListQuery(params);
  const { items, total, grand_total } = listShares(userId, q, nowSeconds());
  return { items: items.map((s) => shareJson(s, requestUrl, s.chat_title)), total, grand_total, page: q.page, page_size: q.page_size };
}

/** GET /chats/shared/meta: every match across pages, for select-all and the danger zone's counts. */
export function ownShareMatches(userId: string, params: URLSearchParams) {
  const now = nowSeconds();
  const items = shareMatches(userId, parseShareFilters(params), now);
  const counts = { active: 0, expired: 0, revoked: 0 };
  for (const i of items) counts[i.status]++;
  return { items, total: items.length, grand_total: allSharesOf(userId).length, counts };
}

/** Counts by status under every filter but status: the dashboard's status tabs and its danger zone. */
export function ownShareCounts(userId: string, params: URLSearchParams) {
  const counts = countSharesByStatus(userId, parseShareFilters(params), nowSeconds());
  return { counts, total: counts.active + counts.expired + counts.revoked };
}

const bulkBody = z.object({
  action: z.enum(['revoke', 'restore', 'reset_stats'], { message: 'must be revoke, restore or reset_stats' }),
  chat_ids: z.array(z.string().max(200)).max(10_000, 'at most 10,000 ids at once'),
});

/**
 * POST /chats/shared/bulk: one transaction; ids the caller does not own (or without a share) are skipped, and so are
 * links an administrator revoked, for restore.
 */
export function bulkShareAction(userId: string, body: unknown) {
  const { action, chat_ids } = parseInput(bulkBody, body);
  if (action === 'restore') requirePermission(accountOf(userId), 'chat.share');
  const ids = [...new Set(chat_ids)];
  const now = nowSeconds();
  return db().transaction(() => {
    const mine = ownedShares(userId, ids).filter((s) => action !== 'restore' || !s.moderated_by);
    for (const share of mine) {
      if (action === 'reset_stats') resetShareStats(share.chat_id, now);
      else saveShare(action === 'revoke' ? revoked(share, now) : restored(share, now));
    }
    const done = new Set(mine.map((s) => s.chat_id));
    return { done: [...done], skipped: ids.filter((id) => !done.has(id)) };
  })();
}

/** DELETE /chats/shared/all: revokes every link of the caller that is not revoked yet. */
export function revokeAllShares(userId: string) {
  const now = nowSeconds();
  return db().transaction(() => {
    const targets = allSharesOf(userId).filter((s) => shareStatus(s, now) !== 'revoked');
    for (const s of targets) saveShare(revoked(s, now));
    return { revoked: targets.length };
  })();
}

/** POST /chats/shared/all/reset_stats. */
export function resetAllStats(userId: string) {
  const now = nowSeconds();
  return db().transaction(() => {
    const all = allSharesOf(userId);
    for (const s of all) resetShareStats(s.chat_id, now);
    return { reset: all.length };
  })();
}

/** DELETE /chats/shared/revoked: revoked links are removed with their files; the chats stay and can be shared again. */
export function clearRevokedShares(userId: string) {
  const now = nowSeconds();
  const targets = db().transaction(() => {
    const list = allSharesOf(userId).filter((s) => shareStatus(s, now) === 'revoked');
    for (const s of list) deleteShareRow(s.chat_id);
    return list;
  })();
  for (const s of targets) removeArtifacts(s.chat_id);
  return { cleared: targets.length };
}

/** Removes the share entirely (the chat stays): used by "clear revoked" and tests. */
export function deleteShare(userId: string, chatId: string): void {
  requireShare(userId, chatId);
  db().transaction(() => deleteShareRow(chatId))();
  removeArtifacts(chatId);
}
