// Who a restricted link is for (issue 17.1): Open WebUI 0.11's access_grant rows for resource_type 'shared_chat'
// (resource_id = the chat's id), with the group memberships they expand to. SQL only, statements prepared once.
import { randomUUID } from 'node:crypto';
import { db } from '../../db';

export type PrincipalType = 'user' | 'group';
export interface GrantRow { id: string; principal_type: PrincipalType; principal_id: string; permission: 'read'; created_at: number }
export interface PrincipalRef { principal_type: PrincipalType; principal_id: string }

const RT = 'shared_chat';

const stmts = () => {
  const conn = db();
  return {
    // One indexed probe: a grant naming the reader, or a group the reader is in.
    inAudience: conn.prepare(`SELECT 1 FROM access_grant a WHERE a.resource_type = '${RT}' AND a.resource_id = @chat AND a.permission = 'read'
      AND ((a.principal_type = 'user' AND a.principal_id = @user)
        OR (a.principal_type = 'group' AND a.principal_id IN (SELECT group_id FROM group_member WHERE user_id = @user))) LIMIT 1`).pluck(),
    ofChat: conn.prepare(`SELECT id, principal_type, principal_id, permission, created_at FROM access_grant
      WHERE resource_type = '${RT}' AND resource_id = ? ORDER BY created_at, principal_type DESC, principal_id`),
    clear: conn.prepare(`DELETE FROM access_grant WHERE resource_type = '${RT}' AND resource_id = ?`),
    insert: conn.prepare(`INSERT OR IGNORE INTO access_grant (id, resource_type, resource_id, principal_type, principal_id, permission, created_at)
      VALUES (@id, '${RT}', @chat, @type, @pid, 'read', @now)`),
    existing: conn.prepare(`SELECT principal_type, principal_id, created_at FROM access_grant WHERE resource_type = '${RT}' AND resource_id = ?`),
    // Owners holding grants of a type on their links (the permission rule in auth/permissions.ts compares before and after).
    ownersWith: conn.prepare(`SELECT DISTINCT s.user_id FROM access_grant a JOIN share s ON s.chat_id = a.resource_id
      WHERE a.resource_type = '${RT}' AND a.principal_type = ?`).pluck(),
    stripOf: conn.prepare(`DELETE FROM access_grant WHERE resource_type = '${RT}' AND principal_type = @type
      AND resource_id IN (SELECT chat_id FROM share WHERE user_id = @owner) RETURNING resource_id`).pluck(),
    usersByIds: conn.prepare(`SELECT id, name, email FROM user WHERE id IN (SELECT value FROM json_each(?))`),
    groupsByIds: conn.prepare(`SELECT g.id, g.name, (SELECT COUNT(*) FROM group_member m WHERE m.group_id = g.id) AS member_count
      FROM user_group g WHERE g.id IN (SELECT value FROM json_each(?))`),
    // By name, or by the whole email address (any user may type one to tell two of a name apart); an administrator's
    // search also matches part of an email, as their user list does.
    searchUsers: conn.prepare(`SELECT id, name, email FROM user WHERE role != 'pending' AND id != @me
      AND (name LIKE @q ESCAPE '\\' OR email = @exact COLLATE NOCASE OR (@admin = 1 AND email LIKE @q ESCAPE '\\'))
      ORDER BY name COLLATE NOCASE, id LIMIT @limit`),
    searchGroups: conn.prepare(`SELECT g.id, g.name, (SELECT COUNT(*) FROM group_member m WHERE m.group_id = g.id) AS member_count
      FROM user_group g WHERE g.name LIKE @q ESCAPE '\\' ORDER BY g.name COLLATE NOCASE, g.id LIMIT @limit`),
  };
};
let cache: ReturnType<typeof stmts> | null = null;
const s = () => (cache ??= stmts());

/** Whether this reader is granted the link, in person or through a group they are in now. */
export const isInAudience = (chatId: string, userId: string): boolean => s().inAudience.get({ chat: chatId, user: userId }) !== undefined;

