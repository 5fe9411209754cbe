// Share queries: prepared once, counters changed in single UPDATE ... RETURNING statements.
import { db, writeWithoutBusySleep } from '../db';
import type { Statement } from 'better-sqlite3';
import type { RevokedReason, ShareRow, ShareStatus } from './types';
import type { OrderColumn, ShareFilters, ShareListQuery } from './manage/listing';
import { clearShareStats, countDayView } from './stats/count';

interface DbShare extends Omit<ShareRow, 'is_public' | 'display_username' | 'allow_cloning' | 'allow_view_after_clone_limit' | 'show_qr' | 'gradient_qr' | 'allow_download' | 'allow_indexing' | 'restricted' | 'all_branches'> {
  is_public: number; display_username: number; allow_cloning: number; allow_view_after_clone_limit: number; show_qr: number; gradient_qr: number;
  allow_download: number; allow_indexing: number; restricted: number; all_branches: number;
  snapshot_title: string | null; snapshot_summary: string | null;
}

export interface StoredShare extends ShareRow {
  snapshot_title: string | null; snapshot_summary: string | null;
  /** Set when an admin revoked the link (moderation): only an admin can restore it. */
  moderated_by?: string | null;
  /** Why the admin revoked it (free text, shown to the owner); null without a reason or when not moderated. */
  moderation_reason?: string | null;
}

const decode = (r: DbShare | undefined): StoredShare | null => r ? {
  ...r,
  is_public: !!r.is_public, display_username: !!r.display_username, allow_cloning: !!r.allow_cloning,
  allow_view_after_clone_limit: !!r.allow_view_after_clone_limit, show_qr: !!r.show_qr, gradient_qr: !!r.gradient_qr,
  allow_download: !!r.allow_download, allow_indexing: !!r.allow_indexing, restricted: !!r.restricted, all_branches: !!r.all_branches,
} : null;

const stmts = () => {
  const conn = db();
  return {
    byShareId: conn.prepare('SELECT * FROM share WHERE share_id = ?'),
    byChat: conn.prepare('SELECT * FROM share WHERE chat_id = ?'),
    shareIdOwner: conn.prepare('SELECT chat_id FROM share WHERE share_id = ?').pluck(),
    // The limits are re-checked in the same statement that counts, so K concurrent viewers of max_views=K all fit.
    consumeView: conn.prepare(`UPDATE share SET views = views + 1
      WHERE chat_id = ? AND status = 'active' AND (max_views = 0 OR views < max_views) AND (expires_at IS NULL OR expires_at > ?)
        AND NOT (max_clones > 0 AND clones >= max_clones AND allow_view_after_clone_limit = 0)
      RETURNING views`).pluck(),
    // A clone passes the view limits too; reaching max_clones revokes the link in the same statement unless viewing continues.
    consumeClone: conn.prepare(`UPDATE share SET clones = clones + 1,
        status = CASE WHEN max_clones > 0 AND clones + 1 >= max_clones AND allow_view_after_clone_limit = 0 THEN 'revoked' ELSE status END,
        revoked_reason = CASE WHEN max_clones > 0 AND clones + 1 >= max_clones AND allow_view_after_clone_limit = 0 THEN 'clone_limit' ELSE revoked_reason END
      WHERE chat_id = ? AND status = 'active' AND allow_cloning = 1 AND (max_clones = 0 OR clones < max_clones)
        AND (max_views = 0 OR views < max_views) AND (expires_at IS NULL OR expires_at > ?)
      RETURNING clones`).pluck(),
    recordExpiry: conn.prepare('UPDATE share SET revoked_reason = ? WHERE chat_id = ? AND revoked_reason IS NULL'),
  };
};
let cache: ReturnType<typeof stmts> | null = null;
const s = () => (cache ??= stmts());

export const getShareByShareId = (shareId: string): StoredShare | null => decode(s().byShareId.get(shareId) as DbShare | undefined);
export const getShareByChatId = (chatId: string): StoredShare | null => decode(s().byChat.get(chatId) as DbShare | undefined);
export const chatIdOfShareId = (shareId: string): string | null => (s().shareIdOwner.get(shareId) as string | undefined) ?? null;

