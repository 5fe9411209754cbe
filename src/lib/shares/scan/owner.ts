// GET/POST /api/v1/chats/{id}/share/scan: the owner's scan of what a share of the chat publishes, and their answers.
import { z } from 'zod';
import { HttpError, msg } from '../../http';
import { parseInput } from '../../validation';
import { getChat, chatVersion } from '../../chats/store';
import { instanceSecret } from '../secret';
import { getShareByChatId } from '../store';
import { liveDocumentFor } from '../documents';
import { scanChat, type Finding } from './scan';
import { decisionsOf, saveDecisions, type Decision, type StoredDecision } from './store';

export type ListedFinding = Omit<Finding, 'value_hash'> & { decision: Decision | null };

export interface ScanAnswer {
  findings: ListedFinding[];
  scanned_messages: number;
  /** Milliseconds the scan took. */
  ms: number;
  /** The chat has a snapshot link rendered before the latest change (a redaction too): Update snapshot applies it. */
  snapshot_stale: boolean;
}

function scanOwned(userId: string, chatId: string): { answer: ScanAnswer; hashes: Map<string, string> } {
  const chat = getChat(userId, chatId);
  if (!chat) throw new HttpError('CHAT_NOT_FOUND', msg('api.chatNotFound'));
  const started = performance.now();
  const { findings, scanned } = scanChat(chat.chat, instanceSecret());
  const ms = Math.round((performance.now() - started) * 10) / 10;
  const stored = new Map(decisionsOf(chatId).map((d) => [d.finding_id, d]));
  const redacted = new Set([...stored.values()].filter((d) => d.decision === 'redact').map((d) => d.value_hash));
  const hashes = new Map<string, string>();
  const listed = findings.map(({ value_hash, ...f }) => {
    hashes.set(f.id, value_hash);
    // A value redacted through another finding (the same key pasted twice) is redacted here too: the share has none.
    const decision = redacted.has(value_hash) ? 'redact' : stored.get(f.id)?.decision ?? null;
    return { ...f, decision };
  });
  const share = getShareByChatId(chatId);
  const version = chatVersion(chatId) ?? 0;
  const snapshot_stale = !!share && share.kind === 'snapshot' && share.status !== 'revoked' && version * 1000 > share.snapshot_rev;
  return { answer: { findings: listed, scanned_messages: scanned, ms, snapshot_stale }, hashes };
}

export const scanForOwner = (userId: string, chatId: string): ScanAnswer => scanOwned(userId, chatId).answer;

const decisionBody = z.union([
  z.object({ redact_all: z.literal(true) }).strict(),
  z.object({
    decisions: z.array(z.object({
      id: z.string().min(1).max(64),
      decision: z.enum(['redact', 'ignore'], { message: 'must be redact or ignore' }),
    }).strict()).min(1).max(5000),
  }).strict(),
], { message: 'send {"decisions": [{"id", "decision"}]} or {"redact_all": true}' });

/** Records the owner's answers (every finding not marked fine redacted, for redact_all) and answers the scan as it stands after. */
export async function decideForOwner(userId: string, chatId: string, body: unknown): Promise<ScanAnswer> {
  const input = parseInput(decisionBody, body);
  const { answer, hashes } = scanOwned(userId, chatId);
  let answers: StoredDecision[];
  if ('redact_all' in input) {
    // Every finding but those the owner marked as fine: "Redact all" does not take back an answer they gave.
    answers = answer.findings.filter((f) => f.decision !== 'ignore')
      .map((f) => ({ finding_id: f.id, decision: 'redact' as const, value_hash: hashes.get(f.id)! }));
  } else {
    // An answer holds for the value wherever it is listed (a key pasted twice is one decision): redaction is by value.
    const byValue = new Map<string, string[]>();
    for (const [id, h] of hashes) byValue.set(h, [...(byValue.get(h) ?? []), id]);
    answers = input.decisions.flatMap((d) => {
      const value_hash = hashes.get(d.id);
      // Ids come from this chat's scan; one that is not there (the chat changed since, or a made-up id) is refused.
      if (!value_hash) throw new HttpError('VALIDATION_ERROR', msg('api.scanUnknownFinding', { id: d.id.slice(0, 64) }));
      return byValue.get(value_hash)!.map((finding_id) => ({ finding_id, decision: d.decision, value_hash }));
    });
  }
  const changed = answers.length ? await saveDecisions(chatId, answers) : false;
  // A live link's page renders again now, without the redacted values (the version moved); a snapshot waits for Update.
  if (changed && getShareByChatId(chatId)?.kind === 'live') void liveDocumentFor(chatId).catch(() => {});
  return scanForOwner(userId, chatId);
}
