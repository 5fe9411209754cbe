// The share row as the store returns it (booleans decoded, times in unix seconds).

export type ShareKind = 'snapshot' | 'live';
export type ShareStatus = 'active' | 'expired' | 'revoked';
export type RevokedReason = 'manual' | 'expired_time' | 'expired_views' | 'clone_limit';

export interface ShareRow {
  chat_id: string;
  user_id: string;
  share_id: string;
  kind: ShareKind;
  is_public: boolean;
  password_hash: string | null;
  display_username: boolean;
  allow_cloning: boolean;
  expires_at: number | null;
  max_views: number; // 0 = unlimited
  max_clones: number; // 0 = unlimited
  allow_view_after_clone_limit: boolean;
  views: number;
  clones: number;
  status: 'active' | 'revoked';
  revoked_reason: RevokedReason | null;
  snapshot_rev: number;
  show_qr: boolean;
  gradient_qr: boolean;
  /** Readers may download the chat (Markdown, Open WebUI JSON) from its page. */
  allow_download: boolean;
  /** The owner asks search engines to index the link (honoured only when indexing.ts says it may be). */
  allow_indexing: boolean;
  /** The part it publishes (issue 17.4, part.ts): both null for the whole visible branch. */
  part_first: string | null;
  part_last: string | null;
  /** Viewers may switch between the regenerations inside the part (`?b=`); off: one path, no other branch's text. */
  all_branches: boolean;
  /** Only the owner and the people and groups granted (access_grant) may read it; never public (issue 17.1). */
  restricted: boolean;
  created_at: number;
  updated_at: number;
}
