// A full disk (ENOSPC, EDQUOT, SQLITE_FULL): told apart from other failures so it answers 507 STORAGE_FULL in plain
// words, shown in /healthz and the admin panel, and sign-in keeps working through a small reserve file in DATA_DIR.
import fs from 'node:fs';
import path from 'node:path';
import { config } from './config';
import { HttpError, isFullCode, msg, setStorageFullListener } from './http';
import { t, type Locale } from './i18n/index';
import { buildErrorPage } from './shares/serve/html';

export const isStorageFull = isFullCode;

export const storageFullError = () => new HttpError('STORAGE_FULL', msg('api.storageFull'));

// The reserve: a few megabytes held at start and given up when the disk fills, so the writes that keep people in
// (a sign-in's session row and its throttle counter) still find room. Made again once space returns.
const RESERVE_BYTES = 8 * 1024 * 1024;
const reserveFile = () => path.join(config.dataDir, '.storage-reserve');
let fullSince: number | null = null;

/** Remembers that a write failed for lack of space (what /healthz and the admin panel report until space returns). */
export function noteStorageFull(): void {
  if (fullSince === null) {
    fullSince = Date.now();
    console.error(`chatshare: the disk holding ${config.dataDir} is full; writes answer 507 STORAGE_FULL until space is freed`);
  }
}

/** Holds the reserve file; quietly does nothing when there is no room for it (it is tried again later). */
export function ensureReserve(): void {
  const file = reserveFile();
  try {
    if (fs.statSync(file).size >= RESERVE_BYTES) return;
  } catch { /* missing: make it */ }
  const tmp = `${file}.tmp`;
  try {
    const fd = fs.openSync(tmp, 'w', 0o600);
    try { fs.writeSync(fd, Buffer.alloc(RESERVE_BYTES)); } finally { fs.closeSync(fd); }
    fs.renameSync(tmp, file);
  } catch {
    fs.rmSync(tmp, { force: true });
  }
}

setStorageFullListener(noteStorageFull);

function releaseReserve(): boolean {
  try { fs.unlinkSync(reserveFile()); return true; } catch { return false; }
}

/**
 * Runs a write that must not fail for lack of space (sign-in): on a full disk the reserve is given up and the write
 * tried once more. Any other write's full-disk failure becomes STORAGE_FULL through the error mapping instead.
 */
export async function withReserve<T>(write: () => T | Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (!isStorageFull(err)) throw err;
    noteStorageFull();
    if (!releaseReserve()) throw storageFullError();
    try { return await write(); } catch (again) { throw isStorageFull(again) ? storageFullError() : again; }
  }
}

/**
 * The state /healthz and the admin panel show. Once a write has failed for lack of space, each look tries a small
 * write; when it succeeds the condition is over (and the reserve is made again), with no restart.
 */
export function storageStatus(): { full: boolean; since: number | null; free_bytes: number | null } {
  let free: number | null = null;
  try { const s = fs.statfsSync(config.dataDir); free = s.bavail * s.bsize; } catch { /* unknown */ }
  if (fullSince !== null) {
    const probe = path.join(config.dataDir, '.storage-probe');
    try {
      fs.writeFileSync(probe, Buffer.alloc(256 * 1024));
      fs.rmSync(probe, { force: true });
      fullSince = null;
      ensureReserve();
    } catch {
      fs.rmSync(probe, { force: true });
    }
  }
  return { full: fullSince !== null, since: fullSince === null ? null : Math.floor(fullSince / 1000), free_bytes: free };
}

/** The friendly page a form post gets when its write found the disk full (507, in the reader's language). */
export function storageFullPage(locale: Locale, _err?: unknown): Response {
  noteStorageFull();
  const html = buildErrorPage({ status: 507, code: 'STORAGE_FULL', title: t(locale, 'viewer.title_storageFull'), message: t(locale, 'viewer.detail_storageFull'), locale });
  return new Response(html, { status: 507, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}
