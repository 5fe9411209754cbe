// The start-up sweep of share files left without a share row (a crash between a row's deletion and its files' removal,
// or a removal the object store refused).
import { removeArtifacts } from './artifacts';
import { chatIdsWithShare } from '../store';
import { folderTimes, objectStore } from '../../storage/objects';
import { removeChatFiles } from '../../files/objects';
import { chatIdsOfFiles } from '../../files/store';

/**
 * Files younger than this are left alone, since another node may be publishing them now (written before its row). In
 * the data folder there is none: the sweep runs before this box's only server listens. Shared object storage has
 * other nodes: an hour by default (ORPHAN_SWEEP_MIN_AGE_SECONDS).
 */
function minAgeMs(kind: 'fs' | 's3'): number {
  const set = Number(process.env.ORPHAN_SWEEP_MIN_AGE_SECONDS);
  return (Number.isFinite(set) && set >= 0 ? set : kind === 's3' ? 3600 : 0) * 1000;
}

/**
 * Removes every share folder whose chat has no share row; a folder whose row exists is never touched.
 * Run once, before the server listens (with WORKERS=n, in the primary before it forks): no publish is in flight then
 * on this node, so a snapshot written just before its row is inserted cannot be taken for an orphan. A store that
 * cannot be reached is logged and skipped: the server still starts (and the next start sweeps).
 */
export async function sweepOrphanArtifacts(): Promise<number> {
  return (await sweepFolders('shares/', () => chatIdsWithShare(), removeArtifacts, 'share folder(s) left without a share')) +
    // Kept images (files/{chat_id}/) whose chat has no file row: its chat was deleted and the objects' removal failed, or
    // an import stopped between writing an image and the row that points at it.
    (await sweepFolders('files/', () => new Set(chatIdsOfFiles()), removeChatFiles, 'image folder(s) left without their chat'));
}

/** Removes the folders under `prefix` whose chat id `keep` does not hold and whose newest object is old enough. */
async function sweepFolders(prefix: string, keep: () => Set<string>, remove: (chatId: string) => Promise<void>, what: string): Promise<number> {
  let folders: Map<string, number>;
  let kind: 'fs' | 's3';
  try {
    kind = (await objectStore()).kind;
    folders = await folderTimes(prefix);
  } catch (err) {
    console.error(`chatshare: could not list ${prefix} for the orphan sweep; skipped`, err);
    return 0;
  }
  if (!folders.size) return 0;
  const kept = keep();
  const before = Date.now() - minAgeMs(kind);
  const orphans = [...folders].filter(([id, newest]) => !kept.has(id) && newest <= before).map(([id]) => id);
  for (let i = 0; i < orphans.length; i += 32) await Promise.all(orphans.slice(i, i + 32).map(remove));
  if (orphans.length) console.log(`chatshare: removed ${orphans.length} ${what}`);
  return orphans.length;
}
