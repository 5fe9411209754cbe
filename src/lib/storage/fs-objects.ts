// The data-folder object store (the default): a key is a path under DATA_DIR, written as a temp file then renamed, so a
// reader sees the old file or the whole new one; a failed write (a full disk: 507 STORAGE_FULL) leaves no partial file.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { config } from '../config';
import type { ObjectStore, StoredObject } from './objects';

/** Keys are our own (`shares/{uuid}/{rev}.{ext}`), but none may leave the data folder. */
function fileOf(key: string): string {
  const parts = key.split('/').filter((p) => p && p !== '.' && p !== '..');
  return path.join(config.dataDir, ...parts);
}

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

function walk(dir: string, keyPrefix: string, out: StoredObject[]): void {
  let entries: fs.Dirent[];
  try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full, `${keyPrefix}${e.name}/`, out);
    else {
      let modifiedMs = 0;
      try { modifiedMs = fs.statSync(full).mtimeMs; } catch { continue; }
      out.push({ key: keyPrefix + e.name, modifiedMs });
    }
  }
}

export function createFsStore(): ObjectStore {
  return {
    kind: 'fs',
    // Synchronous inside: the write is done when the promise is made, as it was before the store existed.
    put: async (key, data) => writeAtomic(fileOf(key), data),
    get: async (key) => {
      try { return await fs.promises.readFile(fileOf(key)); } catch { return null; }
    },
    copy: async (from, to) => {
      const src = fileOf(from);
      const dst = fileOf(to);
      await fs.promises.mkdir(path.dirname(dst), { recursive: true });
      // Async: a 20 MB image copied with copyFileSync held the loop; temp file + rename as for a write.
      const tmp = `${dst}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        await fs.promises.copyFile(src, tmp);
        await fs.promises.rename(tmp, dst);
        return true;
      } catch (err) {
        await fs.promises.rm(tmp, { force: true });
        if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !(await fs.promises.stat(src).then(() => true, () => false))) return false;
        throw err;
      }
    },
    delete: async (keys) => {
      const dirs = new Set<string>();
      for (const key of keys) {
        const file = fileOf(key);
        fs.rmSync(file, { force: true });
        dirs.add(path.dirname(file));
      }
      // A share's folder goes with its last file (a folder with files still in it stays).
      for (const dir of dirs) if (dir !== config.dataDir) try { fs.rmdirSync(dir); } catch { /* not empty, or gone */ }
    },
    list: async (prefix) => {
      // Prefixes name folders (`shares/`, `shares/{chat}/`): walk the folder, then keep the keys that match.
      const slash = prefix.lastIndexOf('/');
      const dirKey = slash < 0 ? '' : prefix.slice(0, slash + 1);
      const out: StoredObject[] = [];
      walk(fileOf(dirKey), dirKey, out);
      return out.filter((o) => o.key.startsWith(prefix));
    },
  };
}