/** Counts one view if the share still allows it; null means a limit was reached first. */
export function consumeView(chatId: string, now: number): number | null {
  const views = (writeWithoutBusySleep(db(), () => s().consumeView.get(chatId, now)) as number | undefined) ?? null;
  if (views !== null) countDayView(chatId, now); // the day's count follows the counted view, in memory (stats/count.ts)
  return views;
}

/** Counts one clone if the share still allows it; null means cloning is off or a limit was reached first. */
export const consumeClone = (chatId: string, now: number): number | null => (s().consumeClone.get(chatId, now) as number | undefined) ?? null;

export function recordExpiry(chatId: string, reason: RevokedReason): void {
  s().recordExpiry.run(reason, chatId);
}

const encode = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

// ---- writes: each statement writes only the columns its caller decided, and its WHERE names the state it expects ----
// (DESIGN.md, "No read-modify-write of a share"): a view, clone, revoke or moderation made while a snapshot rendered
// is never undone by the row written at the end.

/** The settings an owner decides through POST /chats/{id}/share (never counters, status, or the snapshot). */
export const SETTING_COLUMNS = ['share_id', 'kind', 'is_public', 'password_hash', 'display_username', 'allow_cloning', 'expires_at',
  'max_views', 'max_clones', 'allow_view_after_clone_limit', 'show_qr', 'gradient_qr', 'allow_download', 'allow_indexing',
  'part_first', 'part_last', 'all_branches', 'restricted'] as const;
export type ShareSettings = Pick<ShareRow, (typeof SETTING_COLUMNS)[number]>;
export interface SnapshotCard { rev: number; title: string | null; summary: string | null }

/** A new link (views and clones 0, active). Null when the chat got a share meanwhile (a concurrent create won). */
export function insertShare(chatId: string, userId: string, settings: ShareSettings, snapshot: SnapshotCard, now: number): StoredShare | null {
  const values = { chat_id: chatId, user_id: userId, created_at: now, updated_at: now, snapshot_rev: snapshot.rev, snapshot_title: snapshot.title,
    snapshot_summary: snapshot.summary, ...Object.fromEntries(SETTING_COLUMNS.map((c) => [c, encode(settings[c])])) };
  const cols = Object.keys(values);
  return decode(stmt(`INSERT INTO share (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})
    ON CONFLICT(chat_id) DO NOTHING RETURNING *`).get(values) as DbShare | undefined);
}

/**
 * Writes the settings the request decided, nothing else. A max below what already happened becomes count + 1 (the
 * reference), computed from the counts at the time of the write, not from a copy read earlier.
 */
export function updateShareSettings(chatId: string, settings: Partial<ShareSettings>, now: number): StoredShare | null {
  const cols = SETTING_COLUMNS.filter((c) => settings[c] !== undefined);
  const set = cols.map((c) => c === 'max_views' ? 'max_views = CASE WHEN @max_views > 0 AND @max_views < views THEN views + 1 ELSE @max_views END'
    : c === 'max_clones' ? 'max_clones = CASE WHEN @max_clones > 0 AND @max_clones < clones THEN clones + 1 ELSE @max_clones END' : `${c} = @${c}`);
  const values = { chat: chatId, now, ...Object.fromEntries(cols.map((c) => [c, encode(settings[c])])) };
  return decode(stmt(`UPDATE share SET ${[...set, 'updated_at = @now'].join(', ')} WHERE chat_id = @chat RETURNING *`).get(values) as DbShare | undefined);
}

