// Instance settings (sharing permissions): seeded from the environment on first start, then kept in the database.
import { config } from './config';
import { db } from './db';

export interface ShareSettings {
  chatShare: boolean;
  publicSharing: boolean;
  communitySharing: boolean;
  communitySharingUrl: string;
}

let cached: ShareSettings | null = null;

export function shareSettings(): ShareSettings {
  if (cached) return cached;
  const conn = db();
  const seed = conn.prepare('INSERT OR IGNORE INTO setting (key, value) VALUES (?, ?)');
  conn.transaction(() => {
    for (const [k, v] of Object.entries(config.seeds)) seed.run(k, JSON.stringify(v));
  })();
  const rows = conn.prepare('SELECT key, value FROM setting').all() as { key: string; value: string }[];
  const values = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value)]));
  cached = { ...config.seeds, ...values } as ShareSettings;
  return cached;
}

export function updateShareSettings(patch: Partial<ShareSettings>): ShareSettings {
  const conn = db();
  const put = conn.prepare('INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  conn.transaction(() => {
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) put.run(k, JSON.stringify(v));
    // Revoking public sharing makes every existing public share private (the reference), without revoking links.
    if (patch.publicSharing === false) conn.prepare('UPDATE share SET is_public = 0 WHERE is_public = 1').run();
  })();
  cached = null;
  return shareSettings();
}
