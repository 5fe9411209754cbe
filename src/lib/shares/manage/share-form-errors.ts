// The Share Chat dialog's words for problems, in the page's language: the API's codes and "max_views: ..." details turned
// into plain words beside a field. Callers pass their translate function (browser or server); no catalog is imported here.
import type { Translate } from '../../i18n/index';
import { MAX_COUNT, MAX_SHARE_ID, type CountProblem, type ShareIdProblem } from './share-rules';

/** The API's field names and the catalog key of what the dialog calls each one. */
export const FIELD_LABELS = {
  share_id: 'dialog.fieldShareId',
  password: 'dialog.fieldPassword',
  current_password: 'dialog.fieldCurrentPassword',
  is_public: 'dialog.fieldIsPublic',
  is_live: 'dialog.fieldIsLive',
  display_username: 'dialog.fieldDisplayUsername',
  allow_cloning: 'dialog.fieldAllowCloning',
  expires_at: 'dialog.fieldExpiresAt',
  expires_in: 'dialog.fieldExpiresIn',
  max_views: 'dialog.fieldMaxViews',
  max_clones: 'dialog.fieldMaxClones',
  allow_view_after_clone_limit: 'dialog.fieldViewAfterCloneLimit',
  show_qr_code: 'dialog.fieldShowQr',
  gradient_qr_code: 'dialog.fieldGradientQr',
  allow_download: 'dialog.allowDownload',
  allow_indexing: 'dialog.allowIndexing',
  first_message_id: 'dialog.partFirst',
  last_message_id: 'dialog.partLast',
  all_branches: 'dialog.allBranches',
  access_grants: 'dialog.audienceChosen',
} as const;

export type ShareField = keyof typeof FIELD_LABELS;
export interface FieldProblem { field: ShareField | null; message: string }

const isField = (name: string): name is ShareField => Object.hasOwn(FIELD_LABELS, name);
export const fieldLabel = (t: Translate, field: ShareField) => t(FIELD_LABELS[field]);
const sentence = (text: string) => {
  const s = text.trim();
  return s ? `${s[0]!.toLocaleUpperCase()}${s.slice(1)}${/[.!?。]$/.test(s) ? '' : '.'}` : s;
};

// Codes the dialog knows the meaning of: its own words, beside the field they concern (null: the whole form).
const BY_CODE: Record<string, [ShareField | null, string]> = {
  SHARE_ID_TAKEN: ['share_id', 'dialog.errShareIdTaken'],
  INVALID_PASSWORD: ['current_password', 'dialog.errCurrentPasswordWrong'],
  PUBLIC_SHARING_NOT_ALLOWED: ['is_public', 'dialog.errPublicNotAllowed'],
  SHARING_NOT_ALLOWED: [null, 'dialog.errSharingNotAllowed'],
  ACCESS_GRANTS_NOT_ALLOWED: ['access_grants', 'dialog.errGrantsNotAllowed'],
  SHARE_MODERATED: [null, 'dialog.errModerated'],
  PAYLOAD_TOO_LARGE: [null, 'dialog.errTooLarge'],
  RATE_LIMITED: [null, 'dialog.errRateLimited'],
  CHAT_NOT_FOUND: [null, 'dialog.errChatGone'],
  UNAUTHORIZED: [null, 'dialog.errSignedOut'],
  LOGIN_REQUIRED: [null, 'dialog.errSignedOut'],
};

/**
 * An API error as the dialog shows it: which field it belongs to (null: the whole form) and a message with no API
 * names in it. A known `code` gets the dialog's own words; otherwise `detail` (the server answers in the request's
 * language) is shown, e.g. "max_views: max_views can be at most 2,147,483,647" → "Max views can be at most 2,147,483,647."
 */
export function plainShareError(detail: unknown, code: unknown, status: number | undefined, t: Translate): FieldProblem {
  if (typeof code === 'string' && Object.hasOwn(BY_CODE, code)) {
    const [field, key] = BY_CODE[code]!;
    return { field, message: t(key) };
  }
  if (status === 401) return { field: null, message: t('dialog.errSignedOut') };
  const text = typeof detail === 'string' ? detail.slice(0, 2000) : '';
  // "name: rest", or "name : rest" as French typography writes it.
  const m = /^([a-z_][a-z0-9_.]*)\s*:\s*(.*)$/s.exec(text);
  const field = m && isField(m[1]!) ? m[1]! as ShareField : null;
  const rest = m ? m[2]! : text;
  // The message itself may name fields ("max_views can be at most ..."): every API name becomes its label.
  const plain = rest.replace(/\b[a-z]+(?:_[a-z]+)+\b/g, (name) => (isField(name) ? fieldLabel(t, name) : name));
  if (!plain.trim() || /\b[a-z]+_[a-z_]+\b/.test(plain) || (status !== undefined && status >= 500)) {
    return { field, message: field ? t('dialog.errFieldRejected', { field: fieldLabel(t, field) }) : t('dialog.errServer') };
  }
  return { field, message: sentence(plain) };
}

/** The custom link's problems, worded for the field. */
export function shareIdMessage(problem: ShareIdProblem, length: number, t: Translate): string {
  if (problem === 'too_long') return t('dialog.errShareIdTooLong', { max: MAX_SHARE_ID, length });
  if (problem === 'only_dots') return t('dialog.errShareIdDots');
  return t('dialog.errShareIdCharacters');
}

/** A views or clones limit's problems, worded for the field. */
export function countMessage(problem: CountProblem, t: Translate): string {
  return problem === 'too_large' ? t('dialog.errCountTooLarge', { max: MAX_COUNT }) : t('dialog.errCountNotWhole');
}
