// Cloning a shared chat into the viewer's library: the gate's fourth caller. A clone is a read: it counts the view it
// is (or spends the single-use proof its page's counted view left), in the statement that moves the clone counter and
// checks both limits, in the same transaction that writes the copy, so max_clones=K yields exactly K clones and a
// max_views=K link is read K times in all, pages and clones together.
import type { APIContext } from 'astro';
import { randomBytes, randomUUID } from 'node:crypto';
import { nowSeconds, transaction } from '../../db';
import { HttpError, msg, readForm } from '../../http';
import { createChatFrom, latestCloneOf } from '../../chats/store';
import { redactedChatBytes } from '../scan/redact';
import { partOf, WHOLE } from '../manage/part';
import type { ChatRow } from '../../chats/types';
import { cloneLimitReached, deny } from '../gate';
import { consumeCloneCountingView, consumeCloneOnCountedView, getShareByShareId, markCloneIntentUsed, spendViewProof, type StoredShare } from '../store';
import { instanceSecret, readFileArtifact } from '../documents/artifacts';
import { CLONE_INTENT_COOKIE, cloneIntentToken, readCloneIntent } from '../tokens';
import { isSecureRequest } from '../../auth/request';
import { decideFor, gateShare, heldViewProof, tryUnlock } from '../access';
import { errorPage } from './results';
import { can, defaultPermissions, permissionRefusal } from '../../auth/permissions';
import type { SessionUser } from '../../auth/lucia';
import { copyPlanned, planCopies } from '../../files/copy';
import { removeChatFiles } from '../../files/objects';
import { insertChatFiles, type ChatFileRow } from '../../files/store';
import { shareCloneOf } from '../../render/pool';
import type { SharedBytes } from './shared-read';
import type { CloneResult } from './clone-job';

type Ctx = Pick<APIContext, 'url' | 'cookies' | 'locals' | 'request' | 'routePattern' | 'params' | 'clientAddress'>;

/**
 * What the viewer saw, as bytes for a pool thread (shared-read.ts): the snapshot's {rev}.json for a snapshot share, the
 * current chat (redacted) for a live one; null when it is gone. `owned`: the bytes may be handed over to the thread (a
 * snapshot's may not: the artifact cache keeps them).
 */
export async function sharedBytes(s: StoredShare): Promise<{ src: SharedBytes; owned: boolean } | null> {
  if (s.kind === 'live') {
    const row = redactedChatBytes(s.chat_id);
    const facts = row && { title: row.title, created_at: row.created_at, updated_at: row.updated_at };
    return row && { src: { bytes: row.bytes, from: 'live', part: partOf(s), row: facts! }, owned: true };
  }
  const buf = await readFileArtifact(s.chat_id, s.snapshot_rev, 'json');
  // The revision is cut to the part already; one published before all_branches existed may hold other regenerations.
  return buf && { src: { bytes: buf, from: 'snapshot', part: { ...WHOLE, allBranches: s.all_branches } }, owned: false };
}

type Viewer = Pick<SessionUser, 'id' | 'role'> | null;

/**
 * Why a share cannot be cloned by this viewer right now, as an error; null when it can. Cloning needs `chat.clone`;
 * a signed-out viewer is offered the button when the instance default grants it (the clone itself comes after sign-in).
 */
function cloneRefusal(s: StoredShare, isOwner: boolean, viewer: Viewer): HttpError | null {
  if (viewer ? !can(viewer, 'chat.clone') : !defaultPermissions().chat.clone) return permissionRefusal('chat.clone');
  if (!s.allow_cloning) return new HttpError('CLONE_NOT_ALLOWED', msg('api.cloneNotAllowed'));
  if (!isOwner && cloneLimitReached(s)) return new HttpError('CLONE_LIMIT_REACHED', msg('api.cloneLimitReached'));
  return null;
}

