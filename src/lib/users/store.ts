// Accounts as the admin sees them: listing with search, role and name changes, deletion, activity. SQL only.
import { db } from '../db';
import type { Role } from '../auth/lucia';

export interface UserRecord {
  id: string; email: string; name: string; role: Role; avatar_updated_at: number | null;
  created_at: number; updated_at: number; last_active_at: number | null;
}

const COLS = 'id, email, name, role, avatar_updated_at, created_at, updated_at, last_active_at';
export const USER_ORDER = { name: 'name COLLATE NOCASE', email: 'email', role: 'role', created_at: 'created_at', last_active_at: 'COALESCE(last_active_at, 0)' } as const;
export type UserOrder = keyof typeof USER_ORDER;

const stmts = () => {
  const conn = db();
  return {
    byId: conn.prepare(`SELECT ${COLS} FROM user WHERE id = ?`),
    byEmail: conn.prepare(`SELECT ${COLS} FROM user WHERE email = ?`),
    brief: conn.prepare('SELECT id, name, email, role FROM user ORDER BY name COLLATE NOCASE, email'),
    setRole: conn.prepare('UPDATE user SET role = ?, updated_at = ? WHERE id = ?'),
    setName: conn.prepare('UPDATE user SET name = ?, updated_at = ? WHERE id = ?'),
    setEmail: conn.prepare('UPDATE user SET email = ?, updated_at = ? WHERE id = ?'),
    remove: conn.prepare('DELETE FROM user WHERE id = ?'),
    roleOf: conn.prepare('SELECT role FROM user WHERE id = ?').pluck(),
    count: conn.prepare('SELECT COUNT(*) FROM user').pluck(),
    countPending: conn.prepare("SELECT COUNT(*) FROM user WHERE role = 'pending'").pluck(),
    // Only when the stored time is a minute old: most requests then write nothing.
    touch: conn.prepare('UPDATE user SET last_active_at = @now WHERE id = @id AND (last_active_at IS NULL OR last_active_at < @now - 60)'),
  };
};
let cache: ReturnType<typeof stmts> | null = null;
const s = () => (cache ??= stmts());

// Listing statements differ only by which filters are on and the sort: a small bounded set, each prepared once.
const listStmts = new Map<string, ReturnType<ReturnType<typeof db>['prepare']>>();
const listStmt = (sql: string) => {
  let st = listStmts.get(sql);
  if (!st) listStmts.set(sql, (st = db().prepare(sql)));
  return st;
};

const likeOf = (q: string) => `%${q.replace(/[\\%_]/g, (m) => '\\' + m)}%`;

/** One page of accounts matching `query` (name or email), with the count of matches. */
export function listUserRecords(opts: { query?: string; role?: Role; order: UserOrder; direction: 'asc' | 'desc'; limit: number; offset: number }): { users: UserRecord[]; total: number } {
  const where: string[] = [];
  if (opts.query) where.push("(name LIKE @like ESCAPE '\\' OR email LIKE @like ESCAPE '\\')");
  if (opts.role) where.push('role = @role');
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const bind = { like: likeOf(opts.query ?? ''), role: opts.role ?? '', limit: opts.limit, offset: opts.offset };
  const dir = opts.direction === 'asc' ? 'ASC' : 'DESC';
  const users = listStmt(`SELECT ${COLS} FROM user ${w} ORDER BY ${USER_ORDER[opts.order]} ${dir}, id ${dir} LIMIT @limit OFFSET @offset`).all(bind) as UserRecord[];
  const total = listStmt(`SELECT COUNT(*) FROM user ${w}`).pluck().get(bind) as number;
  return { users, total };
}

export const getUserRecord = (id: string): UserRecord | null => (s().byId.get(id) as UserRecord | undefined) ?? null;
export const getUserRecordByEmail = (email: string): UserRecord | null => (s().byEmail.get(email) as UserRecord | undefined) ?? null;
/** Every account in short, for the group member pickers. */
export const allUsersBrief = (): Pick<UserRecord, 'id' | 'name' | 'email' | 'role'>[] => s().brief.all() as Pick<UserRecord, 'id' | 'name' | 'email' | 'role'>[];
export const roleOf = (id: string): Role | null => (s().roleOf.get(id) as Role | undefined) ?? null;
export const setRole = (id: string, role: Role, now: number): void => void s().setRole.run(role, now, id);
export const setName = (id: string, name: string, now: number): void => void s().setName.run(name, now, id);
/** Changes an account's email; false when another account has it (the UNIQUE index decides, so a race cannot pass). */
export function setEmail(id: string, email: string, now: number): boolean {
  try {
    s().setEmail.run(email, now, id);
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return false;
    throw err;
  }
}
/** Sessions, keys, avatar, chats, shares and memberships go with the row (ON DELETE CASCADE). */
export const deleteUserRow = (id: string): boolean => s().remove.run(id).changes > 0;
export const countUsers = (): number => s().count.get() as number;
export const countPending = (): number => s().countPending.get() as number;
/** The command-line way in (scripts/make-admin.ts): no admin is left, or none was ever made. */
export const promoteByEmail = (email: string, now: number): boolean =>
  db().prepare("UPDATE user SET role = 'admin', updated_at = ? WHERE email = ?").run(now, email.trim()).changes > 0;
export const touchUser = (id: string, now: number): void => void s().touch.run({ id, now });
