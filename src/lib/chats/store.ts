// Chat library queries: every read and write is scoped to the owner, so another user's chat is simply absent.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { db, nowSeconds } from '../db';
import { HttpError, msg } from '../http';
import { withUsableCurrentId } from './tree';
import { shareStatus, type StatusFields } from '../shares/gate';
import type { ShareStatus } from '../shares/types';
import type { ChatJson, ChatRow } from './types';

interface DbChat {
  id: string; user_id: string; title: string; chat: string; models: string; meta: string;
  archived: number; pinned: number; folder_id: string | null; created_at: number; updated_at: number;
  share_id: string | null;
}

/** share_status: the chat's link as the gate sees it now (a revoked or used-up link is not "shared"); null without one. */
export interface ChatListItem {
  id: string; title: string; updated_at: number; created_at: number; models: string[]; share_id: string | null; share_status: ShareStatus | null;
  pinned: boolean; archived: boolean; tags: string[];
}

export interface NewChat {
  /** When chosen before the row (a clone's copied images are stored under it first). */
  id?: string;
  title: string;
  chat: ChatJson;
  models: string[];
  created_at?: number;
  updated_at?: number;
  archived?: boolean;
  pinned?: boolean;
  meta?: object;
  folder_id?: string | null;
  /** For imports: the chat's id in the exporting app, and the hash of the export item (fingerprint.ts). */
  source_id?: string | null;
  content_hash?: string | null;
  /** For Clone Chat: the share_id of the link the copy was made from. */
  cloned_from_share?: string | null;
  /** For imports: images the export names (an archive may carry them: imports/zip-images.ts); never stored as such. */
  images?: PendingImage[];
}

/** An image a message of an export names: its file id in the export, and the note its content carries meanwhile. */
export interface PendingImage { messageId: string; fileId: string; note: string }

/**
 * A share whose link works now, as the gate sees revocation (by hand, by an administrator, or by its clone limit): a chat
 * row's share_id is that link, and null once it is revoked, as Open WebUI's clients expect after unsharing.
 */
export const WORKING_LINK = `s.status = 'active' AND NOT (s.max_clones > 0 AND s.clones >= s.max_clones AND s.allow_view_after_clone_limit = 0)`;
/** A chat's meta.tags when it is an array (Open WebUI's tag ids), else null. */
export const TAGS = `CASE WHEN json_valid(c.meta) AND json_type(c.meta, '$.tags') = 'array' THEN json_extract(c.meta, '$.tags') END`;
const SELECT = `SELECT c.*, s.share_id AS share_id FROM chat c LEFT JOIN share s ON s.chat_id = c.id AND ${WORKING_LINK}`;
/** A chat's version: it moves with every edit (updated_at) and every branch switch (branch_at, migration 0018). */
const VERSION = 'MAX(updated_at, branch_at)';

function toRow(r: DbChat, parsed?: ChatJson): ChatRow {
  return {
    // Rows stored before currentId was repaired on import (or edited since) are repaired on every read.
    id: r.id, user_id: r.user_id, title: r.title, chat: parsed ?? withUsableCurrentId(JSON.parse(r.chat) as ChatJson),
    created_at: r.created_at, updated_at: r.updated_at, share_id: r.share_id,
    archived: !!r.archived, pinned: !!r.pinned, meta: JSON.parse(r.meta), folder_id: r.folder_id,
  };
}

/** A list row with its share's status fields (all null for a chat without a share). */
type ListRow = Omit<ChatListItem, 'models' | 'share_status' | 'pinned' | 'archived' | 'tags'> & { models: string; pinned: number; archived: number; tags: string | null } & NullableStatus;
type NullableStatus = { [K in keyof StatusFields]: StatusFields[K] | null };

