// The library's Open WebUI features: pinned and archived chats, tags, search, and export of everything, as statements.
import { db } from '../db';
import { TAGS as TAGS_OF, WORKING_LINK } from './store';

/** Open WebUI's ChatTitleIdResponse, plus the flags our pages show. */
export interface TitleRow { id: string; title: string; updated_at: number; created_at: number; pinned: boolean; archived: boolean; tags: string[] }
interface DbTitleRow { id: string; title: string; updated_at: number; created_at: number; pinned: number; archived: number; tags: string | null }

/** What a list asks for: every field optional; `text` words match the title or any message's content. */
export interface TitleQuery {
  pinned?: boolean; archived?: boolean; shared?: boolean; tag?: string; words?: string[];
  limit: number; offset: number;
}

const like = (w: string) => `%${w.replace(/[\\%_]/g, (m) => '\\' + m)}%`;

/** One page of the owner's chats as Open WebUI lists them (newest first), filtered as asked. */
export function titleList(userId: string, q: TitleQuery): TitleRow[] {
  const where = ['c.user_id = @user'];
  const values: Record<string, unknown> = { user: userId, limit: q.limit, offset: q.offset };
  if (q.pinned !== undefined) { where.push('c.pinned = @pinned'); values.pinned = q.pinned ? 1 : 0; }
  if (q.archived !== undefined) { where.push('c.archived = @archived'); values.archived = q.archived ? 1 : 0; }
  if (q.shared !== undefined) {
    where.push(`${q.shared ? '' : 'NOT '}EXISTS (SELECT 1 FROM share s WHERE s.chat_id = c.id AND ${WORKING_LINK})`);
  }
  if (q.tag !== undefined) {
    where.push(`EXISTS (SELECT 1 FROM json_each(${TAGS_OF}) t WHERE t.value = @tag)`);
    values.tag = q.tag;
  }
  (q.words ?? []).forEach((w, i) => {
    // A word is in the title or in a message's text (not in the JSON's keys: every chat has "content").
    where.push(`(c.title LIKE @w${i} ESCAPE '\\' OR EXISTS (SELECT 1 FROM json_each(c.chat, '$.history.messages') m
      WHERE json_type(m.value, '$.content') = 'text' AND json_extract(m.value, '$.content') LIKE @w${i} ESCAPE '\\'))`);
    values[`w${i}`] = like(w);
  });
  const rows = db().prepare(`SELECT c.id, c.title, c.updated_at, c.created_at, c.pinned, c.archived, ${TAGS_OF} AS tags FROM chat c
    WHERE ${where.join(' AND ')} ORDER BY c.updated_at DESC, c.id LIMIT @limit OFFSET @offset`).all(values) as DbTitleRow[];
  return rows.map((r) => ({
    id: r.id, title: r.title, updated_at: r.updated_at, created_at: r.created_at, pinned: !!r.pinned, archived: !!r.archived,
    tags: r.tags ? (JSON.parse(r.tags) as unknown[]).filter((t): t is string => typeof t === 'string') : [],
  }));
}

/** Flips a chat's pinned or archived flag in one statement; false when the owner has no such chat. */
export function toggleFlag(userId: string, chatId: string, flag: 'pinned' | 'archived'): boolean {
  // updated_at stays (Open WebUI moves it): pinning or archiving a chat does not make it the newest, nor a live share's new version.
  return db().prepare(`UPDATE chat SET ${flag} = 1 - ${flag} WHERE id = ? AND user_id = ?`).run(chatId, userId).changes > 0;
}

/** Archives (or brings back) every chat of the owner; the number changed. */
export function setAllArchived(userId: string, archived: boolean): number {
  return db().prepare('UPDATE chat SET archived = ? WHERE user_id = ? AND archived = ?')
    .run(archived ? 1 : 0, userId, archived ? 0 : 1).changes;
}

/** How many chats the owner archived (the sidebar's link to them). */
export const countArchived = (userId: string): number => db().prepare('SELECT COUNT(*) FROM chat WHERE user_id = ? AND archived = 1').pluck().get(userId) as number;

/** The ids of every chat of the owner (delete-all removes their share files after the rows). */
export const allChatIds = (userId: string): string[] => db().prepare('SELECT id FROM chat WHERE user_id = ?').pluck().all(userId) as string[];

/** Deletes the given chats of the owner (their shares go by cascade); returns the ids deleted. */
export function deleteChatRows(userId: string, ids: string[]): string[] {
  return db().prepare('DELETE FROM chat WHERE user_id = ? AND id IN (SELECT value FROM json_each(?)) RETURNING id').pluck()
    .all(userId, JSON.stringify(ids)) as string[];
}

/** Open WebUI's TagModel. */
export interface TagRow { id: string; name: string; user_id: string; meta: Record<string, unknown> | null }