/** Whether the viewer page should offer Clone Chat (the POST still decides for itself). */
export const offersClone = (s: StoredShare, isOwner: boolean, viewer: Viewer): boolean => cloneRefusal(s, isOwner, viewer) === null;

/**
 * POST /chats/{share_id}/clone/shared and the viewer's Clone Chat button. Passes the same gate as a view (API clients may
 * prove a password in the body), then the clone rules; answers the new chat row in the caller's library, and its chat as
 * JSON bytes (`shown`: made on the pool, never parsed here; chats/answer.ts splices it into the API's answer).
 */
export async function cloneSharedChat(ctx: Ctx, shareId: string, password?: unknown): Promise<{ row: Omit<ChatRow, 'chat'>; shown: Uint8Array }> {
  const user = ctx.locals.user;
  // The proof of the page view this clone comes from (a cookie scoped to /s/{id}): the view it stands for is not counted twice.
  let proof: string | null = null;
  const readCookie = (name: string) => ctx.cookies.get(name)?.value;
  const gated = gateShare(ctx, shareId, undefined, undefined, (s) => (proof = heldViewProof(readCookie, s)) !== null);
  let share = gated.share;
  let access = gated.access;
  if (!access.allow && access.code === 'PASSWORD_REQUIRED' && typeof password === 'string' && share) {
    const unlocked = await tryUnlock(ctx as APIContext, share, password);
    if (!unlocked.ok) {
      if (unlocked.status === 429) throw new HttpError('RATE_LIMITED', msg('api.wrongPasswordsLater'), { 'retry-after': String(unlocked.retryAfterSec ?? 60) });
      throw new HttpError('INVALID_PASSWORD', msg('api.incorrectPassword'));
    }
    access = decideFor(ctx, share, true, proof !== null);
  }
  if (!access.allow) throw new HttpError(access.code, access.detail);
  if (!user) throw new HttpError('LOGIN_REQUIRED', msg('api.cloneSignIn'));
  const refusal = cloneRefusal(share!, access.isOwner, user);
  if (refusal) throw refusal;

  // The copy is made on a pool thread in the cloner's turn (clone-job.ts): its images' copies get their ids first (the
  // shared part's images, nothing else), so the copy names them; the objects are copied before the row, the original's
  // owner-only URLs would be broken images in the cloner's library, and gone with the original.
  const id = randomUUID();
  const { clone, rows } = await cloneWithCopies(share!, id, user.id);
  const now = nowSeconds();
  try {
    const row = transaction(() => {
      // The owner's own clones are not counted; everyone else's move the counters, limits checked in the same statement.
      // A proof is spent once: a second clone with it (or one that lost the race for it) counts a view of its own.
      const spent = !access.isOwner && proof !== null && spendViewProof(proof, share!.share_id, share!.chat_id, now);
      if (!access.isOwner && (spent ? consumeCloneOnCountedView(share!.chat_id, now) : consumeCloneCountingView(share!.chat_id, now)) === null) {
        share = getShareByShareId(shareId);
        const again = decideFor(ctx, share, true, spent);
        if (!again.allow) throw new HttpError(again.code, again.detail);
        throw cloneRefusal(share!, false, user) ?? new HttpError('CLONE_LIMIT_REACHED', msg('api.cloneLimitReached'));
      }
      const made = createChatFrom(user.id, { id, title: clone.title, json: clone.json, models: clone.models, cloned_from_share: share!.share_id });
      insertChatFiles(rows);
      return made;
    });
    return { row, shown: clone.shown };
  } catch (err) {
    if (rows.length) await removeChatFiles(id);
    throw err;
  }
}

/**
 * The clone made on the pool, and its images copied to chat `toChat`. An image whose object was gone (the original was
 * just deleted) keeps its URL as it was: the copy is made again without it, and the objects copied so far go.
 */
