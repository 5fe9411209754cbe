// Which branch of a chat a share publishes, in words for the Share Chat dialog ("response 1/3 at message 2").
import { translator, type Translate } from '../i18n/index';
import { siblingIds, visiblePath } from './tree';
import type { History } from './types';

export interface BranchChoice { messageNumber: number; index: number; total: number; role: string }

/** Every place on the current path where the owner picked one of several versions (regenerations or edits). */
export function branchChoices(history: History | undefined): BranchChoice[] {
  const path = visiblePath(history);
  const choices: BranchChoice[] = [];
  path.forEach((m, i) => {
    const ids = siblingIds(history!, m);
    if (ids.length > 1) choices.push({ messageNumber: i + 1, index: ids.indexOf(m.id) + 1, total: ids.length, role: m.role });
  });
  return choices;
}

/**
 * What a share of the chat publishes, for the dialog's sentences: "4 messages, response 1/3 at message 2", in the
 * language of `t` (the page's: Astro.locals.t). It is the path to the saved history.currentId: what a snapshot renders
 * and a live link follows.
 */
export function sharedBranchSummary(history: History | undefined, t: Translate = translator('en')): string {
  const messages = t('dialog.branchMessages', { n: visiblePath(history).length });
  const words = branchChoices(history).map((c) => t(c.role === 'user' ? 'dialog.branchPrompt' : 'dialog.branchResponse',
    { index: c.index, total: c.total, message: c.messageNumber }));
  const list = words.length > 3 ? [...words.slice(0, 3), t('dialog.branchMore', { n: words.length - 3 })] : words;
  return [messages, ...list].join(', ');
}

/** A message the Share Chat dialog offers as the start or end of a part (issue 17.4), labelled for its selects. */
export interface PartChoice { id: string; role: string; label: string; onPath: boolean }

const excerpt = (content: unknown, max = 60): string => {
  const text = (typeof content === 'string' ? content : '').replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
};

/**
 * The messages of the visible branch, in order ("3. You: How do tides…"), then the saved part's own ends when they are
 * on another branch now, so reopening the dialog still shows what the link shares.
 */
export function partChoices(history: History | undefined, saved: Array<string | null>, t: Translate = translator('en')): PartChoice[] {
  const path = visiblePath(history);
  const who = (m: { role: string; modelName?: unknown; model?: unknown }) => (m.role === 'user' ? t('dialog.partYou')
    : typeof m.modelName === 'string' && m.modelName ? m.modelName : typeof m.model === 'string' && m.model ? m.model : t('dialog.partAssistant'));
  const out: PartChoice[] = path.map((m, i) => ({ id: m.id, role: m.role, onPath: true,
    label: t('dialog.partMessage', { n: i + 1, who: who(m), text: excerpt(m.content) }) }));
  const messages = history?.messages;
  for (const id of saved) {
    if (id === null || out.some((c) => c.id === id) || !messages || !Object.hasOwn(messages, id)) continue;
    const m = messages[id]!;
    out.push({ id, role: m.role, onPath: false, label: t('dialog.partOtherBranch', { who: who(m), text: excerpt(m.content) }) });
  }
  return out;
}
