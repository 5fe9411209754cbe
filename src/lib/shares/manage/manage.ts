// Owner operations on shares: create or update (with snapshot publishing), revoke, restore, and the API's JSON shape.
import { config } from '../../config';
import { nowSeconds, writeTransaction } from '../../db';
import { HttpError, json, msg } from '../../http';
import { hashPassword, verifyPassword } from '../../auth/password';
import { chatBytesForShare, moveChatVersion, requireChatTitle } from '../../chats/store';
import { isWhole, partKind, partOf, samePart, type SharePart } from './part';
import { redactedChatBytes } from '../scan/redact';
import { partProblemOf } from '../../render/pool';
import { accountOf, can, permissionRefusal, requirePermission } from '../../auth/permissions';
import { generateShareId, parseShareOptions, resolveShareSettings } from './options';
import { indexingProblem } from './share-rules';
import { isIndexable } from '../preview/indexing';
import { shareIndexingAllowed } from '../../settings/instance';
import { shareStatus } from '../gate';
import { liveDocumentFor, publishSnapshot } from '../documents/documents';
import { pruneArtifacts, removeArtifacts, removeRevision } from '../documents/artifacts';
import { purgeShares } from '../serve/cdn';
import {
  allSharesOf, bulkShareRows, chatIdOfShareId, clearSomeRevoked, countSharesByStatus, getShareByChatId, insertShare, listShares, moderatedIdOwner,
  publishSnapshotRev, resetShareStats, resetSomeShares, restoreShareRow, retiredIdOwner, reviveShareRow, revokeShareRow, revokeSomeShares, shareMatches,
  updateShareSettings, type ShareSettings, type StoredShare,
} from '../store';
import { parseShareFilters, parseShareListQuery } from './listing';
import { audienceFromGrants, audienceOf, checkGrants, writeGrants } from '../audience/audience';
import { parseInput } from '../../auth/users';
import { z } from 'zod';
import type { SessionUser } from '../../auth/lucia';
import { warmSnapshotViews } from '../serve/pages';

export const getShareByChat = getShareByChatId;

const INDEXING_REFUSAL = { not_public: 'api.indexingNeedsPublic', password: 'api.indexingNoPassword', limits: 'api.indexingNoLimits' } as const;

export function shareUrl(shareId: string, requestUrl: URL): string {
  return `${config.publicOrigin ?? requestUrl.origin}/s/${shareId}`;
}

/** The API's share JSON: never the password hash. */
export function shareJson(s: StoredShare, requestUrl: URL, title?: string) {
  return {
    share_id: s.share_id, url: shareUrl(s.share_id, requestUrl), chat_id: s.chat_id, title: title ?? s.snapshot_title ?? null,
    type: s.kind, status: shareStatus(s, nowSeconds()), revoked_reason: s.revoked_reason, is_public: s.is_public,
    audience: audienceOf(s), // issue 17.1: anyone | signed_in | people (GET /chats/shared/{id}/access lists the people)
    has_password: !!s.password_hash, display_username: s.display_username, allow_cloning: s.allow_cloning,
    expires_at: s.expires_at, max_views: s.max_views, max_clones: s.max_clones,
    allow_view_after_clone_limit: s.allow_view_after_clone_limit, views: s.views, clones: s.clones,
    show_qr_code: s.show_qr, gradient_qr_code: s.gradient_qr, created_at: s.created_at, updated_at: s.updated_at,
    allow_download: s.allow_download, allow_indexing: s.allow_indexing,
    // The part it publishes (issue 17.4): message ids, null for the start / the end; `part` names the shape.
    part: partKind(partOf(s)), first_message_id: s.part_first ?? null, last_message_id: s.part_last ?? null,
    all_branches: s.all_branches, // viewers may switch between the regenerations inside the part (`?b=`)
    indexed: isIndexable(s), // what search engines are told now: the wish, the link's state and the admin's setting together
    moderated: !!s.moderated_by, // revoked by an administrator: only an administrator can restore it
    moderation_reason: s.moderated_by ? s.moderation_reason ?? null : null, // why, in the administrator's words (issue 17.6)
  };
}

