// GET/POST /api/v1/chats/{id}/share/scan: the owner's scan of what a share of the chat publishes, and their answers.
import { z } from 'zod';
import { HttpError, msg } from '../../http';
import { parseInput } from '../../validation';
import { getChat } from '../../chats/store';
import { instanceSecret } from '../secret';
import { getShareByChatId } from '../store';
import { liveDocumentFor } from '../documents/documents';
import { scanChat, type Finding } from './scan';
import { decisionsOf, lastDecisionAt, saveDecisions, type Decision, type StoredDecision } from './store';
import { sealValue } from './redact';
import { cutToPart, partOf } from '../manage/part';

export type ListedFinding = Omit<Finding, 'value_hash' | 'value'> & { decision: Decision | null };

export interface ScanAnswer {
  findings: ListedFinding[];
  scanned_messages: number;
  /** Milliseconds the scan took. */
  ms: number;
  /** The chat has a snapshot link published before the owner's last changed answer: Update snapshot applies it. */
  snapshot_stale: boolean;
}

interface Held { hash: string; value: string }

/**
 * What the scan covers. `allBranches` unset: what the saved link publishes (a link with all branches publishes the
 * regenerations inside its part, issue 17.4). Set: the choice the Share Chat dialog shows before it is saved, so ticking
 * "All branches" lists a key pasted in another regeneration before the link publishes it (true: every branch of the
 * chat, the most any part with all branches can take; false: the branch on screen).
 */
export interface ScanScope { allBranches?: boolean }

/** `?all_branches=1|0` of the scan's GET and POST: the dialog's unsaved choice. */
export function scanScopeOf(url: URL): ScanScope {
  const v = url.searchParams.get('all_branches');
  return v === '1' || v === 'true' ? { allBranches: true } : v === '0' || v === 'false' ? { allBranches: false } : {};
}

function scanOwned(userId: string, chatId: string, scope: ScanScope = {}): { answer: ScanAnswer; hashes: Map<string, Held> } {
  const chat = getChat(userId, chatId);
  if (!chat) throw new HttpError('CHAT_NOT_FOUND', msg('api.chatNotFound'));
  const share = getShareByChatId(chatId);
  const started = performance.now();
  const { findings, scanned } = scope.allBranches === undefined
    ? share?.all_branches
      ? scanChat(cutToPart(chat.chat, partOf(share)), instanceSecret(), { allBranches: true })
      : scanChat(chat.chat, instanceSecret())
    : scanChat(chat.chat, instanceSecret(), { allBranches: scope.allBranches });
  const ms = Math.round((performance.now() - started) * 10) / 10;
  const stored = new Map(decisionsOf(chatId).map((d) => [d.finding_id, d]));
  const redacted = new Set([...stored.values()].filter((d) => d.decision === 'redact').map((d) => d.value_hash));
  const hashes = new Map<string, Held>();
  const listed = findings.map(({ value_hash, value, ...f }) => {
    hashes.set(f.id, { hash: value_hash, value });
    // A value redacted through another finding (the same key pasted twice) is redacted here too: the share has none.
    const decision = redacted.has(value_hash) ? 'redact' : stored.get(f.id)?.decision ?? null;
    return { ...f, decision };
  });
  // Revisions are milliseconds, so are answers: a snapshot published after the last changed answer has it.
  const snapshot_stale = !!share && share.kind === 'snapshot' && share.status !== 'revoked' && lastDecisionAt(chatId) > share.snapshot_rev;
  return { answer: { findings: listed, scanned_messages: scanned, ms, snapshot_stale }, hashes };
}

export const scanForOwner = (userId: string, chatId: string, scope: ScanScope = {}): ScanAnswer => scanOwned(userId, chatId, scope).answer;

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
export async function decideForOwner(userId: string, chatId: string, body: unknown, scope: ScanScope = {}): Promise<ScanAnswer> {
  const input = parseInput(decisionBody, body);
  const { answer, hashes } = scanOwned(userId, chatId, scope);
  let answers: StoredDecision[];
  if ('redact_all' in input) {
    // Every finding but those the owner marked as fine: "Redact all" does not take back an answer they gave.
    answers = answer.findings.filter((f) => f.decision !== 'ignore')
      .map((f) => ({ finding_id: f.id, decision: 'redact' as const, value_hash: hashes.get(f.id)!.hash, value_sealed: sealValue(hashes.get(f.id)!.value) }));
  } else {
    // An answer holds for the value wherever it is listed (a key pasted twice is one decision): redaction is by value.
    const byValue = new Map<string, string[]>();
    for (const [id, h] of hashes) byValue.set(h.hash, [...(byValue.get(h.hash) ?? []), id]);
    answers = input.decisions.flatMap((d) => {
      const held = hashes.get(d.id);
      // Ids come from this chat's scan; one that is not there (the chat changed since, or a made-up id) is refused.
      if (!held) throw new HttpError('VALIDATION_ERROR', msg('api.scanUnknownFinding', { id: d.id.slice(0, 64) }));
      // Only a redacted value is kept (sealed): the redaction needs it; one marked fine needs nothing but its hash.
      const value_sealed = d.decision === 'redact' ? sealValue(held.value) : null;
      return byValue.get(held.hash)!.map((finding_id) => ({ finding_id, decision: d.decision, value_hash: held.hash, value_sealed }));
    });
  }
  const changed = answers.length ? await saveDecisions(chatId, answers) : false;
  // A live link's page renders again now, without the redacted values (the version moved); a snapshot waits for Update.
  if (changed && getShareByChatId(chatId)?.kind === 'live') void liveDocumentFor(chatId).catch(() => {});
  return scanForOwner(userId, chatId, scope);
}