/** The library's list: unarchived chats unless `archived` is asked for; `tag` keeps the chats carrying that tag id. */
export function listChats(userId: string, opts: { q?: string; limit?: number; offset?: number; archived?: boolean; tag?: string } = {}): ChatListItem[] {
  const limit = Math.min(Math.max(Math.trunc(opts.limit ?? 60), 1), 500) || 60;
  // SQLite wants an integer OFFSET: anything else (a float past 2^53, NaN) would fail the statement.
  const offset = Math.min(Math.max(Math.trunc(opts.offset ?? 0), 0), Number.MAX_SAFE_INTEGER) || 0;
  const q = opts.q?.trim();
  // The share's status fields come along so the gate's own rule (shareStatus) decides whether the link still works.
  const rows = db().prepare(
    `SELECT c.id, c.title, c.updated_at, c.created_at, c.models, c.pinned, c.archived, ${TAGS} AS tags, s.share_id,
       s.status, s.expires_at, s.max_views, s.views, s.max_clones, s.clones, s.allow_view_after_clone_limit
     FROM chat c LEFT JOIN share s ON s.chat_id = c.id
     WHERE c.user_id = ? AND c.archived = ? ${q ? "AND c.title LIKE ? ESCAPE '\\'" : ''}
       ${opts.tag !== undefined ? `AND EXISTS (SELECT 1 FROM json_each(${TAGS}) t WHERE t.value = ?)` : ''}
     ORDER BY c.updated_at DESC, c.id LIMIT ? OFFSET ?`,
  ).all(userId, opts.archived ? 1 : 0, ...(q ? [`%${q.replace(/[\\%_]/g, (m) => '\\' + m)}%`] : []), ...(opts.tag !== undefined ? [opts.tag] : []), limit, offset) as ListRow[];
  const now = nowSeconds();
  return rows.map(({ id, title, updated_at, created_at, models, share_id, pinned, archived, tags, ...s }) => ({
    id, title, updated_at, created_at, models: JSON.parse(models) as string[], share_id, pinned: !!pinned, archived: !!archived,
    tags: tags ? (JSON.parse(tags) as unknown[]).filter((x): x is string => typeof x === 'string') : [],
    share_status: share_id === null ? null : shareStatus({ ...(s as StatusFields), allow_view_after_clone_limit: !!s.allow_view_after_clone_limit }, now),
  }));
}

export function getChat(userId: string, id: string): ChatRow | null {
  const r = db().prepare(`${SELECT} WHERE c.id = ? AND c.user_id = ?`).get(id, userId) as DbChat | undefined;
  return r ? toRow(r) : null;
}

export function requireChat(userId: string, id: string): ChatRow {
  const chat = getChat(userId, id);
  if (!chat) throw new HttpError('CHAT_NOT_FOUND', msg('api.chatNotFound'));
  return chat;
}

/** A chat's title, without reading its JSON (a long chat's parse and branch tree cost ~100 ms); CHAT_NOT_FOUND when absent. */
export function requireChatTitle(userId: string, id: string): string {
  const r = db().prepare('SELECT title FROM chat WHERE id = ? AND user_id = ?').get(id, userId) as { title: string } | undefined;
  if (!r) throw new HttpError('CHAT_NOT_FOUND', msg('api.chatNotFound'));
  return r.title;
}

/** A chat's title and JSON as stored, without repairing its currentId: for an update that replaces the history anyway. */
export function requireChatAsStored(userId: string, id: string): { title: string; chat: ChatJson } {
  const r = db().prepare('SELECT title, chat FROM chat WHERE id = ? AND user_id = ?').get(id, userId) as { title: string; chat: string } | undefined;
  if (!r) throw new HttpError('CHAT_NOT_FOUND', msg('api.chatNotFound'));
  return { title: r.title, chat: JSON.parse(r.chat) as ChatJson };
}

/** The user's most recent copy of a share, made by Clone Chat and not deleted since; null when they have none. */
export function latestCloneOf(userId: string, shareId: string): { id: string; title: string } | null {
  return (db().prepare('SELECT id, title FROM chat WHERE user_id = ? AND cloned_from_share = ? ORDER BY created_at DESC, rowid DESC LIMIT 1')
    .get(userId, shareId) as { id: string; title: string } | undefined) ?? null;
}

const insertStmt = () => db().prepare(
  `INSERT INTO chat (id, user_id, title, chat, models, meta, archived, pinned, folder_id, created_at, updated_at, source_id, content_hash, cloned_from_share)
   VALUES (@id, @user_id, @title, @chat, @models, @meta, @archived, @pinned, @folder_id, @created_at, @updated_at, @source_id, @content_hash, @cloned_from_share)`,
);

/**
 * A chat to insert with its JSON columns already serialised (an import's thread does that off the request thread);
 * `id` when the import chose it already (its kept images are stored under it before the row).
 */
export interface SerializedChat extends Omit<NewChat, 'chat' | 'models' | 'meta' | 'images'> { chat: string; models: string; meta: string; id?: string }

function insertSerialized(userId: string, c: SerializedChat, stmt = insertStmt()): string {
  const now = nowSeconds();
  const id = c.id ?? randomUUID();
  stmt.run({
    id, user_id: userId, title: c.title.slice(0, 500) || 'New Chat', chat: c.chat, models: c.models, meta: c.meta,
    archived: c.archived ? 1 : 0, pinned: c.pinned ? 1 : 0, folder_id: c.folder_id ?? null, created_at: c.created_at ?? now,
    updated_at: c.updated_at ?? now, source_id: c.source_id ?? null, content_hash: c.content_hash ?? null,
    cloned_from_share: c.cloned_from_share ?? null,
  });
  return id;
}

