// The shared chat for API clients: the same gate as the page (the middleware cannot see /api paths, so it runs here).
import type { APIContext } from 'astro';
import { HttpError, msg } from '../http';
import { sharedChatRow } from './scan/redact';
import { deny } from './gate';
import { getShareByShareId, type StoredShare } from './store';
import { readFileArtifact } from './artifacts';
import { countView, decideFor, gateShare, tryUnlock } from './access';
import type { ChatJson } from '../chats/types';
import { cutToPart, WHOLE } from './part';

/**
 * The gate for API readers; a read always counts a view (only the HTML preview card may be free, crawler or not). A HEAD
 * (Astro answers it with GET's handler, body dropped) reads nothing: the gate's answer, uncounted (DESIGN.md).
 */
function gate(ctx: APIContext, shareId: string): StoredShare {
  const g = gateShare(ctx, shareId);
  const access = ctx.request.method === 'HEAD' ? g.access : countView(ctx, g);
  if (!access.allow) throw new HttpError(access.code, access.detail);
  return g.share!;
}

/** GET /chats/share/{share_id}: the shared chat row as Open WebUI returns it (the snapshot, for snapshot shares). */
export async function sharedChatForApi(ctx: APIContext, shareId: string) {
  const s = gate(ctx, shareId);
  if (s.kind === 'snapshot') {
    const buf = await readFileArtifact(s.chat_id, s.snapshot_rev, 'json');
    if (!buf) throw new HttpError('SHARE_LINK_NOT_FOUND', deny('SHARE_LINK_NOT_FOUND').detail);
    const snap = JSON.parse(buf.toString('utf8')) as { title: string; chat: ChatJson; created_at: number; updated_at: number };
    // A revision published before all_branches existed may hold other regenerations: one branch unless the link offers them.
    const chat = s.all_branches ? snap.chat : cutToPart(snap.chat, WHOLE);
    return { id: s.share_id, share_id: s.share_id, type: 'snapshot', title: snap.title, chat, created_at: snap.created_at, updated_at: snap.updated_at, allow_cloning: s.allow_cloning };
  }
  const chat = sharedChatRow(s.chat_id)!;
  return { id: s.share_id, share_id: s.share_id, type: 'live', title: chat.title, chat: chat.chat, created_at: chat.created_at, updated_at: chat.updated_at, allow_cloning: s.allow_cloning };
}

/** POST /chats/share/{share_id}/verify: checks the password (rate-limited) and sets the share's unlock cookie. */
export async function verifySharePassword(ctx: APIContext, shareId: string, password: unknown) {
  const share = getShareByShareId(shareId);
  const access = decideFor(ctx, share, true);
  if (!access.allow) throw new HttpError(access.code, access.detail);
  if (!share!.password_hash) return { status: true };
  const result = await tryUnlock(ctx, share!, typeof password === 'string' ? password : '');
  if (result.ok) return { status: true };
  if (result.status === 429) {
    throw new HttpError('RATE_LIMITED', msg('api.wrongPasswordsWait', { minutes: Math.ceil(result.retryAfterSec! / 60) }), { 'retry-after': String(result.retryAfterSec) });
  }
  throw new HttpError('INVALID_PASSWORD', msg('api.incorrectPassword'));
}
