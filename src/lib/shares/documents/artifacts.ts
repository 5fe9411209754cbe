// Snapshot files, kept in the object store (storage/objects.ts: DATA_DIR, or S3) under shares/{chat_id}/: {rev}.html,
// {rev}.png, {rev}.json (and, for a long chat, its parts: {rev}.ends.json and {rev}.part-{k}.html; for a part of a chat,
// the images it shows: {rev}.files.json). A revision's files
// are written before the row that points at it, and removed only after the row that pointed at them is gone.
import { objectStore, type StoredObject } from '../../storage/objects';
import { compileViewer, type ViewerTemplate } from '../serve/html';
import type { Locale } from '../../i18n/locales';

// chat ids are our own UUIDs, but never let one escape its folder.
const folderOf = (chatId: string) => `shares/${chatId.replace(/[^A-Za-z0-9-]/g, '')}/`;

export type ArtifactExt = 'html' | 'png' | 'json' | 'ends.json' | 'files.json' | `part-${number}.html`;
export const artifactKey = (chatId: string, rev: number, ext: ArtifactExt) => `${folderOf(chatId)}${rev}.${ext}`;

const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', png: 'image/png', json: 'application/json' };
const typeOf = (ext: ArtifactExt) => TYPES[ext.slice(ext.lastIndexOf('.') + 1)] ?? 'application/octet-stream';

/** Writes one file of a revision whole (or not at all). Call before the DB write that points at rev. */
export async function writeArtifact(chatId: string, rev: number, ext: ArtifactExt, data: string | Buffer): Promise<void> {
  await (await objectStore()).put(artifactKey(chatId, rev, ext), data, typeOf(ext));
}

const revOf = (o: StoredObject, folder: string) => Number.parseInt(o.key.slice(folder.length), 10);

/** Removes the files whose names pass `pick`; a failure is logged (the start-up sweep finds them again), never thrown. */
async function removeWhere(chatId: string, pick: (rev: number) => boolean): Promise<void> {
  const folder = folderOf(chatId);
  try {
    const store = await objectStore();
    const keys = (await store.list(folder)).filter((o) => pick(revOf(o, folder))).map((o) => o.key);
    if (keys.length) await store.delete(keys);
  } catch (err) {
    console.error(`chatshare: could not remove share files of ${chatId}; the next start-up sweep will`, err);
  }
}

/** Every file of a chat's share. Call after the commit that removed (or never made) the row; it never throws. */
export const removeArtifacts = (chatId: string): Promise<void> => removeWhere(chatId, () => true);

/**
 * Drops revisions older than the committed one (temp files included). Newer ones stay: another refresh may be writing
 * them now, about to commit; one whose commit lost removes its own files (removeRevision).
 */
export const pruneArtifacts = (chatId: string, keepRev: number): Promise<void> =>
  removeWhere(chatId, (rev) => !Number.isFinite(rev) || rev < keepRev);

/** The files of one revision that will never be committed (its write failed, or its link went meanwhile). */
export const removeRevision = (chatId: string, rev: number): Promise<void> => removeWhere(chatId, (r) => r === rev);


// Compiled artifacts, one per revision and language: a view is then a map lookup; the file is read and compiled once
// per revision and language. Bounded by bytes, not entries (a 600 KB chat weighs 60 typical ones), oldest use out first.
const templateCache = new Map<string, ViewerTemplate>();
const MAX_CACHED_BYTES = (Number(process.env.ARTIFACT_CACHE_MB) || 256) * 1024 * 1024;
let cachedBytes = 0;

function remember(key: string, template: ViewerTemplate): void {
  templateCache.set(key, template);
  cachedBytes += template.bytes;
  for (const [oldKey, old] of templateCache) {
    if (cachedBytes <= MAX_CACHED_BYTES || oldKey === key) break;
    templateCache.delete(oldKey);
    cachedBytes -= old.bytes;
  }
}

// Concurrent first reads of one object share one request to the store (a link posted somewhere gets its first views
// together: one GET from S3, not one per viewer).
const reading = new Map<string, Promise<Buffer | null>>();
function readOnce(key: string): Promise<Buffer | null> {
  let p = reading.get(key);
  if (!p) {
    p = objectStore().then((s) => s.get(key)).finally(() => reading.delete(key));
    reading.set(key, p);
  }
  return p;
}

/**
 * The compiled page of a revision in a language: from memory on every view but the first (per process), which reads
 * the object once. Null when there is none; an unreachable store throws StorageUnavailableError (a 503).
 */
export async function readViewerArtifact(chatId: string, rev: number, locale: Locale): Promise<ViewerTemplate | null> {
  const key = `${chatId}\u0000${rev}\u0000${locale}`; // no path building on a hit: this runs on every view
  const hit = templateCache.get(key);
  if (hit !== undefined) {
    // Most recently used last, so a popular link is never the one evicted.
    templateCache.delete(key);
    templateCache.set(key, hit);
    return hit;
  }
  const buf = await readCached(artifactKey(chatId, rev, 'html')); // one read for the three languages
  if (!buf) return null;
  if (!templateCache.has(key)) remember(key, compileViewer(buf.toString('utf8'), locale));
  return templateCache.get(key)!;
}

// The files of a revision (the page before it is compiled, OG image, parts, the chat's JSON), kept too: a revision never changes, so a file read
// once serves every later request without the store. Bounded by bytes; a file over an eighth of it is not kept.
const fileCache = new Map<string, Buffer>();
const MAX_FILE_BYTES = (Number(process.env.ARTIFACT_FILE_CACHE_MB) || 64) * 1024 * 1024;
let fileBytes = 0;

export const readFileArtifact = (chatId: string, rev: number, ext: Exclude<ArtifactExt, 'html'>): Promise<Buffer | null> =>
  readCached(artifactKey(chatId, rev, ext));

async function readCached(key: string): Promise<Buffer | null> {
  const hit = fileCache.get(key);
  if (hit) {
    fileCache.delete(key);
    fileCache.set(key, hit);
    return hit;
  }
  const buf = await readOnce(key);
  if (buf && buf.length <= MAX_FILE_BYTES / 8 && !fileCache.has(key)) {
    fileCache.set(key, buf);
    fileBytes += buf.length;
    for (const [k, b] of fileCache) {
      if (fileBytes <= MAX_FILE_BYTES) break;
      fileCache.delete(k);
      fileBytes -= b.length;
    }
  }
  return buf;
}

// The instance secret moved to secret.ts (atomic write, refusal of a short one, CHATSHARE_SECRET); re-exported for callers.
export { instanceSecret } from '../secret';

/** How much the compiled-artifact cache holds (for tests and /healthz-style checks). */
export const artifactCacheStats = () => ({ entries: templateCache.size, bytes: cachedBytes, maxBytes: MAX_CACHED_BYTES });
