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
