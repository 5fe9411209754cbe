// Groups and their members: SQL only, statements prepared once.
import { db } from '../db';

export interface GroupRow {
  id: string; name: string; description: string; permissions: string; created_by: string | null; created_at: number; updated_at: number;
}

const stmts = () => {
  const conn = db();
  return {
    all: conn.prepare('SELECT * FROM user_group ORDER BY name COLLATE NOCASE, id'),
    byId: conn.prepare('SELECT * FROM user_group WHERE id = ?'),
    byName: conn.prepare('SELECT id FROM user_group WHERE name = ? COLLATE NOCASE').pluck(),
    insert: conn.prepare(`INSERT INTO user_group (id, name, description, permissions, created_by, created_at, updated_at)
      VALUES (@id, @name, @description, @permissions, @created_by, @created_at, @updated_at)`),
    update: conn.prepare('UPDATE user_group SET name = @name, description = @description, permissions = @permissions, updated_at = @updated_at WHERE id = @id'),
    remove: conn.prepare('DELETE FROM user_group WHERE id = ?'),
    members: conn.prepare('SELECT user_id FROM group_member WHERE group_id = ? ORDER BY user_id').pluck(),
    allMembers: conn.prepare('SELECT group_id, user_id FROM group_member'),
    groupsOf: conn.prepare('SELECT group_id FROM group_member WHERE user_id = ? ORDER BY group_id').pluck(),
    clearMembers: conn.prepare('DELETE FROM group_member WHERE group_id = ?'),
    clearGroupsOf: conn.prepare('DELETE FROM group_member WHERE user_id = ?'),
    // Only an existing group and account pair up: an unknown id is skipped, never a foreign-key error.
    addMember: conn.prepare('INSERT OR IGNORE INTO group_member (group_id, user_id) SELECT g.id, u.id FROM user_group g, user u WHERE g.id = ? AND u.id = ?'),
    permissionsOf: conn.prepare('SELECT g.permissions FROM group_member m JOIN user_group g ON g.id = m.group_id WHERE m.user_id = ?').pluck(),
    // Owners of public links who hold sharing.public_chat (admins always; users by default or through a group). Held is
    // JSON true, as readPermissionSet (auth/permissions.ts) reads it: `= 1` also took a number 1, and needs SQLite's 1 for true.
    publicHolders: conn.prepare(`SELECT u.id FROM user u
      WHERE u.id IN (SELECT user_id FROM share WHERE is_public = 1)
        AND (u.role = 'admin' OR (u.role = 'user' AND (@byDefault = 1 OR EXISTS (
          SELECT 1 FROM group_member m JOIN user_group g ON g.id = m.group_id
          WHERE m.user_id = u.id AND json_valid(g.permissions) AND json_type(g.permissions, '$.sharing.public_chat') = 'true'))))`).pluck(),
  };
};
let cache: ReturnType<typeof stmts> | null = null;
const s = () => (cache ??= stmts());

export const listGroupRows = (): GroupRow[] => s().all.all() as GroupRow[];
export const getGroupRow = (id: string): GroupRow | null => (s().byId.get(id) as GroupRow | undefined) ?? null;
export const groupIdByName = (name: string): string | null => (s().byName.get(name) as string | undefined) ?? null;
export const insertGroup = (g: GroupRow): void => void s().insert.run(g);
export const updateGroupRow = (g: Pick<GroupRow, 'id' | 'name' | 'description' | 'permissions' | 'updated_at'>): void => void s().update.run(g);
export const deleteGroupRow = (id: string): boolean => s().remove.run(id).changes > 0;
export const membersOf = (groupId: string): string[] => s().members.all(groupId) as string[];
export const groupIdsOf = (userId: string): string[] => s().groupsOf.all(userId) as string[];

/** Every membership, grouped by group (one query for the whole list page). */
export function membersByGroup(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of s().allMembers.all() as { group_id: string; user_id: string }[]) out.set(r.group_id, [...(out.get(r.group_id) ?? []), r.user_id]);
  return out;
}

/** Replaces a group's members; call inside the caller's transaction. */
export function setMembers(groupId: string, userIds: string[]): void {
  s().clearMembers.run(groupId);
  for (const id of userIds) s().addMember.run(groupId, id);
}

/** Replaces the groups a user belongs to; call inside the caller's transaction. */
export function setGroupsOf(userId: string, groupIds: string[]): void {
  s().clearGroupsOf.run(userId);
  for (const g of groupIds) s().addMember.run(g, userId);
}

/** The stored permissions JSON of each group the user is in. */
export function groupPermissionsOf(userId: string): unknown[] {
  return (s().permissionsOf.all(userId) as string[]).map((raw) => {
    try { return JSON.parse(raw); } catch { return {}; }
  });
}

export const publicLinkOwnersHolding = (byDefault: boolean): string[] => s().publicHolders.all({ byDefault: byDefault ? 1 : 0 }) as string[];
