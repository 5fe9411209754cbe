// What recognises a chat already imported: the id it had in the app that exported it, and a hash of the export item.
import { createHash } from 'node:crypto';

/**
 * The exporting app's id for a chat: Open WebUI's row `id`, ChatGPT's `id` or `conversation_id`, claude.ai's `uuid`,
 * Grok's `conversation.id`. Null when it has none.
 */
export function sourceIdOf(item: Record<string, unknown>): string | null {
  const grok = item.conversation && typeof item.conversation === 'object' ? (item.conversation as Record<string, unknown>).id : undefined;
  for (const v of [item.id, item.conversation_id, item.uuid, grok]) if (typeof v === 'string' && v.trim()) return v.trim().slice(0, 200);
  return null;
}

/**
 * A hash of an export item exactly as uploaded (content, title, updated_at and all). Hashing the item rather than our
 * conversion of it keeps recognition stable when the conversion changes; any edit in the source app changes it.
 */
export function itemHash(item: unknown): string {
  return createHash('sha256').update(JSON.stringify(item)).digest('base64url');
}