/** The tags the owner's unarchived chats use, by name; a tag without a stored name shows its id. */
export function tagsInUse(userId: string, ids?: string[]): TagRow[] {
  // Sorted outside the DISTINCT (PostgreSQL sorts a DISTINCT only by what it selects), each tag id beside its chats by
  // CROSS JOIN (PostgreSQL's LEFT JOIN cannot see `c` across a comma).
  const rows = db().prepare(`SELECT id, name, meta FROM (SELECT DISTINCT t.value AS id, COALESCE(g.name, t.value) AS name, g.meta AS meta
    FROM chat c CROSS JOIN json_each(${TAGS_OF}) t LEFT JOIN tag g ON g.id = t.value AND g.user_id = c.user_id
    WHERE c.user_id = @user AND t.type = 'text' ${ids ? 'AND t.value IN (SELECT value FROM json_each(@ids))' : 'AND c.archived = 0'})
    ORDER BY name COLLATE NOCASE, id`).all({ user: userId, ids: ids ? JSON.stringify(ids) : null }) as Array<{ id: string; name: string; meta: string | null }>;
  return rows.map((r) => ({ id: r.id, name: r.name, user_id: userId, meta: r.meta ? JSON.parse(r.meta) as Record<string, unknown> : null }));
}

/** A chat's tag ids, in its meta's order; null when the owner has no such chat. */
export function chatTagIds(userId: string, chatId: string): string[] | null {
  const r = db().prepare(`SELECT ${TAGS_OF} AS tags FROM chat c WHERE c.id = ? AND c.user_id = ?`).get(chatId, userId) as { tags: string | null } | undefined;
  if (!r) return null;
  return r.tags ? (JSON.parse(r.tags) as unknown[]).filter((t): t is string => typeof t === 'string') : [];
}

/** Adds a tag id to a chat's meta.tags (once) and keeps its name; one statement each, never a read-modify-write of meta. */
export function addChatTag(userId: string, chatId: string, tagId: string, name: string): boolean {
  const conn = db();
  return conn.transaction(() => {
    const { changes } = conn.prepare(`UPDATE chat SET meta = json_set(CASE WHEN json_valid(meta) THEN meta ELSE '{}' END, '$.tags',
        json_insert(COALESCE(${TAGS_OF.replaceAll('c.meta', 'meta')}, '[]'), '$[#]', @tag))
      WHERE id = @chat AND user_id = @user
        AND NOT EXISTS (SELECT 1 FROM json_each(${TAGS_OF.replaceAll('c.meta', 'meta')}) WHERE value = @tag)`)
      .run({ chat: chatId, user: userId, tag: tagId });
    conn.prepare('INSERT INTO tag (id, user_id, name) VALUES (?, ?, ?) ON CONFLICT (id, user_id) DO NOTHING').run(tagId, userId, name);
    return changes > 0;
  })();
}

/** Removes a tag id from a chat's meta.tags. */
export function removeChatTag(userId: string, chatId: string, tagId: string): boolean {
  const tags = TAGS_OF.replaceAll('c.meta', 'meta');
  // json(): the subquery loses json_group_array's JSON subtype, and json_set would store the rest as one string.
  return db().prepare(`UPDATE chat SET meta = json_set(meta, '$.tags', json((SELECT json_group_array(value) FROM json_each(${tags}) WHERE value <> @tag)))
    WHERE id = @chat AND user_id = @user AND EXISTS (SELECT 1 FROM json_each(${tags}) WHERE value = @tag)`)
    .run({ chat: chatId, user: userId, tag: tagId }).changes > 0;
}

/** Forgets a tag's stored name once no chat of the owner uses it (Open WebUI deletes such tags). */
export function dropUnusedTag(userId: string, tagId: string): void {
  db().prepare(`DELETE FROM tag WHERE id = @tag AND user_id = @user AND NOT EXISTS (SELECT 1 FROM chat c, json_each(${TAGS_OF}) t
    WHERE c.user_id = @user AND t.value = @tag)`).run({ tag: tagId, user: userId });
}

/** One batch of the export of everything, oldest first, after the (created_at, id) key given: rows as stored. */
export function exportBatch(userId: string, after: { created_at: number; id: string } | null, limit: number) {
  return db().prepare(`SELECT c.id, c.user_id, c.title, c.chat, c.updated_at, c.created_at, c.archived, c.pinned, c.meta, c.folder_id,
      (SELECT s.share_id FROM share s WHERE s.chat_id = c.id AND ${WORKING_LINK}) AS share_id
    FROM chat c WHERE c.user_id = @user AND (@after_id IS NULL OR (c.created_at, c.id) > (@after_at, @after_id))
    ORDER BY c.created_at, c.id LIMIT @limit`)
    .all({ user: userId, after_at: after?.created_at ?? 0, after_id: after?.id ?? null, limit }) as Array<{
      id: string; user_id: string; title: string; chat: string; updated_at: number; created_at: number; archived: number; pinned: number;
      meta: string; folder_id: string | null; share_id: string | null;
    }>;
}
