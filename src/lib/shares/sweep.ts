// The start-up sweep of share files left without a share row (a crash between a row's deletion and its files' removal).
import { artifactFolders, removeArtifacts } from './artifacts';
import { chatIdsWithShare } from './store';

/**
 * Removes every folder under DATA_DIR/shares whose chat has no share row; a folder whose row exists is never touched.
 * Run once, before the server listens (with WORKERS=n, in the primary before it forks): no publish is in flight then,
 * so a snapshot written just before its row is inserted cannot be taken for an orphan.
 */
export function sweepOrphanArtifacts(): number {
  const folders = artifactFolders();
  if (!folders.length) return 0;
  const keep = chatIdsWithShare();
  let removed = 0;
  for (const id of folders) {
    if (keep.has(id)) continue;
    removeArtifacts(id);
    removed++;
  }
  if (removed) console.log(`chatshare: removed ${removed} share folder(s) left without a share`);
  return removed;
}
