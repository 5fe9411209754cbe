// Admin → Shares form posts: one link's revoke or restore, or many at once (the ticked rows, or every link that matches
// the filters once the administrator confirmed how many: the count they were asked about must still be the count).
import type { SessionUser } from '../auth/lucia';
import { adminShareMatches, moderateMany, moderateRestore, moderateRevoke, BULK_LIMIT } from '../shares/manage/moderation';
import { filterParamsOf, parseDashboardQuery } from '../shares/manage/dashboard-query';
import { MODERATION_REASON_MAX } from '../reports/service';

export type BulkAction = 'revoke' | 'restore';
export type AdminShareOutcome =
  | { kind: 'redirect'; done: string; n?: number; m?: number }
  | { kind: 'confirm'; action: BulkAction; n: number };

/** The list's parameters with Created from / to (calendar days in the admin's zone) read as the Shared Chats page reads them. */
export function adminListParams(params: URLSearchParams): URLSearchParams {
  const dates = parseDashboardQuery(params).view;
  const out = new URLSearchParams(params);
  const range = filterParamsOf({ ...dates, query: '', is_public: '', password: '', status: '', type: '' });
  for (const k of ['start_date', 'end_date']) { const x = range.get(k); if (x) out.set(k, x); }
  return out;
}

/** Runs one posted action; `params` is the list's own address (the form posts back to it), whose filters "every match" means. */
export function runAdminShareAction(admin: SessionUser, form: FormData, params: URLSearchParams, requestUrl: URL): AdminShareOutcome {
  const action = String(form.get('action') ?? '');
  const bulk = /^bulk_(revoke|restore)$/.exec(action)?.[1] as BulkAction | undefined;
  if (!bulk) {
    const shareId = String(form.get('share_id') ?? '');
    // An optional reason, shown to the owner beside "Revoked by an administrator" (issue 17.6).
    const reason = String(form.get('reason') ?? '').trim().slice(0, MODERATION_REASON_MAX) || null;
    if (action === 'revoke') moderateRevoke(admin, shareId, requestUrl, reason);
    else if (action === 'restore') moderateRestore(shareId, requestUrl);
    return { kind: 'redirect', done: action === 'restore' ? 'restored' : 'revoked' };
  }
  let ids: string[];
  if (form.get('scope') === 'matches') {
    ids = adminShareMatches(adminListParams(params));
    // Past this page the administrator says yes to a count first; a list that changed since asks again with the new one.
    if (String(form.get('confirm_count') ?? '') !== String(ids.length)) return { kind: 'confirm', action: bulk, n: ids.length };
  } else {
    ids = [...new Set(form.getAll('share_id').map(String).filter(Boolean))].slice(0, BULK_LIMIT);
  }
  if (!ids.length) return { kind: 'redirect', done: 'none_selected' };
  const { done, unchanged } = moderateMany(admin, bulk, ids);
  return { kind: 'redirect', done: bulk === 'revoke' ? 'bulk_revoked' : 'bulk_restored', n: done, m: unchanged };
}
