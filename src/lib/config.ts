// Runtime configuration from the environment (all optional), read once at start.
import path from 'node:path';
import { IMPORT_BODY_LIMIT } from './limits';

function flag(name: string, fallback: boolean): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  return !['false', '0', 'no', 'off'].includes(raw.trim().toLowerCase());
}

const root = process.env.CHATSHARE_ROOT ?? process.cwd();

export const config = {
  dataDir: path.resolve(root, process.env.DATA_DIR ?? 'data'),
  migrationsDir: path.resolve(root, 'db/migrations'),
  publicOrigin: (process.env.PUBLIC_ORIGIN ?? '').replace(/\/+$/, '') || null,
  // Seeds for the admin settings on first start; the settings table wins after that.
  seeds: {
    chatShare: flag('USER_PERMISSIONS_CHAT_SHARE', true),
    publicSharing: flag(
      'USER_PERMISSIONS_SHARING_PUBLIC_CHAT',
      flag('USER_PERMISSIONS_CHAT_ALLOW_PUBLIC_SHARING', true),
    ),
    communitySharing: flag('ENABLE_COMMUNITY_SHARING', true),
    communitySharingUrl: process.env.COMMUNITY_SHARING_URL ?? 'https://openwebui.com',
  },
  maxImportBytes: IMPORT_BODY_LIMIT,
};
