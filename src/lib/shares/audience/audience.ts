// Who a link is for (issue 17.1): anyone with the link (public), anyone signed in to this instance (login-only), or only
// chosen people and groups (restricted + access_grant rows). One module decides the audience from input, checks the
// grants (they exist, the owner may make them) and writes audience and grants together; the gate enforces them.
import { z } from 'zod';
import { HttpError, msg } from '../../http';
import { parseInput } from '../../validation';
import { can, permissionRefusal } from '../../auth/permissions';
import type { SessionUser } from '../../auth/lucia';
import { groupsByIds, grantsOf, replaceGrants, usersByIds, type GrantRow, type PrincipalRef } from './grants-store';
import type { ShareRow } from '../types';

export type Audience = 'anyone' | 'signed_in' | 'people';
export const AUDIENCES: readonly Audience[] = ['anyone', 'signed_in', 'people'];
export const MAX_GRANTS = 200;

export const audienceOf = (s: Pick<ShareRow, 'is_public' | 'restricted'>): Audience => (s.restricted ? 'people' : s.is_public ? 'anyone' : 'signed_in');

/** Open WebUI's grant object; `id` and `permission` are optional on input (only 'read' exists for a shared chat). */
export const grantInput = z.object({
  id: z.string().max(100).optional().nullable(),
  principal_type: z.enum(['user', 'group', 'anyone']),
  principal_id: z.string().min(1).max(100),
  permission: z.enum(['read']).optional(),
});
export const grantList = z.array(grantInput).max(MAX_GRANTS);
export type GrantInput = z.infer<typeof grantInput>;

/**
 * Open WebUI's list read as an audience: a wildcard `{principal_type: "anyone", principal_id: "*"}` is anyone with the
 * link; `{principal_type: "user", principal_id: "*"}` (Open WebUI's "all users") is anyone signed in here; otherwise
 * only the people and groups named (none named: only the owner).
 */
export function audienceFromGrants(list: GrantInput[]): { audience: Audience; grants: PrincipalRef[] } {
  if (list.some((g) => g.principal_type === 'anyone')) return { audience: 'anyone', grants: [] };
  if (list.some((g) => g.principal_type === 'user' && g.principal_id === '*')) return { audience: 'signed_in', grants: [] };
  const seen = new Set<string>();
  const grants: PrincipalRef[] = [];
  for (const g of list) {
    if (g.principal_type === 'anyone' || g.principal_id === '*') {
      throw new HttpError('VALIDATION_ERROR', msg('api.grantWildcard'));
    }
    const key = `${g.principal_type}:${g.principal_id}`;
    if (!seen.has(key)) { seen.add(key); grants.push({ principal_type: g.principal_type, principal_id: g.principal_id }); }
  }
  return { audience: 'people', grants };
}

/**
 * The grants checked against the database and the owner's permissions: an unknown account or group is a 422 naming it, a
 * kind the owner may not grant a 403. A grant naming the owner is dropped (they always read their own link).
 */
export function checkGrants(user: Pick<SessionUser, 'id' | 'role'>, grants: PrincipalRef[]): PrincipalRef[] {
  const users = grants.filter((g) => g.principal_type === 'user').map((g) => g.principal_id);
  const groups = grants.filter((g) => g.principal_type === 'group').map((g) => g.principal_id);
  if (users.length && !can(user, 'access_grants.allow_users')) throw permissionRefusal('access_grants.allow_users');
  if (groups.length && !can(user, 'access_grants.allow_groups')) throw permissionRefusal('access_grants.allow_groups');
  const knownUsers = new Set(usersByIds(users).map((u) => u.id));
  const knownGroups = new Set(groupsByIds(groups).map((g) => g.id));
  for (const id of users) if (!knownUsers.has(id)) throw new HttpError('VALIDATION_ERROR', msg('api.grantUnknownUser', { id: id.slice(0, 100) }));
  for (const id of groups) if (!knownGroups.has(id)) throw new HttpError('VALIDATION_ERROR', msg('api.grantUnknownGroup', { id: id.slice(0, 100) }));
  return grants.filter((g) => !(g.principal_type === 'user' && g.principal_id === user.id));
}

/**
 * Inside the write's transaction: the permissions read again (an admin taking one away while the request ran wins: those
 * grants are left out), then the grants replaced.
 */
export function writeGrants(user: Pick<SessionUser, 'id' | 'role'>, chatId: string, grants: PrincipalRef[], now: number): void {
  const mayUsers = can(user, 'access_grants.allow_users');
  const mayGroups = can(user, 'access_grants.allow_groups');
  replaceGrants(chatId, grants.filter((g) => (g.principal_type === 'user' ? mayUsers : mayGroups)), now);
}

/** Open WebUI's answer for GET /chats/shared/{id}/access: the grants, with the audience's wildcard when it has one. */
export function accessGrantsJson(s: Pick<ShareRow, 'chat_id' | 'is_public' | 'restricted'>): { id: string; principal_type: string; principal_id: string; permission: string }[] {
  const rows = grantsOf(s.chat_id).map((g: GrantRow) => ({ id: g.id, principal_type: g.principal_type, principal_id: g.principal_id, permission: g.permission }));
  const audience = audienceOf(s);
  if (audience === 'anyone') return [{ id: `${s.chat_id}:anyone`, principal_type: 'anyone', principal_id: '*', permission: 'read' }];
  if (audience === 'signed_in') return [{ id: `${s.chat_id}:users`, principal_type: 'user', principal_id: '*', permission: 'read' }];
  return rows;
}

export interface Principal { type: 'user' | 'group'; id: string; name: string; detail: string }

/**
 * The link's grants with names, for the dialog's chips (a group's member count; a person's email only for an
 * administrator viewer, as the picker's search gives it: the owner sees the names they chose).
 */
export function grantedPrincipals(chatId: string, viewer: Pick<SessionUser, 'role'> | null): Principal[] {
  const emails = viewer?.role === 'admin';
  const grants = grantsOf(chatId);
  const users = new Map(usersByIds(grants.filter((g) => g.principal_type === 'user').map((g) => g.principal_id)).map((u) => [u.id, u]));
  const groups = new Map(groupsByIds(grants.filter((g) => g.principal_type === 'group').map((g) => g.principal_id)).map((g) => [g.id, g]));
  return grants.flatMap((g): Principal[] => {
    if (g.principal_type === 'user') { const u = users.get(g.principal_id); return u ? [{ type: 'user', id: u.id, name: u.name, detail: emails ? u.email : '' }] : []; }
    const gr = groups.get(g.principal_id);
    return gr ? [{ type: 'group', id: gr.id, name: gr.name, detail: String(gr.member_count) }] : [];
  });
}

export const parseGrantList = (raw: unknown) => parseInput(z.object({ access_grants: grantList }), raw).access_grants;
