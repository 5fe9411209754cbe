// Who may do what: the one place that decides a user's effective permissions (admins: all; pending: none; everyone
// else: the instance default OR any of their groups), and the rule that losing public sharing makes links login-only.
import type { APIContext } from 'astro';
import { z } from 'zod';
import { immediateTransaction, nowSeconds } from '../db';
import { HttpError, msg, type ErrorCode } from '../http';
import { settings, type DefaultFlags } from '../settings/instance';
import { writeSettings } from '../settings/store';
import { groupPermissionsOf, publicLinkOwnersHolding } from '../groups/store';
import { makeSharesLoginOnly } from '../shares/store';
import { ownersWithGrants, stripGrantsOf, type PrincipalType } from '../shares/audience/grants-store';
import { purgeShares } from '../shares/serve/cdn';
import { roleOf } from '../users/store';
import { requireUser } from './request';
import type { SessionUser } from './lucia';

/**
 * Open WebUI's names (the PR's): `chat.share`, `sharing.public_chat`, `chat.clone`; and Open WebUI 0.11's
 * `access_grants.allow_users` / `access_grants.allow_groups` (sharing a link with chosen people / groups, issue 17.1).
 */
export const PERMISSIONS = ['chat.share', 'sharing.public_chat', 'chat.clone', 'access_grants.allow_users', 'access_grants.allow_groups'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The nested shape Open WebUI uses in the API: `{chat: {share, clone}, sharing: {public_chat}}`. */
export interface PermissionSet {
  chat: { share: boolean; clone: boolean }; sharing: { public_chat: boolean }; access_grants: { allow_users: boolean; allow_groups: boolean };
}

const bool = () => z.boolean({ message: 'must be true or false' }).optional();
/**
 * Input: any subset. Open WebUI clients send many more permissions (workspace, features, chat.delete…): we enforce only
 * ours, and keep the rest as sent (withExtras), so a client that saves them reads them back.
 */
export const permissionPatch = z.looseObject({
  chat: z.looseObject({ share: bool(), clone: bool() }).optional(),
  sharing: z.looseObject({ public_chat: bool() }).optional(),
  access_grants: z.looseObject({ allow_users: bool(), allow_groups: bool() }).optional(),
});
export type PermissionPatch = z.infer<typeof permissionPatch>;

export const NO_PERMISSIONS: PermissionSet = { chat: { share: false, clone: false }, sharing: { public_chat: false }, access_grants: { allow_users: false, allow_groups: false } };
const ALL_PERMISSIONS: PermissionSet = { chat: { share: true, clone: true }, sharing: { public_chat: true }, access_grants: { allow_users: true, allow_groups: true } };

const has = (set: PermissionSet, p: Permission): boolean =>
  p === 'chat.share' ? set.chat.share : p === 'chat.clone' ? set.chat.clone : p === 'sharing.public_chat' ? set.sharing.public_chat
  : p === 'access_grants.allow_users' ? set.access_grants.allow_users : set.access_grants.allow_groups;

/** A stored or posted value, read leniently: anything but `true` is not a grant. */
export function readPermissionSet(raw: unknown): PermissionSet {
  const o = (raw ?? {}) as { chat?: Record<string, unknown>; sharing?: Record<string, unknown>; access_grants?: Record<string, unknown> };
  return {
    chat: { share: o.chat?.share === true, clone: o.chat?.clone === true }, sharing: { public_chat: o.sharing?.public_chat === true },
    access_grants: { allow_users: o.access_grants?.allow_users === true, allow_groups: o.access_grants?.allow_groups === true },
  };
}

/** A patch applied over a set: keys the patch leaves out keep their value (a partial save never drops a grant). */
export function mergePermissions(base: PermissionSet, patch: PermissionPatch): PermissionSet {
  return {
    chat: { share: patch.chat?.share ?? base.chat.share, clone: patch.chat?.clone ?? base.chat.clone },
    sharing: { public_chat: patch.sharing?.public_chat ?? base.sharing.public_chat },
    access_grants: {
      allow_users: patch.access_grants?.allow_users ?? base.access_grants.allow_users,
      allow_groups: patch.access_grants?.allow_groups ?? base.access_grants.allow_groups,
    },
  };
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `over` merged into `base`, object by object (a few levels: permission and config objects are shallow). */
export function deepMerge(base: unknown, over: unknown, depth = 0): unknown {
  if (!isPlain(base) || !isPlain(over) || depth > 6) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) if (k !== '__proto__' && v !== undefined) out[k] = deepMerge(base[k], v, depth + 1);
  return out;
}

/** A permission set as an API answers it: the keys we do not enforce as they were stored, ours as they are decided. */
export const withExtras = (stored: unknown, set: PermissionSet): Record<string, unknown> => deepMerge(isPlain(stored) ? stored : {}, set) as Record<string, unknown>;

const union = (a: PermissionSet, b: PermissionSet): PermissionSet => ({
  chat: { share: a.chat.share || b.chat.share, clone: a.chat.clone || b.chat.clone },
  sharing: { public_chat: a.sharing.public_chat || b.sharing.public_chat },
  access_grants: { allow_users: a.access_grants.allow_users || b.access_grants.allow_users, allow_groups: a.access_grants.allow_groups || b.access_grants.allow_groups },
});

export function defaultPermissions(): PermissionSet {
  const s = settings();
  return {
    chat: { share: s['permissions.chat.share'], clone: s['permissions.chat.clone'] }, sharing: { public_chat: s['permissions.sharing.public_chat'] },
    access_grants: { allow_users: s['permissions.access_grants.allow_users'], allow_groups: s['permissions.access_grants.allow_groups'] },
  };
}

type Who = Pick<SessionUser, 'id' | 'role'>;

/** Each kind of grant and the permission that allows making it. */
const GRANT_KINDS: [PrincipalType, Permission][] = [['user', 'access_grants.allow_users'], ['group', 'access_grants.allow_groups']];

/** The caller's permissions: read from the database each time, so a change applies to the very next request. */
export function effectivePermissions(user: Who): PermissionSet {
  if (user.role === 'admin') return ALL_PERMISSIONS;
  if (user.role !== 'user') return NO_PERMISSIONS; // pending accounts wait for approval
  return groupPermissionsOf(user.id).map(readPermissionSet).reduce(union, defaultPermissions());
}

export const can = (user: Who, p: Permission): boolean => has(effectivePermissions(user), p);

/** For callers that hold only an id: the account's current role (an unknown id has no permissions). */
export const accountOf = (userId: string): Who => ({ id: userId, role: roleOf(userId) ?? 'pending' });

const REFUSALS: Record<Permission, { code: ErrorCode; key: string }> = {
  'chat.share': { code: 'SHARING_NOT_ALLOWED', key: 'api.sharingNotAllowed' },
  'sharing.public_chat': { code: 'PUBLIC_SHARING_NOT_ALLOWED', key: 'api.publicSharingNotAllowed' },
  'chat.clone': { code: 'CLONE_NOT_ALLOWED', key: 'api.clonePermissionMissing' },
  'access_grants.allow_users': { code: 'ACCESS_GRANTS_NOT_ALLOWED', key: 'api.grantUsersNotAllowed' },
  'access_grants.allow_groups': { code: 'ACCESS_GRANTS_NOT_ALLOWED', key: 'api.grantGroupsNotAllowed' },
};

export const permissionRefusal = (p: Permission): HttpError => new HttpError(REFUSALS[p].code, msg(REFUSALS[p].key));

export function requirePermission(user: Who, p: Permission): void {
  if (!can(user, p)) throw permissionRefusal(p);
}

/** Why the Share Chat dialog shows Public turned off, in words for the person; null when they may make links public. */
export function publicSharingReason(user: Who): string | null {
  return can(user, 'sharing.public_chat') ? null : 'Your administrator has not given you permission to make links public, so your links require viewers to sign in.';
}

/** Admin routes: signed in (401), approved (403 ACCOUNT_PENDING), and an admin (403 ADMIN_REQUIRED). */
export function requireAdmin(ctx: Pick<APIContext, 'locals'>): SessionUser {
  const user = requireUser(ctx);
  if (user.role !== 'admin') throw new HttpError('ADMIN_REQUIRED', msg('api.adminRequired'));
  return user;
}

/**
 * Runs an admin change that may take permissions away (default permissions, a group's grants or members, a group
 * deleted, a role changed) in one transaction. Whoever owned public links and held `sharing.public_chat` before but not
 * after has those links made login-only in the same transaction: not revoked, and nobody else's links touched. Once it
 * commits, a CDN's copies of those links (public until now) are purged.
 */
export function withPermissionChange<T>(change: () => T): T {
  const madeLoginOnly: string[] = [];
  const result = immediateTransaction(() => {
    const before = publicLinkOwnersHolding(defaultPermissions().sharing.public_chat);
    const grantersBefore = GRANT_KINDS.map(([type, p]) => ownersWithGrants(type).filter((id) => can(accountOf(id), p)));
    const changed = change();
    const after = new Set(publicLinkOwnersHolding(defaultPermissions().sharing.public_chat));
    const now = nowSeconds();
    for (const userId of before) if (!after.has(userId)) madeLoginOnly.push(...makeSharesLoginOnly(userId, now));
    // The same rule for sharing with people and groups (issue 17.1): whoever lost the permission loses those grants, in
    // this transaction. Their restricted links stay restricted (to fewer people: never wider than the owner chose).
    GRANT_KINDS.forEach(([type, p], i) => {
      for (const userId of grantersBefore[i]!) if (!can(accountOf(userId), p)) stripGrantsOf(userId, type);
    });
    return changed;
  });
  purgeShares(madeLoginOnly);
  return result;
}

/** GET /users/default/permissions: the defaults, with every key an Open WebUI client stored that we do not enforce. */
export const defaultPermissionsJson = () => withExtras(settings()['permissions.extra'], defaultPermissions());

/** POST /users/default/permissions: a partial update over the current defaults (other keys kept as sent). */
export function updateDefaultPermissions(patch: PermissionPatch): Record<string, unknown> {
  return withPermissionChange(() => {
    const next = mergePermissions(defaultPermissions(), patch);
    const flags: DefaultFlags = {
      'permissions.chat.share': next.chat.share, 'permissions.sharing.public_chat': next.sharing.public_chat, 'permissions.chat.clone': next.chat.clone,
      'permissions.access_grants.allow_users': next.access_grants.allow_users, 'permissions.access_grants.allow_groups': next.access_grants.allow_groups,
    };
    writeSettings({ ...flags, 'permissions.extra': deepMerge(settings()['permissions.extra'] ?? {}, patch) });
    return defaultPermissionsJson();
  });
}