/** Points the share at a newly rendered snapshot, unless a newer one landed first (two refreshes racing). */
/** With `part`, the part that snapshot holds is written with it (and not when a newer snapshot won). */
export function publishSnapshotRev(chatId: string, card: SnapshotCard, now: number, part?: { first: string | null; last: string | null; allBranches: boolean }): StoredShare | null {
  const setPart = part ? ', part_first = @part_first, part_last = @part_last, all_branches = @all_branches' : '';
  return decode(stmt(`UPDATE share SET snapshot_rev = @rev, snapshot_title = @title, snapshot_summary = @summary, updated_at = @now${setPart}
    WHERE chat_id = @chat AND snapshot_rev < @rev RETURNING *`)
    .get({ chat: chatId, now, ...card, ...(part ? { part_first: part.first, part_last: part.last, all_branches: part.allBranches ? 1 : 0 } : {}) }) as DbShare | undefined);
}

/**
 * A revoked link shared again becomes a new link on the same row: new id (the old one is kept in retired_share_id, so it
 * stays dead), counters at 0, every setting as resolved, the snapshot given. Guarded by the state the caller saw: null
 * when the link was restored, moderated or changed meanwhile.
 */
export function reviveShareRow(chatId: string, userId: string, oldShareId: string, settings: ShareSettings, snapshot: SnapshotCard | null, now: number): StoredShare | null {
  const values = { chat: chatId, old: oldShareId, now, ...Object.fromEntries(SETTING_COLUMNS.map((c) => [c, encode(settings[c])])) };
  const snap = snapshot ? ', snapshot_rev = MAX(snapshot_rev, @rev), snapshot_title = @title, snapshot_summary = @summary' : '';
  const row = decode(stmt(`UPDATE share SET ${SETTING_COLUMNS.map((c) => `${c} = @${c}`).join(', ')}, status = 'active', revoked_reason = NULL,
      views = 0, clones = 0, created_at = @now, updated_at = @now${snap}
    WHERE chat_id = @chat AND share_id = @old AND moderated_by IS NULL AND (status = 'revoked' OR ${CLONE_REVOKED}) RETURNING *`)
    .get(snapshot ? { ...values, ...snapshot } : values) as DbShare | undefined);
  if (row) clearShareStats([chatId]); // a new link: its statistics start again with its counters
  if (row && row.share_id !== oldShareId) {
    stmt('INSERT INTO retired_share_id (share_id, user_id, created_at) VALUES (?, ?, ?) ON CONFLICT (share_id) DO NOTHING').run(oldShareId, userId, now);
  }
  return row;
}

/** Who gave up this link id by sharing the chat again (null: nobody); only they may take it back as a custom id. */
export const retiredIdOwner = (shareId: string): string | null =>
  (stmt('SELECT user_id FROM retired_share_id WHERE share_id = ?').pluck().get(shareId) as string | undefined) ?? null;

const REVOKE_SET = "status = 'revoked', revoked_reason = 'manual', updated_at = @now";
// Restoring a link that expired by time or views also clears those settings (the reference); one revoked by its clone
// limit loses the clone limit, or it would be revoked again at once. Decided in SQL, on the row as it is now.
const CLONE_REVOKED = '(max_clones > 0 AND clones >= max_clones AND allow_view_after_clone_limit = 0)';
const CLEARS_EXPIRY = `((status <> 'revoked' AND NOT ${CLONE_REVOKED} AND ((expires_at IS NOT NULL AND expires_at <= @now) OR (max_views > 0 AND views >= max_views)))
  OR revoked_reason IN ('expired_time', 'expired_views'))`;
const RESTORE_SET = `status = 'active', revoked_reason = NULL, updated_at = @now,
  expires_at = CASE WHEN ${CLEARS_EXPIRY} THEN NULL ELSE expires_at END,
  max_views = CASE WHEN ${CLEARS_EXPIRY} THEN 0 ELSE max_views END,
  max_clones = CASE WHEN revoked_reason = 'clone_limit' OR ${CLONE_REVOKED} THEN 0 ELSE max_clones END`;