export function requireShare(userId: string, chatId: string): StoredShare {
  requireChatTitle(userId, chatId); // another user's chat is a 404, never a 403 that confirms it exists
  const share = getShareByChatId(chatId);
  if (!share) throw new HttpError('SHARE_LINK_NOT_FOUND', msg('api.noShareLink'));
  return share;
}

/**
 * The share as POST and GET /chats/{id}/share answer it: shareJson plus `id`, the share id, which Open WebUI's clients
 * read to make the link (`/s/${id}`). (In GET /chats/shared, `id` is the chat's id, as Open WebUI lists it.)
 */
const shareAnswer = (s: StoredShare, requestUrl: URL, title?: string) => ({ id: s.share_id, ...shareJson(s, requestUrl, title) });

/** GET /chats/{id}/share: the owner's view of the share, with its live status and counts. */
export function ownShare(userId: string, chatId: string, requestUrl: URL) {
  return shareAnswer(requireShare(userId, chatId), requestUrl);
}

/** POST /chats/{id}/share: creates the share or updates it; renders a snapshot when one is needed. */
/** `origin`: the site's origin as share pages will see it, to compress the new snapshot's page for its first viewers. */
export async function upsertShare(user: SessionUser, chatId: string, body: unknown, requestUrl: URL, origin?: string) {
  requirePermission(user, 'chat.share');
  // The title only: a live link or a settings change never reads the chat's JSON (~100 ms for 20,000 messages).
  const title = requireChatTitle(user.id, chatId);
  const input = parseShareOptions(body);
  const mayPublic = can(user, 'sharing.public_chat');
  if ((input.is_public === true || input.audience === 'anyone') && !mayPublic) throw permissionRefusal('sharing.public_chat');
  if (input.access_grants !== undefined && input.audience !== undefined && input.audience !== 'people' && input.access_grants.length) {
    throw new HttpError('VALIDATION_ERROR', msg('api.grantsNeedPeople'));
  }
  // Grants sent are the link's new list (checked now, written with the settings); they make the link people-only unless
  // an audience says otherwise (then they must be empty, above).
  const grants = input.access_grants === undefined ? null : checkGrants(user, audienceFromGrants(input.access_grants).grants);
  if (grants && input.audience === undefined && grants.length) input.audience = 'people';
  const stored = getShareByChatId(chatId);
  const now = nowSeconds();
  // Sharing a chat whose link was revoked makes a new link (Open WebUI's "delete this link and create a new one"): a new id
  // unless a custom one is given, counts from 0, the old settings kept (an expiry already past dropped). The old id stays
  // dead; Restore is the way back to it. A link an administrator revoked is not renewed by its owner.
  const revived = stored && !stored.moderated_by && shareStatus(stored, now) === 'revoked' ? stored : null;
  const existing = revived
    ? { ...revived, views: 0, clones: 0, status: 'active' as const, revoked_reason: null, expires_at: revived.expires_at !== null && revived.expires_at <= now ? null : revived.expires_at }
    : stored;
  const resolved = resolveShareSettings(input, existing, now);
  if (!mayPublic) resolved.is_public = false; // a new link without the permission needs sign-in

  // Password checks and hashing are async: done before any write.
  if (resolved.requiresCurrentPassword) {
    if (!input.current_password || !existing?.password_hash || !(await verifyPassword(existing.password_hash, input.current_password))) {
      throw new HttpError('INVALID_PASSWORD', msg('api.currentPasswordRequired'));
    }
  }
  const passwordHash = resolved.passwordChange.kind === 'set' ? await hashPassword(resolved.passwordChange.password)
    : resolved.passwordChange.kind === 'remove' ? null : existing?.password_hash ?? null;

  // Search engines: asked only for a link open to anyone, without password or limits, where the admin allows it; a change
  // that closes the link (password, limits, sign-in only) drops the wish in the same write.
  const closed = indexingProblem({ is_public: resolved.is_public, has_password: !!passwordHash, expires_at: resolved.expires_at,
    max_views: resolved.max_views, max_clones: resolved.max_clones });
  if (input.allow_indexing === true && !(existing?.allow_indexing) && !shareIndexingAllowed()) throw new HttpError('INDEXING_NOT_ALLOWED', msg('api.indexingNotAllowed'));
  if (input.allow_indexing === true && closed) throw new HttpError('VALIDATION_ERROR', msg(INDEXING_REFUSAL[closed]));
  if (closed) resolved.allow_indexing = false;

  const shareId = resolved.share_id ?? (revived ? generateShareId() : existing?.share_id) ?? generateShareId();
  checkShareIdFree(user.id, chatId, shareId, existing);

  // The part (issue 17.4): checked against the chat when the request names one; a new part re-renders a snapshot.
  const part: SharePart = { first: resolved.part_first, last: resolved.part_last, allBranches: resolved.all_branches };
  const partNamed = input.first_message_id !== undefined || input.last_message_id !== undefined || input.all_branches !== undefined;
  const partChanged = partNamed && !samePart(part, existing ? partOf(existing) : { first: null, last: null, allBranches: false });
  // Viewers switch branches on a snapshot's pages (each branch rendered once, kept); a live link shows one path.
  if (part.allBranches && resolved.kind === 'live') throw new HttpError('VALIDATION_ERROR', msg('api.allBranchesSnapshotOnly'));
  if (partNamed && !isWhole(part)) await checkPartOf(user.id, chatId, part);

  // A new link shows the chat as it is now, like a first share.
  const needsSnapshot = resolved.kind === 'snapshot' && (!existing || !!revived || existing.kind !== 'snapshot' || !existing.snapshot_rev
    || input.refresh_snapshot === true || partChanged);
  const published = needsSnapshot ? await publishPart(user.id, chatId, part) : null;

  // Only what this request decided is written: a new link gets every setting; an existing one the settings the body
  // named (plus the id and kind it resolved), so a view, clone, revoke or restore made while the snapshot rendered stands.
  const settings: ShareSettings = {
    share_id: shareId, kind: resolved.kind, is_public: resolved.is_public, password_hash: passwordHash,
    display_username: resolved.display_username, allow_cloning: resolved.allow_cloning, expires_at: resolved.expires_at,
    max_views: resolved.max_views, max_clones: resolved.max_clones, allow_view_after_clone_limit: resolved.allow_view_after_clone_limit,
    show_qr: resolved.show_qr, gradient_qr: resolved.gradient_qr, allow_download: resolved.allow_download, allow_indexing: resolved.allow_indexing,
    part_first: part.first, part_last: part.last, all_branches: !!part.allBranches,
    restricted: resolved.restricted,
  };
  const named = (field: keyof typeof input) => input[field] !== undefined;
  const decided: Partial<ShareSettings> = {};
  if (resolved.share_id) decided.share_id = shareId;
  if (named('is_live')) decided.kind = resolved.kind;
  if (named('is_public') || named('audience') || !mayPublic) decided.is_public = resolved.is_public;
  if (named('is_public') || named('audience')) decided.restricted = resolved.restricted;
  if (resolved.passwordChange.kind !== 'keep') decided.password_hash = passwordHash;
  if (named('display_username')) decided.display_username = resolved.display_username;
  if (named('allow_cloning')) decided.allow_cloning = resolved.allow_cloning;
  if (named('expires_at') || named('expires_in')) decided.expires_at = resolved.expires_at;
  if (named('max_views')) decided.max_views = resolved.max_views;
  if (named('max_clones')) decided.max_clones = resolved.max_clones;
  if (named('allow_view_after_clone_limit')) decided.allow_view_after_clone_limit = resolved.allow_view_after_clone_limit;
  if (named('show_qr_code')) decided.show_qr = resolved.show_qr;
  if (named('gradient_qr_code')) decided.gradient_qr = resolved.gradient_qr;
  if (named('allow_download')) decided.allow_download = resolved.allow_download;
  if (named('allow_indexing') || (existing?.allow_indexing && !resolved.allow_indexing)) decided.allow_indexing = resolved.allow_indexing;
  // A snapshot's part is written with its revision, in the statement that keeps the newest one: two saves racing with
  // different parts never leave the row naming one part and pointing at the other's snapshot.
  if (partChanged && !published) { decided.part_first = part.first; decided.part_last = part.last; decided.all_branches = !!part.allBranches; }
  // A live document is kept by chat version: a live link whose part changed, or that starts being live, moves the version
  // on in the same write, so no process serves a document of another part (a snapshot's "changed since" hint is spared).
  const moveVersion = resolved.kind === 'live' && (partChanged || existing?.kind !== 'live');
  const card = published ? { rev: published.rev, title: published.title, summary: published.summary } : null;

  // The custom id is re-checked inside the write: the UNIQUE index turns a lost race into a 409, not a 500. The public
  // permission is read again in the same write, so an admin taking it away while the snapshot rendered still wins.
  let row: StoredShare | null;
  try {
    row = await writeTransaction(() => {
      checkShareIdFree(user.id, chatId, shareId, getShareByChatId(chatId));
      if (!can(user, 'sharing.public_chat')) { settings.is_public = false; decided.is_public = false; settings.allow_indexing = false; decided.allow_indexing = false; }
      const now2 = nowSeconds();
      if (moveVersion) moveChatVersion(chatId, now2);
      let written = existing ? null : insertShare(chatId, user.id, settings, card ?? { rev: 0, title, summary: null }, now2);
      if (revived) written = reviveShareRow(chatId, user.id, revived.share_id, settings, card, now2);
      if (!written) {
        written = updateShareSettings(chatId, existing ? decided : settings, now2);
        if (written && card) written = publishSnapshotRev(chatId, card, now2, partChanged ? { ...part, allBranches: !!part.allBranches } : undefined) ?? written;
      }
      if (written && grants) writeGrants(user, chatId, grants, now2);
      return written;
    });
  } catch (err) {
    if (published) await removeRevision(chatId, published.rev);
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new HttpError('SHARE_ID_TAKEN', msg('api.shareIdTaken'));
    throw err;
  }
  // The link was cleared (or its chat deleted) while this rendered: nothing to update, and the new files are dropped.
  if (!row) {
    if (published) await removeRevision(chatId, published.rev);
    throw new HttpError('SHARE_LINK_NOT_FOUND', msg('api.noShareLink'));
  }
  purgeShares([chatId]); // a CDN's copy of the old settings or snapshot goes (cdn.ts)
  if (published) {
    await pruneArtifacts(chatId, row.snapshot_rev); // older revisions only: a newer one being written by another refresh stays
    if (origin && row.snapshot_rev === published.rev) void warmSnapshotViews(row, origin).catch((err) => console.warn('chatshare: could not pre-compress a snapshot page', err));
  }
  // A live link's page renders now (on the pool), so its first viewer does not wait for a long chat's outline.
  if (row.kind === 'live') void liveDocumentFor(chatId);
  return shareAnswer(row, requestUrl, published?.title ?? title);
}

