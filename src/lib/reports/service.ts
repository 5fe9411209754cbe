// Reports of share links (issue 17.6): anyone may report a link that exists and is not revoked, throttled per client
// without keeping its address; administrators dismiss a report or revoke the link as moderation with a reason.
import { createHmac, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { db, nowSeconds } from '../db';
import { HttpError, msg } from '../http';
import { parseInput } from '../validation';
import { createSharedRateLimiter } from '../rate-limit';
import { tooManyAttempts } from '../auth/throttle';
import { instanceSecret } from '../shares/secret';
import { deny, shareStatus } from '../shares/gate';
import { purgeShares } from '../shares/serve/cdn';
import { shareJson } from '../shares/manage/manage';
import type { StoredShare } from '../shares/store';
import type { SessionUser } from '../auth/lucia';
import {
  countOpenReports, dismissReportRow, getReport, insertReport, listReports, revokeReportedShare, REPORT_REASONS,
  type QueuedReport, type ReportReason, type ReportRow,
} from './store';

export { REPORT_REASONS, countOpenReports, type ReportReason };
export const NOTE_MAX = 1000;
export const MODERATION_REASON_MAX = 500;

export const reportSchema = z.object({
  reason: z.enum(REPORT_REASONS),
  note: z.string().max(NOTE_MAX).optional().nullable(),
});
export type ReportInput = z.infer<typeof reportSchema>;

/** The moderation reason an administrator gives (trimmed; empty means none). */
export const moderationReasonSchema = z.string().trim().max(MODERATION_REASON_MAX);

const HOUR = 60 * 60_000;
/** REPORT_RATE_LIMIT: reports per client per hour (default 5; 0 turns the hourly limit off; the daily one per link stays). */
export function reportLimit(raw: string | undefined): number {
  const value = (raw ?? '').trim();
  if (!/^\d+$/.test(value)) return 5;
  return Number(value) === 0 ? Infinity : Number(value);
}
// 5 reports an hour from one client, and one report of a given link a day: enough for a person, too little for a flood.
const perClient = createSharedRateLimiter(db, 'report-client', { max: reportLimit(process.env.REPORT_RATE_LIMIT), windowMs: HOUR });
const perClientShare = createSharedRateLimiter(db, 'report-client-share', { max: 1, windowMs: 24 * HOUR });

/** The throttle's key: a keyed hash of the client (so rate_limit never holds an address), with the link for the daily one. */
const throttleKey = (client: string, shareId = '') => createHmac('sha256', instanceSecret()).update(`report\0${client}\0${shareId}`).digest('base64url').slice(0, 32);

/** Whether a link may be reported: it exists (its chat too) and is not revoked. NOT_FOUND / REVOKED otherwise. */
export function requireReportable(share: StoredShare | null): StoredShare {
  if (!share) throw new HttpError('SHARE_LINK_NOT_FOUND', deny('SHARE_LINK_NOT_FOUND').detail);
  if (shareStatus(share, nowSeconds()) === 'revoked') throw new HttpError('SHARE_LINK_REVOKED', deny('SHARE_LINK_REVOKED').detail);
  return share;
}

export type ThrottleRefusal = { kind: 'client' | 'share'; retryAfterSec: number };

/**
 * Stores a report of a reportable link from `client` (the throttle key of clientOf). Callers parse the input first, so a
 * bad form costs no slot; then a slot from each throttle, or none. Returns the report's id, or the throttle that refused.
 */
export function fileReport(share: StoredShare, input: ReportInput, client: string): { id: string } | ThrottleRefusal {
  const shareSlot = perClientShare.reserve(throttleKey(client, share.share_id));
  if (!shareSlot.ok) return { kind: 'share', retryAfterSec: shareSlot.retryAfterSec };
  const clientSlot = perClient.reserve(throttleKey(client));
  if (!clientSlot.ok) {
    shareSlot.release();
    return { kind: 'client', retryAfterSec: clientSlot.retryAfterSec };
  }
  const id = randomUUID();
  insertReport({ id, share_id: share.share_id, reason: input.reason, note: (input.note ?? '').trim(), created_at: nowSeconds() });
  return { id };
}

/** POST /api/v1/chats/{share_id}/report: 201 {id}; 429 RATE_LIMITED when a throttle refuses. */
export function reportFromApi(share: StoredShare | null, body: unknown, client: string): { id: string } {
  const s = requireReportable(share);
  const input = parseInput(reportSchema, body);
  const filed = fileReport(s, input, client);
  if ('id' in filed) return filed;
  if (filed.kind === 'share') throw new HttpError('RATE_LIMITED', msg('report.apiReportedAlready'), { 'retry-after': String(filed.retryAfterSec) });
  throw tooManyAttempts(filed.retryAfterSec);
}

const reportJson = (r: ReportRow | QueuedReport) => {
  const q = r as Partial<QueuedReport>;
  return {
    id: r.id, share_id: r.share_id, reason: r.reason, note: r.note, status: r.status, created_at: r.created_at,
    resolved_at: r.resolved_at, resolved_by: r.resolved_by,
    ...('open_for_share' in r ? {
      share: q.chat_id ? { chat_id: q.chat_id, title: q.title, status: q.share_state, moderated: !!q.moderated, owner: { id: q.owner_id, name: q.owner_name } } : null,
      open_reports_for_share: q.open_for_share, reports_for_share: q.all_for_share,
    } : {}),
  };
};
export type ReportJson = ReturnType<typeof reportJson>;

const queueQuery = z.object({
  status: z.enum(['open', 'all']).default('open'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(50),
});

/** GET /admin/reports?status=open|all&page=&page_size=: the queue, newest first. */
export function reportQueue(params: URLSearchParams) {
  const q = parseInput(queueQuery, Object.fromEntries([...params].filter(([k]) => k === 'status' || k === 'page' || k === 'page_size')));
  const { items, total } = listReports(q.status === 'open', q.page_size, (q.page - 1) * q.page_size);
  return { items: items.map(reportJson), total, open: countOpenReports(), page: q.page, page_size: q.page_size };
}

const reportNotFound = () => new HttpError('REPORT_NOT_FOUND', msg('report.apiReportNotFound'));
const requireReport = (id: string): ReportRow => {
  const r = id.length <= 100 ? getReport(id) : null;
  if (!r) throw reportNotFound();
  return r;
};

/** POST /admin/reports/{id}/dismiss: closes an open report; a report already closed is answered as it is. */
export function dismissReport(admin: SessionUser, id: string) {
  const r = requireReport(id);
  return reportJson(dismissReportRow(id, admin.id, nowSeconds()) ?? r);
}

const revokeBody = z.object({ reason: moderationReasonSchema.pipe(z.string().min(1)) });

/**
 * POST /admin/reports/{id}/revoke {reason}: revokes the reported link as moderation with that reason (the owner reads
 * it) and closes every open report of the link. 404 when the link is gone (dismiss the report instead).
 */
export function revokeFromReport(admin: SessionUser, id: string, body: unknown, requestUrl: URL) {
  const r = requireReport(id);
  const { reason } = parseInput(revokeBody, body);
  const done = revokeReportedShare(r.share_id, admin.id, reason, nowSeconds());
  if (!done) throw new HttpError('SHARE_LINK_NOT_FOUND', deny('SHARE_LINK_NOT_FOUND').detail);
  purgeShares([done.share.chat_id]);
  return { report: reportJson(getReport(id)!), closed: done.closed, share: shareJson(done.share, requestUrl) };
}

const optionalReasonBody = z.object({ reason: moderationReasonSchema.nullable().optional() });
/** The optional `{reason}` of an admin's revoke in Admin → Shares (an empty body or reason: none). */
export function optionalModerationReason(body: unknown): string | null {
  return parseInput(optionalReasonBody, body).reason || null;
}