const IDS = 'chat_id IN (SELECT value FROM json_each(@ids))';
// A moderated link's id, reserved (again: a later moderation moves the reservation to its admin and time). An upsert
// rather than INSERT OR REPLACE, which PostgreSQL lacks (src/lib/pg/dialect.ts refuses it).
const RESERVE_ID = `INSERT INTO moderated_share_id (share_id, user_id, moderated_by, created_at) VALUES (@id, @user, @admin, @now)
  ON CONFLICT (share_id) DO UPDATE SET user_id = excluded.user_id, moderated_by = excluded.moderated_by, created_at = excluded.created_at`;

/** The owner's revoke of an active link. A moderated link is left as the administrator set it (null: no such share, revoked already, or moderated). */
export const revokeShareRow = (userId: string, chatId: string, now: number): StoredShare | null =>
  decode(stmt(`UPDATE share SET ${REVOKE_SET} WHERE chat_id = @chat AND user_id = @user AND moderated_by IS NULL AND status = 'active' RETURNING *`)
    .get({ chat: chatId, user: userId, now }) as DbShare | undefined);

/** The owner's restore: never a link an administrator revoked (null: no such share, or moderated). */
export const restoreShareRow = (userId: string, chatId: string, now: number): StoredShare | null =>
  decode(stmt(`UPDATE share SET ${RESTORE_SET} WHERE chat_id = @chat AND user_id = @user AND moderated_by IS NULL RETURNING *`)
    .get({ chat: chatId, user: userId, now }) as DbShare | undefined);

/** One chunk of a bulk action: a set-based statement over the owner's ids; returns the chat ids it changed. */
export function bulkShareRows(userId: string, action: 'revoke' | 'restore' | 'reset_stats', chatIds: string[], now: number): string[] {
  const set = action === 'revoke' ? REVOKE_SET : action === 'restore' ? RESTORE_SET : RESET_SET;
  const guard = action === 'reset_stats' ? '' : ' AND moderated_by IS NULL';
  const changed = stmt(`UPDATE share SET ${set} WHERE user_id = @user AND ${IDS}${guard} RETURNING chat_id`).pluck()
    .all({ user: userId, ids: JSON.stringify(chatIds), now }) as string[];
  if (action === 'reset_stats') clearShareStats(changed); // in the caller's transaction (manage.ts writes each chunk in one)
  return changed;
}

/** Revokes up to `limit` of the owner's links that are not revoked yet; call again until it returns 0. */
export const revokeSomeShares = (userId: string, limit: number, now: number): number =>
  stmt(`UPDATE share SET ${REVOKE_SET} WHERE chat_id IN (SELECT s.chat_id FROM share s WHERE s.user_id = @user AND (${STATUS_SQL}) <> 'revoked' LIMIT @limit)`)
    .run({ user: userId, limit, now }).changes;

/** Resets the stats of up to `limit` of the owner's links after chat id `after` (keyset pages); returns their ids. */
export function resetSomeShares(userId: string, after: string, limit: number, now: number): string[] {
  const changed = stmt(`UPDATE share SET ${RESET_SET} WHERE chat_id IN (SELECT chat_id FROM share WHERE user_id = @user AND chat_id > @after ORDER BY chat_id LIMIT @limit) RETURNING chat_id`)
    .pluck().all({ user: userId, after, limit, now }) as string[];
  clearShareStats(changed); // in the caller's transaction (manage.ts writes each chunk in one)
  return changed;
}

/**
 * Deletes up to `limit` of the owner's revoked links; returns their chat ids (their files go after the commit). A link
 * an administrator revoked is not cleared: it stays on the owner's list, revoked, until an administrator lifts it.
 */
export const clearSomeRevoked = (userId: string, limit: number, now: number): string[] =>
  stmt(`DELETE FROM share WHERE chat_id IN (SELECT s.chat_id FROM share s WHERE s.user_id = @user AND s.moderated_by IS NULL AND (${STATUS_SQL}) = 'revoked' LIMIT @limit)
    RETURNING chat_id`).pluck().all({ user: userId, limit, now }) as string[];

/**
 * An administrator's revoke, with the reason the owner will read (null: none given): the row and its id's reservation
 * (which outlives the row) in one transaction.
 */
