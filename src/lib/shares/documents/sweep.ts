// The start-up sweep of share files left without a share row (a crash between a row's deletion and its files' removal,
// or a removal the object store refused).
import { artifactFolders, removeArtifacts } from './artifacts';
import { chatIdsWithShare } from '../store';
import { objectStore } from '../../storage/objects';
import { fileFolders, removeChatFiles } from '../../files/objects';
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
  return (await sweepShareFolders()) + (await sweepFileFolders());
}

async function sweepShareFolders(): Promise<number> {
  let folders: Map<string, number>;
  let kind: 'fs' | 's3';
  try {
    kind = (await objectStore()).kind;
    folders = await artifactFolders();
  } catch (err) {
    console.error('chatshare: could not list share files for the orphan sweep; skipped', err);
    return 0;
  }
  if (!folders.size) return 0;
  const keep = chatIdsWithShare();
  const before = Date.now() - minAgeMs(kind);
  const orphans = [...folders].filter(([id, newest]) => !keep.has(id) && newest <= before).map(([id]) => id);
  for (let i = 0; i < orphans.length; i += 32) await Promise.all(orphans.slice(i, i + 32).map(removeArtifacts));
  if (orphans.length) console.log(`chatshare: removed ${orphans.length} share folder(s) left without a share`);
  return orphans.length;
}

/**
 * Removes every folder of kept images (files/{chat_id}/) whose chat has no file row: its chat was deleted and the
 * objects' removal failed, or an import stopped between writing an image and the row that points at it.
 */
async function sweepFileFolders(): Promise<number> {
  let folders: Map<string, number>;
  let kind: 'fs' | 's3';
  try {
    kind = (await objectStore()).kind;
    folders = await fileFolders();
  } catch (err) {
    console.error('chatshare: could not list kept images for the orphan sweep; skipped', err);
    return 0;
  }
  if (!folders.size) return 0;
  const keep = new Set(chatIdsOfFiles());
  const before = Date.now() - minAgeMs(kind);
  const orphans = [...folders].filter(([id, newest]) => !keep.has(id) && newest <= before).map(([id]) => id);
  for (let i = 0; i < orphans.length; i += 32) await Promise.all(orphans.slice(i, i + 32).map(removeChatFiles));
  if (orphans.length) console.log(`chatshare: removed ${orphans.length} image folder(s) left without their chat`);
  return orphans.length;
}