/**
 * Publishes the part: the chat's stored bytes, redacted where the owner chose (scan/redact.ts), are cut to the part on
 * the pool thread that parses them (a whole chat loses its other regenerations there too); with all branches, each
 * message with alternatives gets its switcher.
 */
function publishPart(userId: string, chatId: string, part: SharePart) {
  const row = redactedChatBytes(chatId);
  if (!row || row.user_id !== userId) throw new HttpError('CHAT_NOT_FOUND', msg('api.chatNotFound'));
  return publishSnapshot({ id: chatId, ...row }, part);
}

/** Refuses a part the owner's chat does not have (read only when a request names one; parsed on a pool thread). */
async function checkPartOf(userId: string, chatId: string, part: SharePart): Promise<void> {
  const row = chatBytesForShare(chatId);
  if (!row || row.user_id !== userId) throw new HttpError('CHAT_NOT_FOUND', msg('api.chatNotFound'));
  const problem = await partProblemOf(row.bytes, part, userId);
  if (problem) throw new HttpError('VALIDATION_ERROR', msg(problem));
}

/**
 * An id is free for this chat unless another chat's link has it, or an administrator's moderation reserves it (the
 * reservation outlives the row, so deleting the chat and sharing a copy under the id does not lift it). A moderated link
 * keeps its id: moving it would free the moderated one.
 */
