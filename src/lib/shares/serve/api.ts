// The shared chat for API clients: the same gate as the page (the middleware cannot see /api paths, so it runs here).
import type { APIContext } from 'astro';
import { HttpError, msg } from '../../http';
import { redactedChatBytes } from '../scan/redact';
import { deny } from '../gate';
import { getShareByShareId, type StoredShare } from '../store';
import { readFileArtifact } from '../documents/artifacts';
import { countView, decideFor, gateShare, tryUnlock } from '../access';
import { partOf, WHOLE } from '../manage/part';
import { shareApiAnswerOf } from '../../render/pool';
import { shareOriginFor } from './pages';

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

/**
 * GET /chats/share/{share_id}: the shared chat row as Open WebUI returns it (the snapshot, for snapshot shares), one path
 * unless the link offers all branches. Read as bytes here and made into the answer on a pool thread (shareApiAnswerOf).
 */
export async function sharedChatForApi(ctx: APIContext, shareId: string): Promise<Response> {
  const s = gate(ctx, shareId);
  const head = { id: s.share_id, share_id: s.share_id, type: s.kind, allow_cloning: s.allow_cloning };
  const filesAt = `${shareOriginFor(ctx.request.headers)}/s/${encodeURIComponent(s.share_id)}/files/`;
  let body: Uint8Array;
  if (s.kind === 'snapshot') {
    const buf = await readFileArtifact(s.chat_id, s.snapshot_rev, 'json');
    if (!buf) throw new HttpError('SHARE_LINK_NOT_FOUND', deny('SHARE_LINK_NOT_FOUND').detail);
    // The revision is cut to the part already; one published before all_branches existed may hold other regenerations.
    body = await shareApiAnswerOf({ bytes: buf, from: 'snapshot', part: { ...WHOLE, allBranches: s.all_branches }, head, filesAt }, s.user_id, false);
  } else {
    const row = redactedChatBytes(s.chat_id);
    if (!row) throw new HttpError('SHARE_LINK_NOT_FOUND', deny('SHARE_LINK_NOT_FOUND').detail);
    const facts = { title: row.title, created_at: row.created_at, updated_at: row.updated_at };
    body = await shareApiAnswerOf({ bytes: row.bytes, from: 'live', part: partOf(s), head, row: facts, filesAt }, s.user_id, true);
  }
  return new Response(body as BodyInit, { headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });
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
