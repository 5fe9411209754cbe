// API keys: random secrets shown once; only a sha256 hash is stored, so a leaked database leaks no keys.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { nowSeconds } from '../db';
import { HttpError, msg } from '../http';
import { getUser } from './users';
import type { SessionUser } from './lucia';
import { apiKeysOf, deleteApiKey, insertApiKey, useApiKey, type ApiKeyRow } from './store';

export type ApiKeyInfo = ApiKeyRow;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A new key's input, from the API and the settings form: an optional name of 1 to 100 characters once trimmed. */
export const apiKeyInputSchema = z.object({
  name: z.string().trim().min(1, 'Give the key a name, or leave the name out.').max(100, 'Use at most 100 characters.').optional(),
});

export function createApiKey(userId: string, input: z.infer<typeof apiKeyInputSchema>): { key: string; info: ApiKeyInfo } {
  const clean = input.name ?? 'API key';
  const key = `sk-${randomBytes(24).toString('base64url')}`;
  const info: ApiKeyInfo = { id: randomUUID(), name: clean, prefix: key.slice(0, 7), created_at: nowSeconds(), last_used_at: null };
  insertApiKey(userId, info, sha256(key));
  return { key, info };
}

export function listApiKeys(userId: string): ApiKeyInfo[] {
  return apiKeysOf(userId);
}

export function revokeApiKey(userId: string, id: string): void {
  if (!deleteApiKey(userId, id)) throw new HttpError('NOT_FOUND', msg('api.apiKeyNotFound'));
}

export function userFromApiKey(key: string): SessionUser | null {
  const userId = useApiKey(sha256(key), nowSeconds());
  return userId ? getUser(userId) : null;
}

/** The name of the key Open WebUI's /auths/api_key routes manage (it knows one key per account). */
export const OPEN_WEBUI_KEY_NAME = 'Open WebUI';

/**
 * POST /auths/api_key: Open WebUI's "generate a new key": the key those routes made before is revoked and a new one
 * made, `{api_key}`. Keys made in Settings are left alone.
 */
export function regenerateOpenWebUIKey(userId: string): { api_key: string } {
  deleteOpenWebUIKeys(userId);
  return { api_key: createApiKey(userId, { name: OPEN_WEBUI_KEY_NAME }).key };
}

/** DELETE /auths/api_key: revokes the key those routes made; true. */
export function deleteOpenWebUIKeys(userId: string): boolean {
  for (const k of apiKeysOf(userId)) if (k.name === OPEN_WEBUI_KEY_NAME) deleteApiKey(userId, k.id);
  return true;
}
