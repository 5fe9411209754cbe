// Which branch of a chat a share publishes, in words for the Share Chat dialog ("response 1/3 at message 2").
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
 * What a share of the chat publishes, for the dialog's sentences: "4 messages, response 1/3 at message 2". It is the path
 * to the saved history.currentId: what a snapshot renders and a live link follows.
 */
export function sharedBranchSummary(history: History | undefined): string {
  const count = visiblePath(history).length;
  const messages = `${count} message${count === 1 ? '' : 's'}`;
  const words = branchChoices(history).map((c) => `${c.role === 'user' ? 'prompt version' : 'response'} ${c.index}/${c.total} at message ${c.messageNumber}`);
  const list = words.length > 3 ? [...words.slice(0, 3), `${words.length - 3} more choices`] : words;
  return [messages, ...list].join(', ');
}