export function moderateShareRow(shareId: string, adminId: string, now: number, reason: string | null = null): StoredShare | null {
  return db().transaction(() => {
    const row = decode(stmt(`UPDATE share SET ${REVOKE_SET}, moderated_by = @admin, moderation_reason = @reason WHERE share_id = @id RETURNING *`)
      .get({ id: shareId, admin: adminId, now, reason }) as DbShare | undefined);
    if (row) stmt(RESERVE_ID).run({ id: shareId, user: row.user_id, admin: adminId, now });
    return row;
  }).immediate();
}

/**
 * Bulk moderation over share ids: revoke those not revoked yet, or restore (lifting moderation) those revoked, each row
 * in one guarded statement decided on the row as it is now. Returns the rows it changed.
 */
export function moderateShareRows(action: 'revoke' | 'restore', shareIds: string[], adminId: string, now: number): StoredShare[] {
  const ids = JSON.stringify(shareIds);
  return db().transaction(() => {
    if (action === 'revoke') {
      const rows = (stmt(`UPDATE share AS s SET ${REVOKE_SET}, moderated_by = @admin, moderation_reason = NULL WHERE s.share_id IN (SELECT value FROM json_each(@ids))
        AND (${STATUS_SQL}) <> 'revoked' RETURNING *`).all({ ids, admin: adminId, now }) as DbShare[]).map((r) => decode(r)!);
      const reserve = stmt(RESERVE_ID);
      for (const r of rows) reserve.run({ id: r.share_id, user: r.user_id, admin: adminId, now });
      return rows;
    }
    const rows = (stmt(`UPDATE share AS s SET ${RESTORE_SET}, moderated_by = NULL, moderation_reason = NULL WHERE s.share_id IN (SELECT value FROM json_each(@ids))
      AND (${STATUS_SQL}) = 'revoked' RETURNING *`).all({ ids, now }) as DbShare[]).map((r) => decode(r)!);
    stmt('DELETE FROM moderated_share_id WHERE share_id IN (SELECT value FROM json_each(@ids))').run({ ids: JSON.stringify(rows.map((r) => r.share_id)) });
    return rows;
  }).immediate();
}

/** An administrator lifts a moderation (or an owner's revoke), with the owner's restore rules; frees the id. */
export function liftModerationRow(shareId: string, now: number): { row: StoredShare | null; released: boolean } {
  return db().transaction(() => {
    const row = decode(stmt(`UPDATE share SET ${RESTORE_SET}, moderated_by = NULL, moderation_reason = NULL WHERE share_id = @id RETURNING *`).get({ id: shareId, now }) as DbShare | undefined);
    const released = stmt('DELETE FROM moderated_share_id WHERE share_id = ?').run(shareId).changes > 0;
    return { row, released };
  }).immediate();
}

/** Whose moderated link held this id (reserved until an administrator lifts it), or null. */
export const moderatedIdOwner = (shareId: string): string | null =>
  (stmt('SELECT user_id FROM moderated_share_id WHERE share_id = ?').pluck().get(shareId) as string | undefined) ?? null;

/** Every chat id with a share row: the start-up sweep keeps exactly these folders. */
export const chatIdsWithShare = (): Set<string> => new Set(stmt('SELECT chat_id FROM share').pluck().all() as string[]);

export function deleteShareRow(chatId: string): void {
  db().prepare('DELETE FROM share WHERE chat_id = ?').run(chatId);
}

/**
 * The owner lost public sharing: their public links now need sign-in (the reference: made private, not revoked).
 * Returns the chat ids of the links changed.
 */
export function makeSharesLoginOnly(userId: string, now: number): string[] {
  return stmt('UPDATE share SET is_public = 0, updated_at = @now WHERE user_id = @user AND is_public = 1 RETURNING chat_id').pluck().all({ user: userId, now }) as string[];
}

/** Chat ids of a user's shares (their files go when the account does). */
export const sharedChatIdsOf = (userId: string): string[] => stmt('SELECT chat_id FROM share WHERE user_id = ?').pluck().all(userId) as string[];