function insertOne(userId: string, c: NewChat, stmt = insertStmt()): string {
  return insertSerialized(userId, { ...c, chat: JSON.stringify(c.chat), models: JSON.stringify(c.models), meta: JSON.stringify(c.meta ?? {}) }, stmt);
}

export function createChat(userId: string, c: NewChat): ChatRow {
  return writtenRow(userId, insertOne(userId, c), c.chat);
}

/**
 * A new chat serialized already (on a pool thread: chats/create-job.ts, shares/serve/clone-job.ts); the row as written, without
 * its chat. `id` when the caller chose it already (a clone's image copies are stored under it before the row).
 */
export function createChatFrom(userId: string, c: { title: string; json: string; models: string[]; id?: string; cloned_from_share?: string }): Omit<ChatRow, 'chat'> {
  const id = insertSerialized(userId, { id: c.id, title: c.title, chat: c.json, models: JSON.stringify(c.models), meta: '{}', cloned_from_share: c.cloned_from_share });
  const { chat: _, ...row } = writtenRow(userId, id, null);
  return row;
}

/**
 * A row just written, with the chat JSON the caller wrote: parsing it back (and building its branch tree again) cost a
 * 20,000-message chat ~100 ms more on the request thread.
 */
/** A chat's title, version and stored JSON as bytes, not parsed: an update parses them on a pool thread (update-job.ts). */
export function chatBytesForUpdate(userId: string, id: string): { title: string; version: number; bytes: Buffer } {
  const r = db().prepare(`SELECT title, ${VERSION} AS version, CAST(chat AS BLOB) AS bytes FROM chat WHERE id = ? AND user_id = ?`).get(id, userId) as
    { title: string; version: number; bytes: Buffer } | undefined;
  if (!r) throw new HttpError('CHAT_NOT_FOUND', msg('api.chatNotFound'));
  return r;
}

/**
 * Stores an update made from the version read (`readAt`), serialized already; null when the chat moved on (or went)
 * meanwhile, and nothing was written. The version always moves on, so live pages see every write.
 */
export function updateChatFrom(userId: string, id: string, readAt: number, patch: { title: string; json: string; models: string[] }): Omit<ChatRow, 'chat'> | null {
  const { changes } = db().prepare(`UPDATE chat SET title = ?, chat = ?, models = ?, updated_at = MAX(?, ${VERSION} + 1) WHERE id = ? AND user_id = ? AND ${VERSION} = ?`)
    .run(patch.title.slice(0, 500), patch.json, JSON.stringify(patch.models), nowSeconds(), id, userId, readAt);
  if (!changes) return null;
  const { chat: _, ...row } = writtenRow(userId, id, null);
  return row;
}

function writtenRow(userId: string, id: string, chat: ChatJson): ChatRow;
function writtenRow(userId: string, id: string, chat: null): Omit<ChatRow, 'chat'> & { chat: null };
function writtenRow(userId: string, id: string, chat: ChatJson | null): ChatRow | (Omit<ChatRow, 'chat'> & { chat: null }) {
  const r = db().prepare(`SELECT c.id, c.user_id, c.title, c.models, c.meta, c.archived, c.pinned, c.folder_id, c.created_at,
    c.updated_at, s.share_id AS share_id FROM chat c LEFT JOIN share s ON s.chat_id = c.id AND ${WORKING_LINK} WHERE c.id = ? AND c.user_id = ?`).get(id, userId) as Omit<DbChat, 'chat'> | undefined;
  if (!r) throw new HttpError('CHAT_NOT_FOUND', msg('api.chatNotFound'));
  if (chat === null) return { ...toRow({ ...r, chat: '' }, {} as ChatJson), chat: null };
  return toRow({ ...r, chat: '' }, withUsableCurrentId(chat));
}

/**
 * Stores an import in one write transaction (it lands whole or not at all). `existing` is asked about each chat first,
 * inside the transaction, so a repeat later in the same file and a concurrent import of the same file both see the rows.
 */
export function insertImport<T extends NewChat>(userId: string, chats: T[], existing: (c: T) => string | null): Array<{ id: string; skipped: boolean }> {
  const stmt = insertStmt();
  return db().transaction(() => chats.map((c) => {
    const found = existing(c);
    return found ? { id: found, skipped: true } : { id: insertOne(userId, c, stmt), skipped: false };
  })).immediate();
}

