// The share_report table (migration 0022): reports from share pages and the API, and the administrators' queue.
import { db } from '../db';
import type { Statement } from 'better-sqlite3';
import { moderateShareRow, type StoredShare } from '../shares/store';

export const REPORT_REASONS = ['spam', 'harassment', 'sexual', 'violence', 'private_info', 'illegal', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export type ReportStatus = 'open' | 'dismissed' | 'actioned';

export interface ReportRow {
  id: string; share_id: string; reason: ReportReason; note: string; status: ReportStatus;
  created_at: number; resolved_at: number | null; resolved_by: string | null;
}
/** A queue row: the report with its link as it is now (null fields when the link is gone) and its open reports. */
export interface QueuedReport extends ReportRow {
  chat_id: string | null; title: string | null; share_state: 'active' | 'revoked' | null; moderated: number | null;
  owner_id: string | null; owner_name: string | null; open_for_share: number; all_for_share: number;
}

const prepared = new Map<string, Statement>();
function stmt(sql: string): Statement {
  let st = prepared.get(sql);
  if (!st) prepared.set(sql, (st = db().prepare(sql)));
  return st;
}

export function insertReport(r: Pick<ReportRow, 'id' | 'share_id' | 'reason' | 'note' | 'created_at'>): void {
  stmt('INSERT INTO share_report (id, share_id, reason, note, status, created_at) VALUES (@id, @share_id, @reason, @note, \'open\', @created_at)').run(r);
}

export const getReport = (id: string): ReportRow | null =>
  (stmt('SELECT * FROM share_report WHERE id = ?').get(id) as ReportRow | undefined) ?? null;

export const countOpenReports = (): number => stmt("SELECT COUNT(*) FROM share_report WHERE status = 'open'").pluck().get() as number;

const QUEUE_COLUMNS = `r.*, s.chat_id AS chat_id, s.title AS title, s.status AS share_state, (s.moderated_by IS NOT NULL) AS moderated,
  s.user_id AS owner_id, u.name AS owner_name,
  (SELECT COUNT(*) FROM share_report x WHERE x.share_id = r.share_id AND x.status = 'open') AS open_for_share,
  (SELECT COUNT(*) FROM share_report x WHERE x.share_id = r.share_id) AS all_for_share`;

/** One page of the queue, newest first (`open` only, or every report), and how many there are. */
export function listReports(openOnly: boolean, limit: number, offset: number): { items: QueuedReport[]; total: number } {
  const where = openOnly ? "WHERE r.status = 'open'" : '';
  const items = stmt(`SELECT ${QUEUE_COLUMNS} FROM share_report r LEFT JOIN share s ON s.share_id = r.share_id LEFT JOIN user u ON u.id = s.user_id
    ${where} ORDER BY r.created_at DESC, r.rowid DESC LIMIT @limit OFFSET @offset`).all({ limit, offset }) as QueuedReport[];
  const total = stmt(`SELECT COUNT(*) FROM share_report r ${where}`).pluck().get() as number;
  return { items, total };
}

/** Closes an open report as dismissed; null when there is no open report with that id. */
export const dismissReportRow = (id: string, adminId: string, now: number): ReportRow | null =>
  (stmt("UPDATE share_report SET status = 'dismissed', resolved_at = @now, resolved_by = @admin WHERE id = @id AND status = 'open' RETURNING *")
    .get({ id, admin: adminId, now }) as ReportRow | undefined) ?? null;

/**
 * Revokes the reported link as moderation with the reason its owner will read, and closes every open report of that link
 * as acted on, in one transaction. Null when the link is gone.
 */
export function revokeReportedShare(shareId: string, adminId: string, reason: string, now: number): { share: StoredShare; closed: number } | null {
  return db().transaction(() => {
    const share = moderateShareRow(shareId, adminId, now, reason);
    if (!share) return null;
    const closed = stmt("UPDATE share_report SET status = 'actioned', resolved_at = @now, resolved_by = @admin WHERE share_id = @id AND status = 'open'")
      .run({ id: shareId, admin: adminId, now }).changes;
    return { share, closed };
  }).immediate();
}
