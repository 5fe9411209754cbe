// Messages shown as plain text: the escaped text with its line breaks, and a short note saying why it is not formatted.
import { escapeHtml } from './escape';
import { tm } from '../i18n/markers';
import type { PlainReason } from './budget';

export type PlainCause = PlainReason | 'error' | 'timeout';

/** The note for a cause, as a paragraph the conversation styles quietly (a marker: catalogs/viewer.json has the words). */
export const plainNoteHtml = (cause: PlainCause): string => `<p class="render-note">${tm(`viewer.plain_${cause}`)}</p>`;

/** Text as HTML that keeps its line breaks and runs no markup: linear in the length, whatever the text holds. */
export const plainTextHtml = (text: string): string => `<div class="plain-text">${escapeHtml(text)}</div>`;

/** A message shown as text, with the note when one is due (none in all-plain mode, where the conversation has it once). */
export function plainMessageHtml(text: string, cause: PlainCause | null): string {
  return `${cause ? plainNoteHtml(cause) : ''}${plainTextHtml(text)}`;
}