export const grantsOf = (chatId: string): GrantRow[] => s().ofChat.all(chatId) as GrantRow[];

/**
 * Replaces a link's grants with these (call inside the caller's transaction). A grant kept keeps its id's time: "shared
 * with me … when" stays the first time it was granted.
 */
export function replaceGrants(chatId: string, grants: PrincipalRef[], now: number): void {
  const before = new Map((s().existing.all(chatId) as { principal_type: string; principal_id: string; created_at: number }[])
    .map((r) => [`${r.principal_type}:${r.principal_id}`, r.created_at]));
  s().clear.run(chatId);
  for (const g of grants) {
    s().insert.run({ id: randomUUID(), chat: chatId, type: g.principal_type, pid: g.principal_id, now: before.get(`${g.principal_type}:${g.principal_id}`) ?? now });
  }
}

export const ownersWithGrants = (type: PrincipalType): string[] => s().ownersWith.all(type) as string[];

/** Removes every grant of a type on one owner's links (they lost the permission); the chat ids touched. */
export const stripGrantsOf = (ownerId: string, type: PrincipalType): string[] => [...new Set(s().stripOf.all({ owner: ownerId, type }) as string[])];

export interface UserBrief { id: string; name: string; email: string }
export interface GroupBrief { id: string; name: string; member_count: number }

export const usersByIds = (ids: string[]): UserBrief[] => (ids.length ? s().usersByIds.all(JSON.stringify(ids)) : []) as UserBrief[];
export const groupsByIds = (ids: string[]): GroupBrief[] => (ids.length ? s().groupsByIds.all(JSON.stringify(ids)) : []) as GroupBrief[];

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
export const searchUsers = (q: string, me: string, limit: number, byPartOfEmail: boolean): UserBrief[] =>
  s().searchUsers.all({ q: like(q), exact: q, admin: byPartOfEmail ? 1 : 0, me, limit }) as UserBrief[];
export const searchGroups = (q: string, limit: number): GroupBrief[] => s().searchGroups.all({ q: like(q), limit }) as GroupBrief[];

export interface SharedWithMeRow {
  chat_id: string; share_id: string; title: string; owner_id: string; owner_name: string; shared_at: number; kind: string;
  status: string; expires_at: number | null; has_password: number;
}

/**
 * Restricted links others granted to this reader (in person or through a group), newest grant first, a title filter.
 * The status is the gate's rule in SQL (store.ts's STATUS_SQL), so a revoked or expired link shows as such.
 */
export function sharedWithUser(userId: string, query: string, now: number, limit: number, offset: number): { rows: SharedWithMeRow[]; total: number } {
  const where = `FROM share s JOIN chat c ON c.id = s.chat_id JOIN user u ON u.id = s.user_id
    JOIN (SELECT resource_id, MIN(created_at) AS shared_at, MAX(rowid) AS seq FROM access_grant
      WHERE resource_type = '${RT}' AND ((principal_type = 'user' AND principal_id = @user)
        OR (principal_type = 'group' AND principal_id IN (SELECT group_id FROM group_member WHERE user_id = @user)))
      GROUP BY resource_id) a ON a.resource_id = s.chat_id
    WHERE s.restricted = 1 AND s.user_id != @user AND (@q = '' OR COALESCE(s.snapshot_title, c.title) LIKE @like ESCAPE '\\')`;
  const params = { user: userId, q: query, like: like(query), now, limit, offset };
  const conn = db();
  const total = conn.prepare(`SELECT COUNT(*) ${where}`).pluck().get(params) as number;
  const rows = conn.prepare(`SELECT s.chat_id, s.share_id, CASE WHEN s.kind = 'snapshot' THEN COALESCE(s.snapshot_title, c.title) ELSE c.title END AS title,
      s.user_id AS owner_id, u.name AS owner_name, a.shared_at, s.kind, s.expires_at, s.password_hash IS NOT NULL AS has_password,
      CASE WHEN s.status = 'revoked' OR (s.max_clones > 0 AND s.clones >= s.max_clones AND s.allow_view_after_clone_limit = 0) THEN 'revoked'
        WHEN (s.expires_at IS NOT NULL AND s.expires_at <= @now) OR (s.max_views > 0 AND s.views >= s.max_views) THEN 'expired' ELSE 'active' END AS status
    ${where} ORDER BY a.shared_at DESC, a.seq DESC LIMIT @limit OFFSET @offset`).all(params) as SharedWithMeRow[];
  return { rows, total };
}

