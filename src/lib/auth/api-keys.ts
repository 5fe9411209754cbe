// API keys: random secrets shown once; only a sha256 hash is stored, so a leaked database leaks no keys.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { db, nowSeconds } from '../db';
import { HttpError, msg } from '../http';
import { getUser } from './users';
import type { SessionUser } from './lucia';

export interface ApiKeyInfo { id: string; name: string; prefix: string; created_at: number; last_used_at: number | null }

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A new key's input, from the API and the settings form: an optional name of 1 to 100 characters once trimmed. */
export const apiKeyInputSchema = z.object({
  name: z.string().trim().min(1, 'Give the key a name, or leave the name out.').max(100, 'Use at most 100 characters.').optional(),
});

export function createApiKey(userId: string, input: z.infer<typeof apiKeyInputSchema>): { key: string; info: ApiKeyInfo } {
  const clean = input.name ?? 'API key';
  const key = `sk-${randomBytes(24).toString('base64url')}`;
  const info: ApiKeyInfo = { id: randomUUID(), name: clean, prefix: key.slice(0, 7), created_at: nowSeconds(), last_used_at: null };
  db().prepare('INSERT INTO api_key (id, user_id, name, key_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(info.id, userId, info.name, sha256(key), info.prefix, info.created_at);
  return { key, info };
}

export function listApiKeys(userId: string): ApiKeyInfo[] {
  return db().prepare('SELECT id, name, prefix, created_at, last_used_at FROM api_key WHERE user_id = ? ORDER BY created_at DESC').all(userId) as ApiKeyInfo[];
}

export function revokeApiKey(userId: string, id: string): void {
  const { changes } = db().prepare('DELETE FROM api_key WHERE id = ? AND user_id = ?').run(id, userId);
  if (!changes) throw new HttpError('NOT_FOUND', msg('api.apiKeyNotFound'));
}

export function userFromApiKey(key: string): SessionUser | null {
  const row = db().prepare('UPDATE api_key SET last_used_at = ? WHERE key_hash = ? RETURNING user_id').get(nowSeconds(), sha256(key)) as { user_id: string } | undefined;
  return row ? getUser(row.user_id) : null;
}
