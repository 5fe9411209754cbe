// Runtime configuration from the environment (all optional), read once at start.
import path from 'node:path';
import { IMPORT_BODY_LIMIT } from './limits';

function flag(name: string, fallback: boolean): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  return !['false', '0', 'no', 'off'].includes(raw.trim().toLowerCase());
}

/** New accounts start as `user` or `pending` (waiting for an admin); anything else is a mistake worth saying out loud. */
function signupRole(raw: string | undefined): 'user' | 'pending' {
  const v = raw?.trim().toLowerCase();
  if (!v) return 'user';
  if (v === 'user' || v === 'pending') return v;
  console.warn(`chatshare: DEFAULT_USER_ROLE=${raw} is not user or pending; using user`);
  return 'user';
}

/**
 * Whether administrators are in every share's audience (Open WebUI's BYPASS_ADMIN_ACCESS_CONTROL, default on: an admin
 * working a report must see what was reported). Open WebUI 0.11's shared-chat routes read ENABLE_ADMIN_CHAT_ACCESS for
 * the same bypass, so either one set to false turns it off.
 */
export function adminBypassFrom(env: NodeJS.ProcessEnv): boolean {
  const on = (name: string) => !['false', '0', 'no', 'off'].includes((env[name] ?? '').trim().toLowerCase());
  return on('BYPASS_ADMIN_ACCESS_CONTROL') && on('ENABLE_ADMIN_CHAT_ACCESS');
}

const root = process.env.CHATSHARE_ROOT ?? process.cwd();

export const config = {
  dataDir: path.resolve(root, process.env.DATA_DIR ?? 'data'),
  migrationsDir: path.resolve(root, 'db/migrations'),
  /** PostgreSQL's own numbered history (DATABASE_URL): the same schema, written in its dialect. */
  pgMigrationsDir: path.resolve(root, 'db/migrations-pg'),
  publicOrigin: (process.env.PUBLIC_ORIGIN ?? '').replace(/\/+$/, '') || null,
  /** The instance's X account for twitter:site on share pages (`@name`; see shares/preview/head.ts). Unset: no twitter:site. */
  twitterSite: process.env.TWITTER_SITE,
  // Seeds for the admin settings on first start (each key once); the setting table wins after that.
  seeds: {
    'permissions.chat.share': flag('USER_PERMISSIONS_CHAT_SHARE', true),
    // Open WebUI's newer name is accepted as an alias; the reference's name wins when both are set.
    'permissions.sharing.public_chat': flag('USER_PERMISSIONS_SHARING_PUBLIC_CHAT', flag('USER_PERMISSIONS_CHAT_ALLOW_PUBLIC_SHARING', true)),
    'permissions.chat.clone': flag('USER_PERMISSIONS_CHAT_CLONE', true),
    // Open WebUI 0.11's names: sharing a link with chosen people, with chosen groups (issue 17.1).
    'permissions.access_grants.allow_users': flag('USER_PERMISSIONS_ACCESS_GRANTS_ALLOW_USERS', true),
    'permissions.access_grants.allow_groups': flag('USER_PERMISSIONS_ACCESS_GRANTS_ALLOW_GROUPS', true),
    ENABLE_SIGNUP: flag('ENABLE_SIGNUP', true),
    DEFAULT_USER_ROLE: signupRole(process.env.DEFAULT_USER_ROLE),
    ENABLE_COMMUNITY_SHARING: flag('ENABLE_COMMUNITY_SHARING', true),
    // Whether owners may let search engines index their open links (issue 18): off unless the admin turns it on.
    ENABLE_SHARE_INDEXING: flag('ENABLE_SHARE_INDEXING', false),
  },
  bypassAdminAccessControl: adminBypassFrom(process.env),
  communitySharingUrl: (process.env.COMMUNITY_SHARING_URL ?? 'https://openwebui.com').replace(/\/+$/, ''),
  maxImportBytes: IMPORT_BODY_LIMIT,
};
