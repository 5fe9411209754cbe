// The admin's account operations (Open WebUI's /users routes): list, change role or name, groups, create, delete.
import { removeChatFiles } from '../files/objects';
import { chatIdsWithFiles } from '../files/store';
import { z } from 'zod';
import { immediateTransaction, nowSeconds } from '../db';
import { HttpError, msg } from '../http';
import { createUser, parseInput, replacePassword, signupSchema } from '../auth/users';
import { hashPassword } from '../auth/password';
import { adminPasswordSchema } from '../auth/password-change';
import { withPermissionChange } from '../auth/permissions';
import type { Role, SessionUser } from '../auth/lucia';
import { groupIdsOf, setGroupsOf } from '../groups/store';
import { removeArtifacts } from '../shares/documents/artifacts';
import { purgeShares } from '../shares/serve/cdn';
import { sharedChatIdsOf } from '../shares/store';
import { deleteUserRow, getUserRecord, listUserRecords, roleOf, setEmail, setName, setRole, USER_ORDER, type UserOrder, type UserRecord } from './store';

export const ROLES = ['admin', 'user', 'pending'] as const satisfies readonly Role[];
export const USERS_PAGE_SIZE = 30;

/** Open WebUI's user JSON (never the password hash). */
export const adminUserJson = (u: UserRecord, groupIds?: string[]) => ({
  id: u.id, name: u.name, email: u.email, role: u.role,
  profile_image_url: `/api/v1/users/${u.id}/avatar?v=${u.avatar_updated_at ?? 0}`,
  last_active_at: u.last_active_at, created_at: u.created_at, updated_at: u.updated_at,
  ...(groupIds ? { group_ids: groupIds } : {}),
});

const int = (min: number, max: number) => z.string().regex(/^\d{1,9}$/, 'must be a whole number').transform(Number)
  .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
const listQuery = z.object({
  query: z.string().max(200, 'is too long (200 characters at most)').optional(),
  role: z.enum(ROLES, { message: 'must be admin, user or pending' }).optional(),
  order_by: z.enum(Object.keys(USER_ORDER) as [UserOrder, ...UserOrder[]], { message: `must be one of ${Object.keys(USER_ORDER).join(', ')}` }).default('created_at'),
  direction: z.enum(['asc', 'desc'], { message: 'must be asc or desc' }).default('desc'),
  page: int(1, 1_000_000).default(1),
  page_size: int(1, 100).default(USERS_PAGE_SIZE),
});

/** GET /users/?query&role&order_by&direction&page&page_size: `{users, total}` (Open WebUI's shape). */
export function listUsersForAdmin(params: URLSearchParams) {
  const raw: Record<string, string> = Object.create(null);
  for (const k of Object.keys(listQuery.shape)) {
    const v = params.get(k)?.trim();
    if (v) raw[k] = v;
  }
  const q = parseInput(listQuery, raw);
  const { users, total } = listUserRecords({ query: q.query, role: q.role, order: q.order_by, direction: q.direction, limit: q.page_size, offset: (q.page - 1) * q.page_size });
  return { users: users.map((u) => adminUserJson(u)), total, page: q.page, page_size: q.page_size };
}

export function requireUserRecord(id: string): UserRecord {
  const u = getUserRecord(id);
  if (!u) throw new HttpError('USER_NOT_FOUND', msg('api.userNotFound'));
  return u;
}

export const userWithGroups = (id: string) => {
  const u = requireUserRecord(id);
  return adminUserJson(u, groupIdsOf(id));
};

const updateBody = z.object({
  role: z.enum(ROLES, { message: 'must be admin, user or pending' }).optional(),
  name: z.string({ message: 'must be text' }).trim().min(1, 'cannot be empty').max(100, 'is too long (100 characters at most)').optional(),
  group_ids: z.array(z.string().max(100)).max(1000, 'at most 1,000 groups').optional(),
  // Open WebUI's edit form sends these too: email, and password ('' when the admin leaves it alone).
  email: signupSchema.shape.email.optional(),
  password: z.string({ message: 'must be text' }).max(256, 'Use at most 256 characters.').optional(),
  profile_image_url: z.string().max(2_000_000).optional(),
});

