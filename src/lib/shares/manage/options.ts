// Share options: input validation and the reference's limits, shared by the API and the Share Chat form.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { HttpError, msg } from '../../http';
import { parseInput } from '../../auth/users';
import type { ShareKind, ShareRow } from '../types';
import { grantList } from '../audience/audience';
import { EXPIRY_PRESETS, MAX_COUNT, MAX_SHARE_ID, normalizeShareId, shareIdProblem } from './share-rules';

export { EXPIRY_PRESETS, MAX_COUNT, MAX_SHARE_ID, normalizeShareId };

/** 128 random bits, URL-safe: unguessable by design. */
export const generateShareId = (): string => randomBytes(16).toString('base64url');

const count = (field: string) => z.number({ message: `${field} must be a whole number` })
  .int(`${field} must be a whole number`).min(0, `${field} cannot be negative (0 means unlimited)`).max(MAX_COUNT, `${field} can be at most 2,147,483,647`);

const shareOptions = z.object({
  share_id: z.string().max(1000).optional().nullable(),
  password: z.string().min(1, 'password cannot be empty (send null to remove it)').max(256).nullable().optional(),
  current_password: z.string().max(256).optional().nullable(),
  is_public: z.boolean().optional(),
  is_live: z.boolean().optional(),
  display_username: z.boolean().optional(),
  allow_cloning: z.boolean().optional(),
  expires_at: z.number().int('expires_at must be unix seconds').positive().max(32503680000, 'expires_at is too far in the future').nullable().optional(),
  expires_in: z.enum(['1h', '24h', '7d', 'never']).optional().nullable(),
  max_views: count('max_views').optional(),
  max_clones: count('max_clones').optional(),
  allow_view_after_clone_limit: z.boolean().optional(),
  show_qr_code: z.boolean().optional(),
  gradient_qr_code: z.boolean().optional(),
  refresh_snapshot: z.boolean().optional(),
  allow_download: z.boolean().optional(),
  allow_indexing: z.boolean().optional(),
  // The part (part.ts): message ids of the chat, null for "from the start" / "to the end". Checked against the chat later.
  first_message_id: z.string().min(1, 'first_message_id cannot be empty (send null for the start)').max(500).nullable().optional(),
  last_message_id: z.string().min(1, 'last_message_id cannot be empty (send null for the end)').max(500).nullable().optional(),
  // Viewers may switch between the regenerations inside the part (read-only, `/s/{id}?b=<message id>`).
  all_branches: z.boolean().optional(),
  // Issue 17.1: who the link is for, and (for 'people') the grants, in Open WebUI's grant shape (see audience.ts).
  audience: z.enum(['anyone', 'signed_in', 'people']).optional(),
  access_grants: grantList.optional(),
});

export type ShareOptionsInput = z.infer<typeof shareOptions>;

export function parseShareOptions(body: unknown): ShareOptionsInput {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new HttpError('VALIDATION_ERROR', msg('api.shareOptionsNotObject'));
  return parseInput(shareOptions, body);
}

export type PasswordChange = { kind: 'keep' } | { kind: 'set'; password: string } | { kind: 'remove' };

export interface ResolvedShare {
  share_id: string | null; // a normalised custom id when one was asked for
  kind: ShareKind;
  is_public: boolean;
  display_username: boolean;
  allow_cloning: boolean;
  expires_at: number | null;
  max_views: number;
  max_clones: number;
  allow_view_after_clone_limit: boolean;
  show_qr: boolean;
  gradient_qr: boolean;
  allow_download: boolean;
  allow_indexing: boolean;
  part_first: string | null;
  part_last: string | null;
  all_branches: boolean;
  restricted: boolean;
  passwordChange: PasswordChange;
  requiresCurrentPassword: boolean;
}

/** A max below what has already happened becomes count + 1 (the reference), so a lowered limit still allows one more. */
const atLeastNext = (max: number, current: number) => (max > 0 && max < current ? current + 1 : max);

/** Merges validated input over the existing share (or the defaults), applying every limit of the reference. */
export function resolveShareSettings(input: ShareOptionsInput, existing: ShareRow | null, now: number): ResolvedShare {
  let share_id: string | null = null;
  if (input.share_id !== undefined && input.share_id !== null && input.share_id.trim() !== '') {
    share_id = normalizeShareId(input.share_id);
    const problem = shareIdProblem(share_id);
    if (problem === 'too_long') throw new HttpError('VALIDATION_ERROR', msg('api.shareIdTooLong', { max: MAX_SHARE_ID }));
    if (problem) throw new HttpError('VALIDATION_ERROR', msg('api.shareIdCharacters'));
  }

  let expires_at = existing?.expires_at ?? null;
  if (input.expires_in !== undefined && input.expires_in !== null) {
    expires_at = input.expires_in === 'never' ? null : now + EXPIRY_PRESETS[input.expires_in];
  } else if (input.expires_at !== undefined) {
    if (input.expires_at !== null && input.expires_at <= now) throw new HttpError('VALIDATION_ERROR', msg('api.expiryInPast'));
    expires_at = input.expires_at;
  }

  const views = existing?.views ?? 0;
  const clones = existing?.clones ?? 0;
  const passwordChange: PasswordChange = input.password === undefined ? { kind: 'keep' }
    : input.password === null ? (existing?.password_hash ? { kind: 'remove' } : { kind: 'keep' })
    : { kind: 'set', password: input.password };

  return {
    share_id,
    kind: input.is_live === undefined ? existing?.kind ?? 'snapshot' : input.is_live ? 'live' : 'snapshot',
    // An audience named wins over is_public; is_public alone (Open WebUI's clients) opens or closes a link to the unsigned.
    is_public: input.audience ? input.audience === 'anyone' : input.is_public ?? (existing?.restricted ? false : existing?.is_public ?? true),
    restricted: input.audience ? input.audience === 'people' : input.is_public === true ? false : existing?.restricted ?? false,
    display_username: input.display_username ?? existing?.display_username ?? false,
    allow_cloning: input.allow_cloning ?? existing?.allow_cloning ?? true,
    expires_at,
    max_views: atLeastNext(input.max_views ?? existing?.max_views ?? 0, views),
    max_clones: atLeastNext(input.max_clones ?? existing?.max_clones ?? 0, clones),
    allow_view_after_clone_limit: input.allow_view_after_clone_limit ?? existing?.allow_view_after_clone_limit ?? false,
    show_qr: input.show_qr_code ?? existing?.show_qr ?? false,
    gradient_qr: input.gradient_qr_code ?? existing?.gradient_qr ?? false,
    allow_download: input.allow_download ?? existing?.allow_download ?? true,
    allow_indexing: input.allow_indexing ?? existing?.allow_indexing ?? false,
    part_first: input.first_message_id !== undefined ? input.first_message_id : existing?.part_first ?? null,
    part_last: input.last_message_id !== undefined ? input.last_message_id : existing?.part_last ?? null,
    all_branches: input.all_branches ?? existing?.all_branches ?? false,
    passwordChange,
    requiresCurrentPassword: !!existing?.password_hash && passwordChange.kind !== 'keep',
  };
}
