// Messages shown as plain text: the escaped text with its line breaks, and a short note saying why it is not formatted.
import { escapeHtml } from './escape';
import type { PlainReason } from './budget';

export type PlainCause = PlainReason | 'error' | 'timeout';

const NOTES: Record<PlainCause, string> = {
  size: 'Shown as plain text: this message is too long to format.',
  depth: "Shown as plain text: this message's formatting is too deeply nested to display.",
  complex: "Shown as plain text: this message's formatting is too complex to display.",
  error: "Shown as plain text: this message's formatting could not be displayed.",
  timeout: 'Shown as plain text: this conversation took too long to format.',
};

/** The note for a cause, as a paragraph the conversation styles quietly. */
export const plainNoteHtml = (cause: PlainCause): string => `<p class="render-note">${NOTES[cause]}</p>`;

/** Text as HTML that keeps its line breaks and runs no markup: linear in the length, whatever the text holds. */
export const plainTextHtml = (text: string): string => `<div class="plain-text">${escapeHtml(text)}</div>`;

/** A message shown as text, with the note when one is due (none in all-plain mode, where the conversation has it once). */
export function plainMessageHtml(text: string, cause: PlainCause | null): string {
  return `${cause ? plainNoteHtml(cause) : ''}${plainTextHtml(text)}`;
}