// ---- the owner's list: filters, sort and pages in SQL, so 10,000 shares cost one indexed pass ----

/** A share's status in SQL, the same rule as shareStatus() in gate.ts (revoked, then expired, else active). */
const STATUS_SQL = `CASE WHEN s.status = 'revoked' OR (s.max_clones > 0 AND s.clones >= s.max_clones AND s.allow_view_after_clone_limit = 0) THEN 'revoked'
  WHEN (s.expires_at IS NOT NULL AND s.expires_at <= @now) OR (s.max_views > 0 AND s.views >= s.max_views) THEN 'expired' ELSE 'active' END`;

// Each has an index (migration 0008) ending in chat_id, the tie-breaker, so a page is an index walk, not a sort; except
// views and status, which a counted view changes: they are sorted per request (migration 0015 says why).
const ORDER_SQL: Record<OrderColumn, string> = {
  title: 's.title COLLATE NOCASE', created_at: 's.created_at', updated_at: 's.updated_at', share_id: 's.share_id', is_public: 's.is_public',
  has_password: '(s.password_hash IS NOT NULL)', views: 's.views', clones: 's.clones', status: `(${STATUS_SQL})`, type: 's.kind',
};

/** `owner` null: every user's shares (the admin's moderation list). */
function whereOf(f: ShareFilters, allUsers = false): string {
  const parts = allUsers ? [] : ['s.user_id = @user'];
  if (f.query) parts.push("s.title LIKE @like ESCAPE '\\'");
  if (f.start_date !== undefined) parts.push('s.created_at >= @start');
  if (f.end_date !== undefined) parts.push('s.created_at <= @end');
  if (f.is_public !== undefined) parts.push('s.is_public = @pub');
  if (f.password !== undefined) parts.push(`s.password_hash IS ${f.password ? 'NOT ' : ''}NULL`);
  if (f.status && f.status !== 'all') parts.push(`(${STATUS_SQL}) = @status`);
  if (f.type && f.type !== 'all') parts.push('s.kind = @type');
  return parts.join(' AND ') || 'TRUE';
}

const bindOf = (userId: string | null, f: ShareFilters, now: number) => ({
  user: userId, now, like: `%${(f.query ?? '').replace(/[\\%_]/g, (m) => '\\' + m)}%`, start: f.start_date ?? 0, end: f.end_date ?? 0,
  pub: f.is_public ? 1 : 0, status: f.status ?? '', type: f.type ?? '',
});

// Statements differ only by which filters are on and the sort: a small bounded set, each prepared once.
const prepared = new Map<string, Statement>();
function stmt(sql: string): Statement {
  let st = prepared.get(sql);
  if (!st) {
    st = db().prepare(sql);
    if (prepared.size < 512) prepared.set(sql, st);
  }
  return st;
}

export type ListedShare = StoredShare & { chat_title: string; owner_name?: string; owner_email?: string };

/**
 * One page of the owner's shares, with the count of matches and of all their shares. `owner` null lists every user's
 * (the admin's moderation list), and `withOwner` adds each share's owner name and email.
 */
