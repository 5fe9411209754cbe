// Serving a kept image: to its owner (and admins) at /api/v1/files/{id}/content, and to a share's readers at
// /s/{share_id}/files/{id} for the files of that share's chat (of its part, when it has one). Anyone else gets the same
// 404 as for an id that does not exist. The bytes go out as the type they were sniffed as, never sniffed again by the
// browser, under a CSP that lets nothing in them run.
import { errorResponse, HttpError, msg } from '../http';
import { objectStore } from '../storage/objects';
import { chatVersion, getChat } from '../chats/store';
import { isObject } from '../chats/tree';
import { isWhole, partOf, partPath } from '../shares/part';
import type { StoredShare } from '../shares/store';
import type { Locale } from '../i18n/index';
import { fileKey } from './objects';
import { fileIdOfUrl } from './sniff';
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

// The file ids a share with a part shows, by chat version and part: a chat's JSON is parsed once per version, not per image.
const partFiles = new Map<string, Set<string>>();
const MAX_PART_FILES = 256;

/** The images of a message list, as file ids (only our own URLs count). */
function filesOf(messages: Iterable<unknown>): Set<string> {
  const ids = new Set<string>();
  for (const m of messages) {
    if (!isObject(m) || !Array.isArray(m.files)) continue;
    for (const f of m.files) {
      const id = isObject(f) && f.type === 'image' ? fileIdOfUrl(f.url) : null;
      if (id) ids.add(id);
    }
  }
  return ids;
}

/**
 * Whether a share shows this file: it belongs to the share's chat and, for a share of a part, a message of the part
 * names it. (A whole chat's share may show any of its files: a snapshot shows the branch it was published with.)
 */
export function shareShowsFile(s: StoredShare, row: ChatFileRow): boolean {
  if (row.chat_id !== s.chat_id) return false;
  const part = partOf(s);
  if (isWhole(part)) return true;
  const key = [s.chat_id, chatVersion(s.chat_id), part.first, part.last].join('\u0001');
  let ids = partFiles.get(key);
  if (!ids) {
    const chat = getChat(s.user_id, s.chat_id);
    ids = chat ? filesOf(partPath(chat.chat.history, part)) : new Set();
    if (partFiles.size >= MAX_PART_FILES) partFiles.delete(partFiles.keys().next().value!);
    partFiles.set(key, ids);
  }
  return ids.has(row.id);
}