function checkShareIdFree(userId: string, chatId: string, shareId: string, current: StoredShare | null): void {
  if (current?.moderated_by && current.share_id !== shareId) throw moderatedRefusal();
  const holder = chatIdOfShareId(shareId);
  if (holder && holder !== chatId) throw new HttpError('SHARE_ID_TAKEN', msg('api.shareIdTaken'));
  if (holder === chatId) return;
  const reservedFor = moderatedIdOwner(shareId);
  if (reservedFor === userId) throw moderatedRefusal();
  if (reservedFor) throw new HttpError('SHARE_ID_TAKEN', msg('api.shareIdTaken'));
  const retiredBy = retiredIdOwner(shareId);
  if (retiredBy && retiredBy !== userId) throw new HttpError('SHARE_ID_TAKEN', msg('api.shareIdTaken'));
}

/** The share after an owner's action that changed nothing (a moderated link), or a 404 when there is none. */
function currentOr404(userId: string, chatId: string): StoredShare {
  return requireShare(userId, chatId);
}

/**
 * DELETE /chats/{id}/share, as Open WebUI answers it: true when the chat had a working link and it is revoked now, false
 * when it had none (no share, or one revoked already, by its owner, an administrator or its clone limit). The chat's
 * share_id is null afterwards; the share stays listed as revoked, for Restore. Another user's chat is a 404.
 */