/**
 * Stores one batch of a big import. The caller holds the write transaction (db.ts writeTransaction): a batch lands
 * whole or not at all and is short, so other writers (the other worker's view counts) wait milliseconds, not seconds.
 */
export function insertImportBatch<T extends SerializedChat>(userId: string, chats: T[], existing: (c: T) => string | null): Array<{ id: string; skipped: boolean }> {
  const stmt = insertStmt();
  return chats.map((c) => {
    const found = existing(c);
    return found ? { id: found, skipped: true } : { id: insertSerialized(userId, c, stmt), skipped: false };
  });
}

let importedStmt: Database.Statement<[string, string, string | null], string> | null = null;
/** The first chat an earlier import made from the same export item: same source id (or none), same item hash. */
export function findImported(userId: string, sourceId: string | null, contentHash: string): string | null {
  importedStmt ??= db().prepare<[string, string, string | null], string>('SELECT id FROM chat WHERE user_id = ? AND content_hash = ? AND source_id IS ? ORDER BY rowid LIMIT 1').pluck();
  return importedStmt.get(userId, contentHash, sourceId) ?? null;
}

export function updateChat(userId: string, id: string, patch: { title: string; chat: ChatJson; models: string[] }): ChatRow {
  const { changes } = db().prepare('UPDATE chat SET title = ?, chat = ?, models = ?, updated_at = ? WHERE id = ? AND user_id = ?')
    .run(patch.title.slice(0, 500), JSON.stringify(patch.chat), JSON.stringify(patch.models), nowSeconds(), id, userId);
  if (!changes) throw new HttpError('CHAT_NOT_FOUND', msg('api.chatNotFound'));
  return writtenRow(userId, id, patch.chat);
}

/**
 * Saves a chat's JSON after the owner picked another branch. Reading is not editing: updated_at stays; branch_at moves
 * the version on by at least a second even for two switches within one, so live shares and their open pages follow.
 */
export function saveBranchJson(userId: string, id: string, chat: ChatJson): void {
  const { changes } = db().prepare(`UPDATE chat SET chat = ?, branch_at = MAX(?, ${VERSION} + 1) WHERE id = ? AND user_id = ?`)
    .run(JSON.stringify(chat), nowSeconds(), id, userId);
  if (!changes) throw new HttpError('CHAT_NOT_FOUND', msg('api.chatNotFound'));
}

/**
 * Moves a chat's version on without touching its JSON: a live share's part changed (issue 17.4), so every process's
 * live document of the old part (kept by version) is replaced and open pages reload the new one.
 */
export function moveChatVersion(id: string, now: number): void {
  db().prepare(`UPDATE chat SET branch_at = MAX(?, ${VERSION} + 1) WHERE id = ?`).run(now, id);
}

export function deleteChatRow(userId: string, id: string): boolean {
  return db().prepare('DELETE FROM chat WHERE id = ? AND user_id = ?').run(id, userId).changes > 0;
}

let versionStmt: ReturnType<ReturnType<typeof db>['prepare']> | null = null;
/** A chat's version, without reading its JSON: what the live share path checks on every view and poll. */
export function chatVersion(id: string): number | null {
  // INDEXED BY (SQLite's planner would take the primary key's index and then the row, reading past the whole JSON).
  versionStmt ??= db().prepare(`SELECT ${VERSION} FROM chat INDEXED BY chat_version WHERE id = ?`).pluck();
  return (versionStmt.get(id) as number | undefined) ?? null;
}

let bytesStmt: ReturnType<ReturnType<typeof db>['prepare']> | null = null;
/**
 * A chat's row with its JSON as raw bytes, not parsed: a live share hands them to a pool thread (a long chat's parse
 * takes seconds), so the request thread only copies them.
 */
export function chatBytesForShare(id: string): { user_id: string; title: string; created_at: number; updated_at: number; version: number; bytes: Buffer } | null {
  bytesStmt ??= db().prepare(`SELECT user_id, title, created_at, updated_at, ${VERSION} AS version, CAST(chat AS BLOB) AS bytes FROM chat WHERE id = ?`);
  return (bytesStmt.get(id) as { user_id: string; title: string; created_at: number; updated_at: number; version: number; bytes: Buffer } | undefined) ?? null;
}

export function countChats(userId: string): number {
  return db().prepare('SELECT COUNT(*) FROM chat WHERE user_id = ?').pluck().get(userId) as number;
}
