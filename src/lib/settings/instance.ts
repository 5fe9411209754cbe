// Instance settings the admin panel edits (sign-up, default role, community sharing, default permissions), seeded from
// the environment on first start. Read from the database on every use: several processes share one instance.
import { z } from 'zod';
import { config } from '../config';
import { transaction } from '../db';
import { HttpError, msg } from '../http';
import { readSettings, seedSettings, writeSettings } from './store';

export type SignupRole = 'user' | 'pending';

export interface AdminConfig {
  ENABLE_SIGNUP: boolean;
  DEFAULT_USER_ROLE: SignupRole;
  ENABLE_COMMUNITY_SHARING: boolean;
  /** Owners may tick "Allow search engines" on open links (shares/preview/indexing.ts). */
  ENABLE_SHARE_INDEXING: boolean;
}

/** The instance-wide default of each permission, by its dotted name. */
export type DefaultFlags = {
  'permissions.chat.share': boolean; 'permissions.sharing.public_chat': boolean; 'permissions.chat.clone': boolean;
  'permissions.access_grants.allow_users': boolean; 'permissions.access_grants.allow_groups': boolean;
};

/**
 * Settings an Open WebUI client saves that we do not use (its admin config's other keys, its other permissions): kept
 * as sent and answered back, never enforced.
 */
type Extras = { 'admin_config.extra'?: Record<string, unknown>; 'permissions.extra'?: Record<string, unknown> };

type Settings = AdminConfig & DefaultFlags & Extras;

let seeded = false;

/** Every setting, with the environment's seed where the database has no (valid) value. */
export function settings(): Settings {
  if (!seeded) {
    seedSettings(config.seeds);
    seeded = true;
  }
  const stored = readSettings();
  const out: Record<string, unknown> = { ...config.seeds };
  for (const key of Object.keys(config.seeds) as (keyof typeof config.seeds)[]) {
    if (typeof stored[key] === typeof config.seeds[key]) out[key] = stored[key];
  }
  for (const key of ['admin_config.extra', 'permissions.extra'] as const) {
    const v = stored[key];
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) out[key] = v;
  }
  const s = out as unknown as Settings;
  if (s.DEFAULT_USER_ROLE !== 'user' && s.DEFAULT_USER_ROLE !== 'pending') s.DEFAULT_USER_ROLE = 'user';
  return s;
}

export function adminConfig(): AdminConfig {
  const s = settings();
  return { ENABLE_SIGNUP: s.ENABLE_SIGNUP, DEFAULT_USER_ROLE: s.DEFAULT_USER_ROLE, ENABLE_COMMUNITY_SHARING: s.ENABLE_COMMUNITY_SHARING, ENABLE_SHARE_INDEXING: s.ENABLE_SHARE_INDEXING };
}

/** GET /auths/admin/config: ours, and every other key an Open WebUI client saved (stored, not used). */
export const adminConfigJson = (): Record<string, unknown> => ({ ...(settings()['admin_config.extra'] ?? {}), ...adminConfig() });

/** Whether people may create their own accounts: always for the very first one (it becomes the admin). */
export const signupOpen = (existingUsers: number): boolean => existingUsers === 0 || settings().ENABLE_SIGNUP;

/** The role a self-made account gets; throws when sign-up is turned off. Call inside the insert's transaction. */
export function roleForSignup(existingUsers: number): 'admin' | SignupRole {
  if (existingUsers === 0) return 'admin';
  const s = settings();
  if (!s.ENABLE_SIGNUP) throw new HttpError('SIGNUP_DISABLED', msg('api.signupDisabled'));
  return s.DEFAULT_USER_ROLE;
}

/** Whether the administrator lets owners open their links to search engines (read per view: memoized in settings/store). */
export const shareIndexingAllowed = (): boolean => settings().ENABLE_SHARE_INDEXING;

export const communitySharing = () => ({ enabled: settings().ENABLE_COMMUNITY_SHARING, url: config.communitySharingUrl });

/** POST /auths/admin/config: any subset of the four; Open WebUI clients send more keys, kept as sent (not used). */
export const adminConfigPatch = z.looseObject({
  ENABLE_SIGNUP: z.boolean({ message: 'must be true or false' }).optional(),
  DEFAULT_USER_ROLE: z.enum(['user', 'pending'], { message: 'must be user or pending' }).optional(),
  ENABLE_COMMUNITY_SHARING: z.boolean({ message: 'must be true or false' }).optional(),
  ENABLE_SHARE_INDEXING: z.boolean({ message: 'must be true or false' }).optional(),
});

const KNOWN = ['ENABLE_SIGNUP', 'DEFAULT_USER_ROLE', 'ENABLE_COMMUNITY_SHARING', 'ENABLE_SHARE_INDEXING'];

export function updateAdminConfig(patch: z.infer<typeof adminConfigPatch>): Record<string, unknown> {
  settings(); // seeds first, so an untouched key keeps its environment value rather than a later seed
  const extra = Object.fromEntries(Object.entries(patch).filter(([k]) => !KNOWN.includes(k) && k !== '__proto__'));
  const known = Object.fromEntries(Object.entries(patch).filter(([k]) => KNOWN.includes(k)));
  transaction(() => writeSettings(Object.keys(extra).length ? { ...known, 'admin_config.extra': { ...(settings()['admin_config.extra'] ?? {}), ...extra } } : known));
  return adminConfigJson();
}