async function cloneWithCopies(s: StoredShare, toChat: string, userId: string): Promise<{ clone: CloneResult; rows: ChatFileRow[] }> {
  const plan = planCopies(s.chat_id, toChat, userId);
  for (;;) {
    const read = await sharedBytes(s);
    const clone = read && await shareCloneOf({ ...read.src, originalChatId: s.chat_id, fileUrls: plan.urls }, userId, read.owned);
    if (!clone) throw new HttpError('SHARE_LINK_NOT_FOUND', deny('SHARE_LINK_NOT_FOUND').detail);
    const { rows, gone } = await copyPlanned(plan, s.chat_id, toChat, clone.files);
    if (!gone.length) return { clone, rows };
    if (rows.length) await removeChatFiles(toChat);
    for (const id of gone) plan.urls.delete(id);
  }
}

// ---- the viewer page's Clone Chat button (POST /s/{id}/clone) and its return after sign-in (GET /s/{id}/clone) ----

const see = (location: string) => new Response(null, { status: 303, headers: { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } });

/**
 * A viewer who still has a copy of this share is sent back to its page, which says so, links to the copy and offers
 * "Clone again" (`again`); nothing is cloned or counted on the way. The API keeps Open WebUI's behaviour: it always clones.
 */
async function cloneToLibrary(ctx: APIContext, shareId: string, again = false): Promise<Response> {
  if (!again && ctx.locals.user && latestCloneOf(ctx.locals.user.id, shareId)) return see(`/s/${encodeURIComponent(shareId)}#clone`);
  try {
    const { row } = await cloneSharedChat(ctx, shareId);
    return see(`/c/${encodeURIComponent(row.id)}?cloned=1`);
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    if (err.code === 'PASSWORD_REQUIRED' || err.code === 'LOGIN_REQUIRED') return see(`/s/${encodeURIComponent(shareId)}`);
    return errorPage({ status: err.status, code: err.code, detail: err.detailIn(ctx.locals.locale) } as Parameters<typeof errorPage>[0], ctx.locals.locale);
  }
}

async function wantsAnother(request: Request): Promise<boolean> {
  try {
    return (await readForm(request)).get('again') === '1';
  } catch {
    return false;
  }
}

/** The button: a signed-in viewer gets the clone at once; a signed-out one signs in (or up) first and comes back. */
export async function clonePageSubmit(ctx: APIContext): Promise<Response> {
  const shareId = ctx.params.id ?? '';
  if (ctx.locals.user) return cloneToLibrary(ctx, shareId, await wantsAnother(ctx.request));
  const g = ctx.locals.share;
  if (!g?.share || (!g.access.allow && g.access.code !== 'LOGIN_REQUIRED')) return see(`/s/${encodeURIComponent(shareId)}`);
  const nonce = randomBytes(12).toString('base64url');
  ctx.cookies.set(CLONE_INTENT_COOKIE, cloneIntentToken(instanceSecret(), shareId, nonce, nowSeconds()), {
    path: '/', httpOnly: true, sameSite: 'lax', secure: isSecureRequest(ctx.url, ctx.request.headers), maxAge: 900,
  });
  return see(`/auth/signin?next=${encodeURIComponent(`/s/${encodeURIComponent(shareId)}/clone`)}`);
}

/** Back from sign-in: the remembered clone happens once (its nonce is spent), then the viewer lands in the copy. */
export async function clonePageResume(ctx: APIContext): Promise<Response> {
  const shareId = ctx.params.id ?? '';
  const nonce = readCloneIntent(instanceSecret(), shareId, ctx.cookies.get(CLONE_INTENT_COOKIE)?.value, nowSeconds());
  if (!ctx.locals.user || !nonce) return see(`/s/${encodeURIComponent(shareId)}`);
  ctx.cookies.delete(CLONE_INTENT_COOKIE, { path: '/' });
  if (!markCloneIntentUsed(nonce, nowSeconds())) return see(`/s/${encodeURIComponent(shareId)}`);
  return cloneToLibrary(ctx, shareId);
}
