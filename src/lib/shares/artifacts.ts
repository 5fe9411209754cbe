// Snapshot files under DATA_DIR/shares/{chat_id}/: {rev}.html, {rev}.png, {rev}.json (and, for a long chat, its parts:
// {rev}.ends.json and {rev}.part-{k}.html), written atomically.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { config } from '../config';
import { compileViewer, type ViewerTemplate } from './html';
import type { Locale } from '../i18n/locales';

const root = () => path.join(config.dataDir, 'shares');
// chat ids are our own UUIDs, but never let one escape the folder.
const dirOf = (chatId: string) => path.join(root(), chatId.replace(/[^A-Za-z0-9-]/g, ''));

export type ArtifactExt = 'html' | 'png' | 'json' | 'ends.json' | `part-${number}.html`;
export const artifactPath = (chatId: string, rev: number, ext: ArtifactExt) => path.join(dirOf(chatId), `${rev}.${ext}`);

/** temp file + rename: a reader sees the old file or the whole new one, never half of it. */
export function writeAtomic(file: string, data: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true }); // a full disk must not leave half a file behind
    throw err;
  }
}

export function removeArtifacts(chatId: string): void {
  fs.rmSync(dirOf(chatId), { recursive: true, force: true });
}

/**
 * Drops revisions older than the committed one (temp files included). Newer ones stay: another refresh may be writing
 * them now, about to commit; one whose commit lost removes its own files (removeRevision).
 */
export function pruneArtifacts(chatId: string, keepRev: number): void {
  let names: string[];
  try { names = fs.readdirSync(dirOf(chatId)); } catch { return; }
  for (const name of names) {
    const rev = Number.parseInt(name, 10);
    if (!Number.isFinite(rev) || rev < keepRev) fs.rmSync(path.join(dirOf(chatId), name), { force: true });
  }
}

/** The files of one revision that will never be committed (its write failed, or its link went meanwhile). */
export function removeRevision(chatId: string, rev: number): void {
  let names: string[];
  try { names = fs.readdirSync(dirOf(chatId)); } catch { return; }
  for (const name of names) if (name.startsWith(`${rev}.`)) fs.rmSync(path.join(dirOf(chatId), name), { force: true });
}

/** The chat ids that have a folder of share files (for the start-up sweep). */
export function artifactFolders(): string[] {
  try { return fs.readdirSync(root(), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name); } catch { return []; }
}

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

export async function readViewerArtifact(chatId: string, rev: number, locale: Locale): Promise<ViewerTemplate | null> {
  const key = `${chatId}\u0000${rev}\u0000${locale}`; // no path building on a hit: this runs on every view
  const hit = templateCache.get(key);
  if (hit !== undefined) {
    // Most recently used last, so a popular link is never the one evicted.
    templateCache.delete(key);
    templateCache.set(key, hit);
    return hit;
  }
  try {
    const template = compileViewer(await fs.promises.readFile(artifactPath(chatId, rev, 'html'), 'utf8'), locale);
    if (!templateCache.has(key)) remember(key, template);
    return templateCache.get(key)!;
  } catch {
    return null;
  }
}

export async function readFileArtifact(chatId: string, rev: number, ext: Exclude<ArtifactExt, 'html'>): Promise<Buffer | null> {
  try { return await fs.promises.readFile(artifactPath(chatId, rev, ext)); } catch { return null; }
}

// The instance secret moved to secret.ts (atomic write, refusal of a short one, CHATSHARE_SECRET); re-exported for callers.
export { instanceSecret } from './secret';

/** How much the compiled-artifact cache holds (for tests and /healthz-style checks). */
export const artifactCacheStats = () => ({ entries: templateCache.size, bytes: cachedBytes, maxBytes: MAX_CACHED_BYTES });