/**
 * POST /users/{id}/update: role, name, email, password (an administrator's reset: the account's sessions end) and (ours)
 * group_ids. A role change or leaving a group can take public sharing away, so it runs through withPermissionChange. An
 * admin cannot change their own role (an instance always keeps the admin who is acting) nor their own password here
 * (Settings asks for the current one). profile_image_url is accepted and ignored: avatars are uploaded.
 */
export async function updateUserByAdmin(actor: SessionUser, id: string, body: unknown) {
  const input = parseInput(updateBody, body);
  requireUserRecord(id);
  const password = input.password ? input.password : null;
  if (password !== null && id === actor.id) throw new HttpError('SELF_CHANGE_NOT_ALLOWED', msg('api.selfPasswordInSettings'));
  if (password !== null) parseInput(adminPasswordSchema, { new_password: password });
  const hash = password !== null ? await hashPassword(password) : null; // hashed before the transaction (it is async)
  const result = withPermissionChange(() => {
    if (roleOf(actor.id) !== 'admin') throw new HttpError('ADMIN_REQUIRED', msg('api.adminRequired'));
    const current = roleOf(id);
    if (!current) throw new HttpError('USER_NOT_FOUND', msg('api.userNotFound'));
    const now = nowSeconds();
    if (input.role && input.role !== current) {
      if (id === actor.id) throw new HttpError('SELF_CHANGE_NOT_ALLOWED', msg('api.selfRoleChange'));
      setRole(id, input.role, now);
    }
    if (input.name !== undefined) setName(id, input.name, now);
    if (input.email !== undefined && !setEmail(id, input.email, now)) throw new HttpError('EMAIL_TAKEN', msg('api.emailTaken'));
    if (input.group_ids) setGroupsOf(id, [...new Set(input.group_ids)]);
    return userWithGroups(id);
  });
  if (hash !== null) replacePassword(id, hash, null);
  return hash !== null ? userWithGroups(id) : result;
}

/** POST /users/update/role {id, role}: Open WebUI's other way to change a role; answers the user. */
export const updateRoleByAdmin = (actor: SessionUser, body: unknown) => {
  const { id, role } = parseInput(z.object({ id: z.string().max(100), role: z.enum(ROLES, { message: 'must be admin, user or pending' }) }), body);
  return updateUserByAdmin(actor, id, { role });
};

/** GET /users/{id} for someone who is not an administrator: the public part the share page's author lookup reads. */
export function publicUserJson(id: string) {
  const u = requireUserRecord(id);
  return { id: u.id, name: u.name, profile_image_url: `/api/v1/users/${u.id}/avatar?v=${u.avatar_updated_at ?? 0}` };
}

/** DELETE /users/{id}: the account with its chats, shares (and their files), keys and sessions. Never yourself. */
export async function deleteUserByAdmin(actor: SessionUser, id: string): Promise<boolean> {
  if (id === actor.id) throw new HttpError('SELF_CHANGE_NOT_ALLOWED', msg('api.selfDelete'));
  requireUserRecord(id);
  const chatIds = immediateTransaction(() => {
    if (roleOf(actor.id) !== 'admin') throw new HttpError('ADMIN_REQUIRED', msg('api.adminRequired'));
    const shared = sharedChatIdsOf(id);
    const withFiles = chatIdsWithFiles(id);
    if (!deleteUserRow(id)) throw new HttpError('USER_NOT_FOUND', msg('api.userNotFound'));
    return { shared, withFiles };
  });
  purgeShares(chatIds.shared);
  // After the commit; each never throws (the start-up sweep retries).
  await Promise.all([...chatIds.shared.map(removeArtifacts), ...chatIds.withFiles.map(removeChatFiles)]);
  return true;
}

const createBody = signupSchema.extend({
  name: z.string({ message: 'must be text' }).trim().min(1, 'cannot be empty').max(100, 'is too long (100 characters at most)'),
  role: z.enum(ROLES, { message: 'must be admin, user or pending' }).default('user'),
});

/** POST /auths/add (Open WebUI's path): an admin creates an account, whether or not sign-up is open. */
export async function createUserByAdmin(body: unknown) {
  const input = parseInput(createBody, body);
  const user = await createUser(input, { role: input.role });
  return adminUserJson(requireUserRecord(user.id));
}
