// The word each danger-zone action asks the owner to type, in the page's language, and the one rule that compares
// what was typed with it: the server's check and the page's Confirm button use the same function.
import type { Translate } from '../../i18n/index';

export type DangerAction = 'revoke_all' | 'reset_all' | 'clear_revoked';
export const DANGER_WORD_KEYS: Record<DangerAction, string> = {
  revoke_all: 'dashboard.wordRevoke', reset_all: 'dashboard.wordReset', clear_revoked: 'dashboard.wordClear',
};
export const isDangerAction = (a: string): a is DangerAction => Object.hasOwn(DANGER_WORD_KEYS, a);

/** "REVOKE", "RÉVOQUER", "REVOCAR": the reference's words, translated. */
export const dangerWord = (t: Translate, action: DangerAction): string => t(DANGER_WORD_KEYS[action]);

// Accents are optional (RÉVOQUER or REVOQUER: É is hard to type on many keyboards); capitals and letters are not.
const bare = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').trim();
export const typedWordMatches = (typed: string, word: string): boolean => bare(typed) === bare(word) && bare(word) !== '';
