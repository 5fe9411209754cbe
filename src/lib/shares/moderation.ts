// The admin's view of every share on the instance (no peer has it), and moderation: revoke or restore any link.
import { db, nowSeconds } from '../db';
import { HttpError } from '../http';
import type { SessionUser } from '../auth/lucia';
import { deny } from './gate';
import { parseAdminShareListQuery } from './listing';
import { getShareByShareId, listShares, saveShare, setModeratedBy, type ListedShare } from './store';
import { restored, revoked, shareJson } from './manage';

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

function requireAnyShare(shareId: string) {
  const share = getShareByShareId(shareId);
  if (!share) throw new HttpError('SHARE_LINK_NOT_FOUND', deny('SHARE_LINK_NOT_FOUND').detail);
  return share;
}

/** POST /admin/shares/{share_id}/revoke: the owner sees it revoked and cannot restore it themselves. */
export function moderateRevoke(admin: SessionUser, shareId: string, requestUrl: URL) {
  return db().transaction(() => {
    const share = requireAnyShare(shareId);
    const next = { ...revoked(share, nowSeconds()), moderated_by: admin.id };
    saveShare(next);
    setModeratedBy(share.chat_id, admin.id);
    return shareJson(next, requestUrl);
  }).immediate();
}

/** POST /admin/shares/{share_id}/restore: lifts a moderation (or an owner's revocation) with the owner's restore rules. */
export function moderateRestore(shareId: string, requestUrl: URL) {
  return db().transaction(() => {
    const share = requireAnyShare(shareId);
    const next = { ...restored(share, nowSeconds()), moderated_by: null };
    saveShare(next);
    setModeratedBy(share.chat_id, null);
    return shareJson(next, requestUrl);
  }).immediate();
}
