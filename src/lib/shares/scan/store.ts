// The owner's answers to the pre-share scan (table share_redaction, migration 0025): per chat, by finding, as hashes.
import type { Statement } from 'better-sqlite3';
import { db, nowSeconds, writeTransaction } from '../../db';

export type Decision = 'redact' | 'ignore';
export interface StoredDecision { finding_id: string; decision: Decision; value_hash: string; value_sealed?: string | null }

let listStmt: Statement | null = null;
let redactStmt: Statement | null = null;
let sealedStmt: Statement | null = null;
let lastStmt: Statement | null = null;

/** Every answer given for a chat's findings. */
export function decisionsOf(chatId: string): StoredDecision[] {
  listStmt ??= db().prepare('SELECT finding_id, decision, value_hash FROM share_redaction WHERE chat_id = ?');
  return listStmt.all(chatId) as StoredDecision[];
}

/** The value hashes to redact in the chat's shared copy (an empty set for nearly every chat: one indexed lookup). */
export function redactedHashes(chatId: string): Set<string> {
  redactStmt ??= db().prepare("SELECT DISTINCT value_hash FROM share_redaction WHERE chat_id = ? AND decision = 'redact'").pluck();
  return new Set(redactStmt.all(chatId) as string[]);
}

/** The redacted values of a chat as stored: hash and sealed value (no rows for nearly every chat: one indexed lookup). */
export function redactedValues(chatId: string): Array<{ value_hash: string; value_sealed: string | null }> {
  sealedStmt ??= db().prepare("SELECT value_hash, MAX(value_sealed) AS value_sealed FROM share_redaction WHERE chat_id = ? AND decision = 'redact' GROUP BY value_hash");
  return sealedStmt.all(chatId) as Array<{ value_hash: string; value_sealed: string | null }>;
}

/** Unix milliseconds of the chat's last changed answer, 0 for none. */
export function lastDecisionAt(chatId: string): number {
  lastStmt ??= db().prepare('SELECT COALESCE(MAX(decided_at), 0) FROM share_redaction WHERE chat_id = ?').pluck();
  return lastStmt.get(chatId) as number;
}

/**
 * Saves answers in one transaction and moves the chat's version when what is redacted changed (so a live share
 * renders again and a snapshot shows "Update snapshot"), without touching updated_at: the chat itself did not change.
 * Answers whether the redacted set changed.
 */
export function saveDecisions(chatId: string, answers: StoredDecision[]): Promise<boolean> {
  const conn = db();
  // A repeated answer changes nothing (not even decided_at: the snapshot does not become stale for it).
  const upsert = conn.prepare(`INSERT INTO share_redaction (chat_id, finding_id, decision, value_hash, value_sealed, created_at, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (chat_id, finding_id) DO UPDATE SET decision = excluded.decision, value_hash = excluded.value_hash, value_sealed = excluded.value_sealed,
      decided_at = excluded.decided_at WHERE share_redaction.decision IS NOT excluded.decision`);
  return writeTransaction(() => {
    const before = [...redactedHashes(chatId)].sort().join(',');
    const now = nowSeconds();
    const ms = Date.now();
    for (const a of answers) upsert.run(chatId, a.finding_id, a.decision, a.value_hash, a.value_sealed ?? null, now, ms);
    const changed = [...redactedHashes(chatId)].sort().join(',') !== before;
    if (changed) conn.prepare('UPDATE chat SET branch_at = MAX(?, MAX(updated_at, branch_at) + 1) WHERE id = ?').run(now, chatId);
    return changed;
  });
}
