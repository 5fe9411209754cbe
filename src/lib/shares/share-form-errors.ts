// The Share Chat dialog's words for problems: the API's "max_views: ..." details turned into plain words beside a field.
import { MAX_SHARE_ID, type CountProblem, type ShareIdProblem } from './share-rules';

/** The API's field names and what the dialog calls them. */
export const FIELD_LABELS = {
  share_id: 'Custom link',
  password: 'Password',
  current_password: 'Current password',
  is_public: 'Public access',
  is_live: 'Live updates',
  display_username: 'Display username',
  allow_cloning: 'Allow cloning',
  expires_at: 'Expiry date',
  expires_in: 'Expires after',
  max_views: 'Max views',
  max_clones: 'Max clones',
  allow_view_after_clone_limit: 'Viewing after the clone limit',
  show_qr_code: 'Show QR code',
  gradient_qr_code: 'Gradient QR code',
} as const;

export type ShareField = keyof typeof FIELD_LABELS;
export interface FieldProblem { field: ShareField | null; message: string }

const isField = (name: string): name is ShareField => Object.hasOwn(FIELD_LABELS, name);
const sentence = (text: string) => {
  const t = text.trim();
  return t ? `${t[0]!.toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}` : t;
};

/**
 * An API error as the dialog shows it: which field it belongs to (null: the whole form) and a message with no API
 * names in it. `detail` is the server's `{detail}`, e.g. "max_views: max_views can be at most 2,147,483,647".
 */
export function plainShareError(detail: unknown, code?: unknown, status?: number): FieldProblem {
  const text = typeof detail === 'string' ? detail : '';
  if (code === 'SHARE_ID_TAKEN') return { field: 'share_id', message: 'This link is already in use. Choose another.' };
  if (code === 'INVALID_PASSWORD') return { field: 'current_password', message: 'That is not the current password.' };
  if (code === 'PAYLOAD_TOO_LARGE') return { field: null, message: 'That is too much text. Shorten the password or the link and try again.' };
  if (code === 'RATE_LIMITED') return { field: null, message: 'Too many tries. Wait a minute and try again.' };
  if (code === 'CHAT_NOT_FOUND') return { field: null, message: 'This chat no longer exists. It may have been deleted in another tab.' };
  if (code === 'UNAUTHORIZED' || code === 'LOGIN_REQUIRED' || status === 401) return { field: null, message: 'You are signed out. Sign in again and retry.' };
  const m = /^([a-z_][a-z0-9_.]*):\s*(.*)$/s.exec(text);
  const field = m && isField(m[1]!) ? m[1]! as ShareField : null;
  const rest = m ? m[2]! : text;
  // The message itself may name fields ("max_views can be at most ..."): every API name becomes its label.
  const plain = rest.replace(/\b[a-z]+(?:_[a-z]+)+\b/g, (name) => (isField(name) ? FIELD_LABELS[name] : name));
  if (!plain || /\b[a-z]+_[a-z_]+\b/.test(plain) || (status !== undefined && status >= 500)) {
    return { field, message: field ? `${FIELD_LABELS[field]} was not accepted. Check it and try again.` : 'Something went wrong on our side. Try again in a moment.' };
  }
  return { field, message: sentence(plain) };
}

/** The custom link's problems, worded for the field. */
export function shareIdMessage(problem: ShareIdProblem, length: number): string {
  if (problem === 'too_long') return `Use at most ${MAX_SHARE_ID} characters (this one has ${length.toLocaleString('en-US')}).`;
  if (problem === 'only_dots') return 'A link cannot be only dots. Add a letter or a digit.';
  return 'Use letters, digits, hyphens, dots, underscores or tildes.';
}

/** A views or clones limit's problems, worded for the field. */
export function countMessage(problem: CountProblem): string {
  return problem === 'too_large' ? 'Use a number up to 2,147,483,647, or 0 for unlimited.' : 'Enter a whole number, like 10 (0 means unlimited).';
}