export function listShares(owner: string | null, q: ShareListQuery, now: number, opts: { withOwner?: boolean } = {}): { items: ListedShare[]; total: number; grand_total: number } {
  const where = whereOf(q, owner === null);
  const bind = bindOf(owner, q, now);
  const order = `${ORDER_SQL[q.order_by]} ${q.direction.toUpperCase()}, s.chat_id ${q.direction.toUpperCase()}`;
  const ownerCols = opts.withOwner ? ', u.name AS owner_name, u.email AS owner_email' : '';
  const ownerJoin = opts.withOwner ? ' JOIN user u ON u.id = s.user_id' : '';
  // The page's ids first (views and status are sorted here, unindexed: migration 0015); then the 20 rows in full.
  const rows = stmt(`SELECT s.*, s.title AS chat_title${ownerCols}, ${STATUS_SQL} AS status_now
    FROM (SELECT s.chat_id FROM share s WHERE ${where} ORDER BY ${order} LIMIT @limit OFFSET @offset) page
    JOIN share s ON s.chat_id = page.chat_id${ownerJoin} ORDER BY ${order}`).all({ ...bind, limit: q.page_size, offset: (q.page - 1) * q.page_size }) as Array<DbShare & { chat_title: string; owner_name?: string; owner_email?: string }>;
  const total = stmt(`SELECT COUNT(*) FROM share s WHERE ${where}`).pluck().get(bind) as number;
  const grand = owner === null ? stmt('SELECT COUNT(*) FROM share').pluck().get() as number : stmt('SELECT COUNT(*) FROM share WHERE user_id = ?').pluck().get(owner) as number;
  return { items: rows.map((r) => ({ ...decode(r)!, chat_title: r.chat_title, ...(opts.withOwner ? { owner_name: r.owner_name, owner_email: r.owner_email } : {}) })), total, grand_total: grand };
}

/** Every match across pages (select-all), with counts by status among them; `userId` null: every user's (the admin). */
export function shareMatches(userId: string | null, f: ShareFilters, now: number): Array<{ chat_id: string; share_id: string; status: ShareStatus }> {
  return stmt(`SELECT s.chat_id, s.share_id, ${STATUS_SQL} AS status FROM share s WHERE ${whereOf(f, userId === null)} ORDER BY s.updated_at DESC`)
    .all(bindOf(userId, f, now)) as Array<{ chat_id: string; share_id: string; status: ShareStatus }>;
}

/** How many of the owner's shares match the filters, by status (the status filter itself is ignored). */
export function countSharesByStatus(userId: string, f: ShareFilters, now: number): Record<ShareStatus, number> {
  const rows = stmt(`SELECT ${STATUS_SQL} AS st, COUNT(*) AS n FROM share s WHERE ${whereOf({ ...f, status: undefined })} GROUP BY st`)
    .all(bindOf(userId, f, now)) as Array<{ st: ShareStatus; n: number }>;
  const out: Record<ShareStatus, number> = { active: 0, expired: 0, revoked: 0 };
  for (const r of rows) out[r.st] = r.n;
  return out;
}

/** The owner's shares among `chatIds` (others' ids simply do not match). */
export function ownedShares(userId: string, chatIds: string[]): StoredShare[] {
  const out: StoredShare[] = [];
  for (const id of chatIds) {
    const share = getShareByChatId(id);
    if (share && share.user_id === userId) out.push(share);
  }
  return out;
}

export const allSharesOf = (userId: string): StoredShare[] =>
  (stmt('SELECT * FROM share WHERE user_id = ?').all(userId) as DbShare[]).map((r) => decode(r)!);

// Statistics are not settings: a reset leaves updated_at (the dashboard's default order, "Updated") where it was.
const RESET_SET = `views = 0, clones = 0,
  revoked_reason = CASE WHEN revoked_reason IN ('expired_views', 'clone_limit') AND status = 'active' THEN NULL ELSE revoked_reason END`;

/** Views and clones back to 0; an expiry that only the view count caused is forgotten with them. */
export function resetShareStats(chatId: string, now: number): StoredShare | null {
  return db().transaction(() => {
    const row = decode(stmt(`UPDATE share SET ${RESET_SET} WHERE chat_id = @chat RETURNING *`).get({ chat: chatId, now }) as DbShare | undefined);
    if (row) clearShareStats([chatId]); // views per day, previews and referrers go with the counters
    return row;
  })();
}

/** Records a clone intent's nonce; false when it was already used (the clone after sign-in happens once). */
export function markCloneIntentUsed(nonce: string, now: number): boolean {
  const conn = db();
  conn.prepare('DELETE FROM clone_intent_used WHERE used_at < ?').run(now - 3600);
  return conn.prepare('INSERT OR IGNORE INTO clone_intent_used (nonce, used_at) VALUES (?, ?)').run(nonce, now).changes === 1;
}

