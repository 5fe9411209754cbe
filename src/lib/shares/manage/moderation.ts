// The admin's view of every share on the instance (no peer has it), and moderation: revoke or restore any link.
import { nowSeconds } from '../../db';
import { HttpError } from '../../http';
import type { SessionUser } from '../../auth/lucia';
import { deny } from '../gate';
import { parseAdminShareListQuery, parseShareFilters } from './listing';
import { liftModerationRow, listShares, moderateShareRow, moderateShareRows, shareMatches, type ListedShare } from '../store';
import { shareJson } from './manage';
import { purgeShares } from '../serve/cdn';

const adminShareJson = (s: ListedShare, requestUrl: URL) => ({
  ...shareJson(s, requestUrl, s.chat_title),
  owner: { id: s.user_id, name: s.owner_name ?? null, email: s.owner_email ?? null },
});

/** GET /admin/shares: the dashboard's filters, sort and pages, plus `user_id` for one owner. */
export function listAllShares(params: URLSearchParams, requestUrl: URL) {
  const q = parseAdminShareListQuery(params);
  const { items, total, grand_total } = listShares(q.user_id ?? null, q, nowSeconds(), { withOwner: true });
  return { items: items.map((s) => adminShareJson(s, requestUrl)), total, grand_total, page: q.page, page_size: q.page_size };
}

const notFound = () => new HttpError('SHARE_LINK_NOT_FOUND', deny('SHARE_LINK_NOT_FOUND').detail);

/**
 * POST /admin/shares/{share_id}/revoke: the owner sees it revoked and cannot restore it themselves. The moderated row is
 * kept by the owner's "Clear revoked", and its id is reserved in its own table, so deleting the chat and sharing a copy
 * under the same id is refused too, until an administrator lifts it. `reason` (optional) is shown to the owner.
 */
export function moderateRevoke(admin: SessionUser, shareId: string, requestUrl: URL, reason: string | null = null) {
  const row = moderateShareRow(shareId, admin.id, nowSeconds(), reason);
  if (!row) throw notFound();
  purgeShares([row.chat_id]);
  return shareJson(row, requestUrl);
}

/**
 * POST /admin/shares/{share_id}/restore: lifts a moderation (or an owner's revocation) with the owner's restore rules.
 * When the chat was deleted meanwhile only the id's reservation remains: lifting frees it.
 */
export function moderateRestore(shareId: string, requestUrl: URL) {
  const { row, released } = liftModerationRow(shareId, nowSeconds());
  if (row) {
    purgeShares([row.chat_id]);
    return shareJson(row, requestUrl);
  }
  if (released) return { share_id: shareId, status: 'released', moderated: false };
  throw notFound();
}

/** The share ids of every link matching the admin list's filters (owner included), across pages: "select all N matching". */
export function adminShareMatches(params: URLSearchParams): string[] {
  const userId = parseAdminShareListQuery(params).user_id ?? null;
  return shareMatches(userId, parseShareFilters(params), nowSeconds()).map((m) => m.share_id);
}

export const BULK_LIMIT = 10_000;

/**
 * Bulk moderation (Admin → Shares): revoke the selected links that still work or have expired, as moderation, or restore
 * the revoked ones. `done` changed; `unchanged` were already in that state (or are gone).
 */
export function moderateMany(admin: SessionUser, action: 'revoke' | 'restore', shareIds: string[]): { done: number; unchanged: number } {
  const ids = [...new Set(shareIds)].slice(0, BULK_LIMIT);
  const rows = moderateShareRows(action, ids, admin.id, nowSeconds());
  purgeShares(rows.map((r) => r.chat_id));
  return { done: rows.length, unchanged: ids.length - rows.length };
}