export function revokeShare(userId: string, chatId: string): boolean {
  requireChatTitle(userId, chatId);
  const now = nowSeconds();
  const current = getShareByChatId(chatId);
  if (!current || current.moderated_by || shareStatus(current, now) === 'revoked') return false;
  const row = revokeShareRow(userId, chatId, now);
  if (row) purgeShares([chatId]);
  return !!row;
}

const moderatedRefusal = () => new HttpError('SHARE_MODERATED', msg('api.shareModerated'));

/** Restoring turns a link back on: it needs the share permission, and an administrator's revocation stands. */
export function restoreShare(userId: string, chatId: string, requestUrl: URL) {
  requirePermission(accountOf(userId), 'chat.share');
  requireChatTitle(userId, chatId); // the chat's JSON is not needed: a 120,000-message chat's parse held the thread
  const row = restoreShareRow(userId, chatId, nowSeconds());
  if (row) {
    purgeShares([chatId]);
    return shareJson(row, requestUrl);
  }
  currentOr404(userId, chatId);
  throw moderatedRefusal(); // the row exists: the guard refused it because an administrator revoked it
}

/** POST /chats/{id}/reset_stats: views and clones back to 0. */
export function resetStats(userId: string, chatId: string, requestUrl: URL) {
  requireShare(userId, chatId);
  return shareJson(resetShareStats(chatId, nowSeconds()) ?? currentOr404(userId, chatId), requestUrl);
}

// ---- the dashboard's list and bulk actions ----

/**
 * GET /chats/shared: one page of the caller's shares as Open WebUI lists them, a JSON array of
 * `{id (the chat's), chat_id, title, share_id, updated_at, created_at}`, each with the rest of our share JSON. Paging and
 * filters in the query (`page`, 60 a page unless `page_size` says otherwise), totals in headers: X-Total-Count (matches),
 * X-Grand-Total (all the caller's shares), X-Page, X-Page-Size.
 */
export function listOwnShares(userId: string, params: URLSearchParams, requestUrl: URL): Response {
  const asked = new URLSearchParams(params);
  if (!asked.get('page_size')?.trim()) asked.set('page_size', '60');
  const { items, total, grand_total, page, page_size } = ownSharesPage(userId, asked, requestUrl);
  const list = items.map((s) => ({ id: s.chat_id, ...s }));
  return json(list, 200, { 'x-total-count': String(total), 'x-grand-total': String(grand_total), 'x-page': String(page), 'x-page-size': String(page_size) });
}

/** The Shared Chats page's data: one page of the caller's shares (each as shareJson) with its totals. */
export function ownSharesPage(userId: string, params: URLSearchParams, requestUrl: URL) {
  const q = parseShareListQuery(params);
  const { items, total, grand_total } = listShares(userId, q, nowSeconds());
  return { items: items.map((s) => shareJson(s, requestUrl, s.chat_title)), total, grand_total, page: q.page, page_size: q.page_size };
}

