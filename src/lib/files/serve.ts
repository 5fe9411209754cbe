// Serving a kept image: to its owner (and admins) at /api/v1/files/{id}/content, and to a share's readers at
// /s/{share_id}/files/{id} for the files of that share's chat (of its part, when it has one). Anyone else gets the same
// 404 as for an id that does not exist. The bytes go out as the type they were sniffed as, never sniffed again by the
// browser, under a CSP that lets nothing in them run.
import { errorResponse, HttpError, msg } from '../http';
import { objectStore } from '../storage/objects';
import { chatBytesForShare, chatVersion } from '../chats/store';
import { isWhole, partOf, type SharePart } from '../shares/manage/part';
import { readFileArtifact } from '../shares/documents/artifacts';
import { fileIdsOf } from '../render/pool';
import type { StoredShare } from '../shares/store';
import type { Locale } from '../i18n/index';
import { fileKey } from './objects';
import { getChatFile, type ChatFileRow } from './store';

const ID = /^[A-Za-z0-9_-]{16,64}$/;

export const fileNotFound = (locale: Locale): Response => errorResponse(new HttpError('NOT_FOUND', msg('api.fileNotFound')), locale);

/** The row of a file id as typed in a URL (a malformed id is simply not found). */
export const fileOf = (id: string | undefined): ChatFileRow | null => (id && ID.test(id) ? getChatFile(id) : null);

/** The image, or the not-found answer when its object is gone. `cache`: the Cache-Control the caller chose. */
export async function fileResponse(row: ChatFileRow, request: Request, cache: string, locale: Locale): Promise<Response> {
  const etag = `"${row.sha256.slice(0, 32)}"`;
  const headers: Record<string, string> = {
    'content-type': row.mime, 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'none'; sandbox",
    'cache-control': cache, etag, 'cross-origin-resource-policy': 'same-origin', 'referrer-policy': 'no-referrer',
    'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(row.name)}`,
  };
  if ((request.headers.get('if-none-match') ?? '').split(',').some((t) => t.trim() === etag)) return new Response(null, { status: 304, headers });
  const bytes = await (await objectStore()).get(fileKey(row.chat_id, row.id));
  if (!bytes) return fileNotFound(locale);
  headers['content-length'] = String(bytes.length);
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength), { headers });
}

// The file ids a share of a part shows, by revision (a snapshot) or chat version (a live share) and part, as promises so
// a page's many images wait for one lookup. The chat is never parsed here: a 120,000-message chat's parse held the
// request thread a second. A snapshot's are in its {rev}.files.json (made at publish on the pool thread that cut the
// chat); a live share's, or a revision published before those files existed, come from a pool thread.
const partFiles = new Map<string, Promise<Set<string>>>();
const MAX_PART_FILES = 256;

async function lookUp(s: StoredShare, part: SharePart): Promise<Set<string>> {
  if (s.kind === 'snapshot') {
    if (!s.snapshot_rev) return new Set();
    const listed = await readFileArtifact(s.chat_id, s.snapshot_rev, 'files.json');
    if (listed) {
      try {
        const ids = JSON.parse(listed.toString('utf8')) as unknown;
        if (Array.isArray(ids)) return new Set(ids.filter((x): x is string => typeof x === 'string'));
      } catch { /* unreadable: read the revision's chat instead */ }
    }
    // The revision's chat is cut to its part already; its bytes stay in the artifact cache, so they are copied, not moved.
    const rev = await readFileArtifact(s.chat_id, s.snapshot_rev, 'json');
    return new Set(rev ? await fileIdsOf(rev, { wrapped: true }, s.user_id, false) : []);
  }
  const chat = chatBytesForShare(s.chat_id);
  return new Set(chat ? await fileIdsOf(chat.bytes, { part }, s.user_id, true) : []);
}

/**
 * Whether a share shows this file: it belongs to the share's chat and, for a share of a part, a message of the part
 * names it (with all branches, any message of the part's tree). A whole chat's share may show any of its files (a
 * snapshot shows the branch it was published with).
 */
export async function shareShowsFile(s: StoredShare, row: ChatFileRow): Promise<boolean> {
  if (row.chat_id !== s.chat_id) return false;
  const part = partOf(s);
  if (isWhole(part)) return true;
  const at = s.kind === 'snapshot' ? `rev ${s.snapshot_rev}` : `version ${chatVersion(s.chat_id)}`;
  const key = [s.chat_id, at, part.first, part.last, part.allBranches ? 1 : 0].join('\u0001');
  let ids = partFiles.get(key);
  if (!ids) {
    ids = lookUp(s, part);
    if (partFiles.size >= MAX_PART_FILES) partFiles.delete(partFiles.keys().next().value!);
    partFiles.set(key, ids);
    ids.catch(() => { if (partFiles.get(key) === ids) partFiles.delete(key); }); // a failure (BUSY) is not kept
  }
  return (await ids).has(row.id);
}
