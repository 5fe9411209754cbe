// The reference's limits on share options, with no server imports: the API and the Share Chat dialog apply the same rules.

export const MAX_COUNT = 2_147_483_647;
export const MAX_SHARE_ID = 144;
/** The reference's expiry presets, in seconds. */
export const EXPIRY_PRESETS = { '1h': 3600, '24h': 86_400, '7d': 604_800 } as const;

/** The reference's custom id rule: spaces become hyphens, characters outside [A-Za-z0-9-._~] are dropped. */
export function normalizeShareId(raw: string): string {
  return raw.trim().replace(/\s+/g, '-').replace(/[^A-Za-z0-9\-._~]/g, '');
}

export type ShareIdProblem = 'no_allowed_characters' | 'only_dots' | 'too_long';

/** Why a normalised custom id cannot be used, or null. Only dots would make /s/. or /s/.., which browsers resolve elsewhere. */
export function shareIdProblem(normalized: string): ShareIdProblem | null {
  if (!normalized) return 'no_allowed_characters';
  if (/^\.+$/.test(normalized)) return 'only_dots';
  if (normalized.length > MAX_SHARE_ID) return 'too_long';
  return null;
}

export type CountProblem = 'not_whole_number' | 'too_large';

/**
 * A views or clones limit as typed: digits only (no "1.5", "1e3", "-1" or "+2"), 0 to 2,147,483,647.
 * Empty counts as 0 (unlimited). Returns the number or the problem.
 */
export function parseCount(raw: string): { value: number } | { problem: CountProblem } {
  const text = raw.trim();
  if (text === '') return { value: 0 };
  if (!/^\d+$/.test(text)) return { problem: 'not_whole_number' };
  const value = Number(text);
  return value > MAX_COUNT ? { problem: 'too_large' } : { value };
}

export type IndexingProblem = 'not_public' | 'password' | 'limits';

/**
 * Why a link cannot be opened to search engines, or null: only a public link with no password, no expiry and no view or
 * clone limit may be indexed (a limited link in a search index would send strangers to spend its views or meet a 410).
 */
export function indexingProblem(s: { is_public: boolean; has_password: boolean; expires_at: number | null; max_views: number; max_clones: number }): IndexingProblem | null {
  if (!s.is_public) return 'not_public';
  if (s.has_password) return 'password';
  if (s.expires_at !== null || s.max_views > 0 || s.max_clones > 0) return 'limits';
  return null;
}
