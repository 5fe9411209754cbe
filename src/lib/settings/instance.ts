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
  /** Owners may tick "Allow search engines" on open links (shares/indexing.ts). */
  ENABLE_SHARE_INDEXING: boolean;
}

/** The instance-wide default of each permission, by its dotted name. */
export type DefaultFlags = { 'permissions.chat.share': boolean; 'permissions.sharing.public_chat': boolean; 'permissions.chat.clone': boolean };

type Settings = AdminConfig & DefaultFlags;

let seeded = false;

/** Every setting, with the environment's seed where the database has no (valid) value. */
export function settings(): Settings {
  if (!seeded) {
    seedSettings(config.seeds);
    seeded = true;
  }
  const stored = readSettings();
  const out: Record<string, unknown> = { ...config.seeds };
  for (const key of Object.keys(config.seeds) as (keyof Settings)[]) {
    if (typeof stored[key] === typeof config.seeds[key]) out[key] = stored[key];
  }
  const s = out as unknown as Settings;
  if (s.DEFAULT_USER_ROLE !== 'user' && s.DEFAULT_USER_ROLE !== 'pending') s.DEFAULT_USER_ROLE = 'user';
  return s;
}

export function adminConfig(): AdminConfig {
  const s = settings();
  return { ENABLE_SIGNUP: s.ENABLE_SIGNUP, DEFAULT_USER_ROLE: s.DEFAULT_USER_ROLE, ENABLE_COMMUNITY_SHARING: s.ENABLE_COMMUNITY_SHARING, ENABLE_SHARE_INDEXING: s.ENABLE_SHARE_INDEXING };
}

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

/** POST /auths/admin/config: any subset of the four (Open WebUI clients send more keys; those are ignored). */
export const adminConfigPatch = z.object({
  ENABLE_SIGNUP: z.boolean({ message: 'must be true or false' }).optional(),
  DEFAULT_USER_ROLE: z.enum(['user', 'pending'], { message: 'must be user or pending' }).optional(),
  ENABLE_COMMUNITY_SHARING: z.boolean({ message: 'must be true or false' }).optional(),
  ENABLE_SHARE_INDEXING: z.boolean({ message: 'must be true or false' }).optional(),
});

export function updateAdminConfig(patch: z.infer<typeof adminConfigPatch>): AdminConfig {
  settings(); // seeds first, so an untouched key keeps its environment value rather than a later seed
  transaction(() => writeSettings(patch));
  return adminConfig();
}
