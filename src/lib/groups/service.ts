// Groups (Open WebUI's /groups routes): name, description, members and the permissions they grant.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { nowSeconds } from '../db';
import { HttpError, msg } from '../http';
import { parseInput } from '../auth/users';
import { deepMerge, mergePermissions, NO_PERMISSIONS, permissionPatch, readPermissionSet, withExtras, withPermissionChange } from '../auth/permissions';
import { deleteGroupRow, getGroupRow, groupIdByName, insertGroup, listGroupRows, membersByGroup, membersOf, setMembers, updateGroupRow, type GroupRow } from './store';

/** Open WebUI's group JSON: `{id, user_id, name, description, permissions, user_ids, data, meta, created_at, updated_at}`. */
export const groupJson = (g: GroupRow, userIds: string[]) => ({
  id: g.id, user_id: g.created_by, name: g.name, description: g.description, permissions: withExtras(safeJson(g.permissions), readPermissionSet(safeJson(g.permissions))),
  user_ids: userIds, member_count: userIds.length, data: null, meta: null, created_at: g.created_at, updated_at: g.updated_at,
});

function safeJson(raw: string): unknown {
  try { return JSON.parse(raw); } catch { return {}; }
}

export function listGroups() {
  const members = membersByGroup();
  return listGroupRows().map((g) => groupJson(g, members.get(g.id) ?? []));
}

function requireGroupRow(id: string): GroupRow {
  const g = getGroupRow(id);
  if (!g) throw new HttpError('GROUP_NOT_FOUND', msg('api.groupNotFound'));
  return g;
}

export const getGroup = (id: string) => groupJson(requireGroupRow(id), membersOf(id));

const name = () => z.string({ message: 'must be text' }).trim().min(1, 'cannot be empty').max(100, 'is too long (100 characters at most)');
const description = () => z.string({ message: 'must be text' }).trim().max(1000, 'is too long (1,000 characters at most)');
const userIds = () => z.array(z.string().max(100), { message: 'must be a list of user ids' }).max(100_000, 'is too long');

const createBody = z.object({ name: name(), description: description().default(''), permissions: permissionPatch.optional(), user_ids: userIds().optional() });
const updateBody = z.object({ name: name().optional(), description: description().optional(), permissions: permissionPatch.optional(), user_ids: userIds().optional() });

function assertNameFree(groupName: string, exceptId?: string): void {
  const taken = groupIdByName(groupName);
  if (taken && taken !== exceptId) throw new HttpError('GROUP_NAME_TAKEN', msg('api.groupNameTaken'));
}

/** POST /groups/create: a new group grants only what its permissions say (left out = not granted). */
export function createGroup(actorId: string, body: unknown) {
  const input = parseInput(createBody, body);
  const now = nowSeconds();
  const id = randomUUID();
  return withPermissionChange(() => {
    assertNameFree(input.name);
    // Kept as sent (the keys we do not enforce too), with ours decided.
    const permissions = withExtras(input.permissions ?? {}, mergePermissions(NO_PERMISSIONS, input.permissions ?? {}));
    insertGroup({ id, name: input.name, description: input.description, permissions: JSON.stringify(permissions), created_by: actorId, created_at: now, updated_at: now });
    if (input.user_ids) setMembers(id, [...new Set(input.user_ids)]);
    return getGroup(id);
  });
}

/**
 * POST /groups/id/{id}/update: any subset. Permissions left out keep their value, and user_ids, when given, is the
 * whole member list. Members who lose public sharing by it have their public links made login-only in the same write.
 */
export function updateGroup(id: string, body: unknown) {
  const input = parseInput(updateBody, body);
  return withPermissionChange(() => {
    const g = requireGroupRow(id);
    if (input.name !== undefined) assertNameFree(input.name, id);
    const stored = safeJson(g.permissions);
    const permissions = withExtras(deepMerge(stored, input.permissions ?? {}), mergePermissions(readPermissionSet(stored), input.permissions ?? {}));
    updateGroupRow({ id, name: input.name ?? g.name, description: input.description ?? g.description, permissions: JSON.stringify(permissions), updated_at: nowSeconds() });
    if (input.user_ids) setMembers(id, [...new Set(input.user_ids)]);
    return getGroup(id);
  });
}

/** DELETE /groups/id/{id}/delete: its members keep only what the default and their other groups grant. */
export function deleteGroup(id: string): boolean {
  return withPermissionChange(() => {
    if (!deleteGroupRow(id)) throw new HttpError('GROUP_NOT_FOUND', msg('api.groupNotFound'));
    return true;
  });
}

/** The admin panel's group form as the API's body: every permission given (unchecked = not granted), members in full. */
export function groupBodyFromForm(form: FormData) {
  const granted = new Set(form.getAll('permissions').map(String));
  return {
    name: String(form.get('name') ?? ''),
    description: String(form.get('description') ?? ''),
    permissions: {
      chat: { share: granted.has('chat.share'), clone: granted.has('chat.clone') }, sharing: { public_chat: granted.has('sharing.public_chat') },
      access_grants: { allow_users: granted.has('access_grants.allow_users'), allow_groups: granted.has('access_grants.allow_groups') },
    },
    user_ids: form.getAll('user_ids').map(String),
  };
}

/**
 * POST /groups/id/{id}/users/add {user_ids} and /users/remove: Open WebUI's member edits; answer the group. Read and
 * written in one transaction, so two admins adding people at once both land.
 */
export function changeGroupMembers(id: string, body: unknown, change: 'add' | 'remove') {
  const { user_ids } = parseInput(z.object({ user_ids: userIds() }), body);
  return withPermissionChange(() => {
    requireGroupRow(id);
    const current = membersOf(id);
    const next = change === 'add' ? [...new Set([...current, ...user_ids])] : current.filter((u) => !user_ids.includes(u));
    setMembers(id, next);
    return getGroup(id);
  });
}
