// Share queries: prepared once, counters changed in single UPDATE ... RETURNING statements.
import { db } from '../db';
import type { RevokedReason, ShareRow } from './types';

interface DbShare extends Omit<ShareRow, 'is_public' | 'display_username' | 'allow_cloning' | 'allow_view_after_clone_limit' | 'show_qr' | 'gradient_qr'> {
  is_public: number; display_username: number; allow_cloning: number; allow_view_after_clone_limit: number; show_qr: number; gradient_qr: number;
  snapshot_title: string | null; snapshot_summary: string | null;
}

export interface StoredShare extends ShareRow { snapshot_title: string | null; snapshot_summary: string | null }

const decode = (r: DbShare | undefined): StoredShare | null => r ? {
  ...r,
  is_public: !!r.is_public, display_username: !!r.display_username, allow_cloning: !!r.allow_cloning,
  allow_view_after_clone_limit: !!r.allow_view_after_clone_limit, show_qr: !!r.show_qr, gradient_qr: !!r.gradient_qr,
} : null;

const stmts = () => {
  const conn = db();
  return {
    byShareId: conn.prepare('SELECT * FROM share WHERE share_id = ?'),
    byChat: conn.prepare('SELECT * FROM share WHERE chat_id = ?'),
    shareIdOwner: conn.prepare('SELECT chat_id FROM share WHERE share_id = ?').pluck(),
    // The limits are re-checked in the same statement that counts, so K concurrent viewers of max_views=K all fit.
    consumeView: conn.prepare(`UPDATE share SET views = views + 1
      WHERE chat_id = ? AND status = 'active' AND (max_views = 0 OR views < max_views) AND (expires_at IS NULL OR expires_at > ?)
        AND NOT (max_clones > 0 AND clones >= max_clones AND allow_view_after_clone_limit = 0)
      RETURNING views`).pluck(),
    recordExpiry: conn.prepare('UPDATE share SET revoked_reason = ? WHERE chat_id = ? AND revoked_reason IS NULL'),
  };
};
let cache: ReturnType<typeof stmts> | null = null;
const s = () => (cache ??= stmts());

export const getShareByShareId = (shareId: string): StoredShare | null => decode(s().byShareId.get(shareId) as DbShare | undefined);
export const getShareByChatId = (chatId: string): StoredShare | null => decode(s().byChat.get(chatId) as DbShare | undefined);
export const chatIdOfShareId = (shareId: string): string | null => (s().shareIdOwner.get(shareId) as string | undefined) ?? null;

/** Counts one view if the share still allows it; null means a limit was reached first. */
export const consumeView = (chatId: string, now: number): number | null => (s().consumeView.get(chatId, now) as number | undefined) ?? null;

export function recordExpiry(chatId: string, reason: RevokedReason): void {
  s().recordExpiry.run(reason, chatId);
}

const COLUMNS = ['share_id', 'kind', 'is_public', 'password_hash', 'display_username', 'allow_cloning', 'expires_at', 'max_views',
  'max_clones', 'allow_view_after_clone_limit', 'views', 'clones', 'status', 'revoked_reason', 'snapshot_rev', 'snapshot_title',
  'snapshot_summary', 'show_qr', 'gradient_qr', 'updated_at'] as const;

const encode = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

/** Inserts or replaces the whole share row for its chat. */
export function saveShare(share: StoredShare): void {
  const values = Object.fromEntries([['chat_id', share.chat_id], ['user_id', share.user_id], ['created_at', share.created_at], ...COLUMNS.map((c) => [c, encode(share[c])])]);
  db().prepare(`INSERT INTO share (chat_id, user_id, created_at, ${COLUMNS.join(', ')}) VALUES (@chat_id, @user_id, @created_at, ${COLUMNS.map((c) => '@' + c).join(', ')})
    ON CONFLICT(chat_id) DO UPDATE SET ${COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`).run(values);
}

export function deleteShareRow(chatId: string): void {
  db().prepare('DELETE FROM share WHERE chat_id = ?').run(chatId);
}