/** GET /chats/shared/meta: every match across pages, for select-all and the danger zone's counts. */
export function ownShareMatches(userId: string, params: URLSearchParams) {
  const now = nowSeconds();
  const items = shareMatches(userId, parseShareFilters(params), now);
  const counts = { active: 0, expired: 0, revoked: 0 };
  for (const i of items) counts[i.status]++;
  return { items, total: items.length, grand_total: allSharesOf(userId).length, counts };
}

/** Counts by status under every filter but status: the dashboard's status tabs and its danger zone. */
export function ownShareCounts(userId: string, params: URLSearchParams) {
  const counts = countSharesByStatus(userId, parseShareFilters(params), nowSeconds());
  return { counts, total: counts.active + counts.expired + counts.revoked };
}

const bulkBody = z.object({
  action: z.enum(['revoke', 'restore', 'reset_stats'], { message: 'must be revoke, restore or reset_stats' }),
  chat_ids: z.array(z.string().max(200)).max(10_000, 'at most 10,000 ids at once'),
});

// Long writes go in short transactions: with two workers, one holding the write lock for thousands of rows made the
// other's view counting wait past its busy timeout (500s). Each chunk is one set-based statement; between chunks the
// event loop (and the other process) gets a turn.
const CHUNK = 250;
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));
// Each chunk waits out the other worker's write lock asynchronously (writeTransaction), never a 503 for a lock held a moment.
const write = writeTransaction;

/**
 * POST /chats/shared/bulk: ids the caller does not own (or without a share) are skipped, and so are links an
 * administrator revoked, for revoke and restore. Applied in chunks (each its own transaction).
 */
export async function bulkShareAction(userId: string, body: unknown) {
  const { action, chat_ids } = parseInput(bulkBody, body);
  if (action === 'restore') requirePermission(accountOf(userId), 'chat.share');
  const ids = [...new Set(chat_ids)];
  const done = new Set<string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    if (i) await breathe();
    const now = nowSeconds();
    const changed = await write(() => bulkShareRows(userId, action, ids.slice(i, i + CHUNK), now));
    for (const id of changed) done.add(id);
    if (action !== 'reset_stats') purgeShares(changed);
  }
  return { done: ids.filter((id) => done.has(id)), skipped: ids.filter((id) => !done.has(id)) };
}

/** DELETE /chats/shared/all: revokes every link of the caller that is not revoked yet. */
export async function revokeAllShares(userId: string) {
  // The links to purge from a CDN: read before, purged after (a link revoked already costs a key in the purge).
  const before = allSharesOf(userId);
  let total = 0;
  for (let n = CHUNK; n === CHUNK; total += n) {
    if (total) await breathe();
    const now = nowSeconds();
    n = await write(() => revokeSomeShares(userId, CHUNK, now));
  }
  if (total) purgeShares(before.map((s) => s.chat_id));
  return { revoked: total };
}

/** POST /chats/shared/all/reset_stats. */
export async function resetAllStats(userId: string) {
  let total = 0;
  for (let after = ''; ;) {
    if (total) await breathe();
    const now = nowSeconds();
    const ids = await write(() => resetSomeShares(userId, after, CHUNK, now));
    total += ids.length;
    if (ids.length < CHUNK) return { reset: total };
    after = ids.reduce((a, b) => (a > b ? a : b));
  }
}

/**
 * DELETE /chats/shared/revoked: revoked links are removed, then their files once the rows' deletion committed; the chats
 * stay and can be shared again. A link an administrator revoked stays (see clearSomeRevoked).
 */
export async function clearRevokedShares(userId: string) {
  let total = 0;
  for (;;) {
    if (total) await breathe();
    const now = nowSeconds();
    const ids = await write(() => clearSomeRevoked(userId, CHUNK, now));
    purgeShares(ids);
    await Promise.all(ids.map(removeArtifacts)); // after the commit: a row never points at a removed file
    total += ids.length;
    if (ids.length < CHUNK) return { cleared: total };
  }
}