// ---- proofs of counted views, and clones that are reads (issue 13: a clone counts the view it is) ----

const proofStmts = () => {
  const conn = db();
  return {
    insert: conn.prepare('INSERT INTO view_proof (nonce, share_id, chat_id, expires_at) VALUES (?, ?, ?, ?)'),
    sweep: conn.prepare('DELETE FROM view_proof WHERE expires_at <= ?'),
    live: conn.prepare('SELECT 1 FROM view_proof WHERE nonce = ? AND share_id = ? AND chat_id = ? AND expires_at > ?').pluck(),
    spend: conn.prepare('DELETE FROM view_proof WHERE nonce = ? AND share_id = ? AND chat_id = ? AND expires_at > ? RETURNING nonce').pluck(),
    // A clone without a proof is a read of its own: views and clones move together, both limits checked in the statement.
    cloneCountingView: conn.prepare(`UPDATE share SET clones = clones + 1, views = views + 1,
        status = CASE WHEN max_clones > 0 AND clones + 1 >= max_clones AND allow_view_after_clone_limit = 0 THEN 'revoked' ELSE status END,
        revoked_reason = CASE WHEN max_clones > 0 AND clones + 1 >= max_clones AND allow_view_after_clone_limit = 0 THEN 'clone_limit' ELSE revoked_reason END
      WHERE chat_id = ? AND status = 'active' AND allow_cloning = 1 AND (max_clones = 0 OR clones < max_clones)
        AND (max_views = 0 OR views < max_views) AND (expires_at IS NULL OR expires_at > ?)
      RETURNING clones`).pluck(),
    // A clone that spent a proof: its view was counted with the page (it may have been the last one), so only clones move.
    cloneOnCountedView: conn.prepare(`UPDATE share SET clones = clones + 1,
        status = CASE WHEN max_clones > 0 AND clones + 1 >= max_clones AND allow_view_after_clone_limit = 0 THEN 'revoked' ELSE status END,
        revoked_reason = CASE WHEN max_clones > 0 AND clones + 1 >= max_clones AND allow_view_after_clone_limit = 0 THEN 'clone_limit' ELSE revoked_reason END
      WHERE chat_id = ? AND status = 'active' AND allow_cloning = 1 AND (max_clones = 0 OR clones < max_clones)
        AND (expires_at IS NULL OR expires_at > ?)
      RETURNING clones`).pluck(),
  };
};
let proofCache: ReturnType<typeof proofStmts> | null = null;
const ps = () => (proofCache ??= proofStmts());
let lastSweep = 0;

/** Records a proof of a counted view (expired ones are swept at most once a minute per process). */
export function recordViewProof(nonce: string, shareId: string, chatId: string, expiresAt: number, now: number): void {
  if (now - lastSweep >= 60) {
    lastSweep = now;
    ps().sweep.run(now);
  }
  ps().insert.run(nonce, shareId, chatId, expiresAt);
}

/** Whether a proof is recorded for this share, unspent and unexpired. */
export const viewProofIsLive = (nonce: string, shareId: string, chatId: string, now: number): boolean =>
  ps().live.get(nonce, shareId, chatId, now) !== undefined;

/** Spends a proof: true for the one caller that removed it. */
export const spendViewProof = (nonce: string, shareId: string, chatId: string, now: number): boolean =>
  ps().spend.get(nonce, shareId, chatId, now) !== undefined;

/** Counts a clone and the view it is, both limits checked; null when a limit was reached first. */
export function consumeCloneCountingView(chatId: string, now: number): number | null {
  const clones = (ps().cloneCountingView.get(chatId, now) as number | undefined) ?? null;
  if (clones !== null) countDayView(chatId, now);
  return clones;
}

/** Counts a clone whose view was already counted (a spent proof); null when a clone limit or expiry came first. */
export const consumeCloneOnCountedView = (chatId: string, now: number): number | null =>
  (ps().cloneOnCountedView.get(chatId, now) as number | undefined) ?? null;