// ---- access requests (issue 17.3): a reader outside a people-only link asks; the owner approves or declines ----

/** A declined reader may ask again after this long (a request is a nudge, not a way to pester); a note's length. */
export const ASK_AGAIN_AFTER = 3600;
export const MAX_REQUEST_NOTE = 500;

export interface AccessRequestRow { id: string; chat_id: string; user_id: string; note: string; status: 'pending' | 'approved' | 'declined'; created_at: number; decided_at: number | null }
export interface PendingRequestRow extends AccessRequestRow { share_id: string; title: string; user_name: string; user_email: string }

export const requestOf = (chatId: string, userId: string): AccessRequestRow | null =>
  (db().prepare('SELECT * FROM access_request WHERE chat_id = ? AND user_id = ?').get(chatId, userId) as AccessRequestRow | undefined) ?? null;

/**
 * Asks (or asks again after a decline at least `againAfter` seconds old): one statement, so two clicks make one request.
 * Null when a request is already pending, or was declined too recently.
 */
export function upsertRequest(chatId: string, userId: string, note: string, now: number, againAfter: number): AccessRequestRow | null {
  return (db().prepare(`INSERT INTO access_request (id, chat_id, user_id, note, status, created_at) VALUES (@id, @chat, @user, @note, 'pending', @now)
    ON CONFLICT(chat_id, user_id) DO UPDATE SET note = excluded.note, status = 'pending', created_at = excluded.created_at, decided_at = NULL
      WHERE access_request.status = 'approved' OR (access_request.status = 'declined' AND access_request.decided_at <= @now - @again)
    RETURNING *`).get({ id: randomUUID(), chat: chatId, user: userId, note, now, again: againAfter }) as AccessRequestRow | undefined) ?? null;
}

/** The owner's pending requests, newest first, with the link's title and the reader's name. */
export function pendingRequestsOf(ownerId: string): PendingRequestRow[] {
  return db().prepare(`SELECT r.*, s.share_id, CASE WHEN s.kind = 'snapshot' THEN COALESCE(s.snapshot_title, c.title) ELSE c.title END AS title,
      u.name AS user_name, u.email AS user_email
    FROM access_request r JOIN share s ON s.chat_id = r.chat_id JOIN chat c ON c.id = r.chat_id JOIN user u ON u.id = r.user_id
    WHERE s.user_id = ? AND r.status = 'pending' ORDER BY r.created_at DESC, r.rowid DESC LIMIT 200`).all(ownerId) as PendingRequestRow[];
}

export const countPendingRequests = (ownerId: string): number => db().prepare(`SELECT COUNT(*) FROM access_request r JOIN share s ON s.chat_id = r.chat_id
  WHERE s.user_id = ? AND r.status = 'pending'`).pluck().get(ownerId) as number;

/**
 * Decides a pending request of this owner's link (the WHERE names the state it expects: a second click does nothing);
 * approving adds the reader's grant in the same transaction. Null when there is no such pending request.
 */
export function decideRequest(ownerId: string, requestId: string, approve: boolean, now: number): AccessRequestRow | null {
  return db().transaction(() => {
    const row = db().prepare(`UPDATE access_request SET status = @status, decided_at = @now
      WHERE id = @id AND status = 'pending' AND chat_id IN (SELECT chat_id FROM share WHERE user_id = @owner) RETURNING *`)
      .get({ id: requestId, owner: ownerId, now, status: approve ? 'approved' : 'declined' }) as AccessRequestRow | undefined;
    if (row && approve) s().insert.run({ id: randomUUID(), chat: row.chat_id, type: 'user', pid: row.user_id, now });
    return row ?? null;
  }).immediate();
}
