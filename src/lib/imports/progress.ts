// An import's progress: the request thread counts the body's bytes (written at most every RECEIVED_EVERY_MS), the
// import thread adds each stored batch's figures (store-batch.ts), and GET /api/v1/chats/import/progress reads them.
import { retryBusy } from '../db';
import { HttpError, isBusyError, msg } from '../http';
import { readImportProgress, recordReceived, type ProgressRow } from './progress-store';

const RECEIVED_EVERY_MS = 250;

/** `?import_id=`: the id a page gives its import to follow it (random, made by the page); null when absent. */
export function importClientId(value: string | null): string | null {
  if (value === null || value === '') return null;
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(value)) throw new HttpError('VALIDATION_ERROR', msg('api.importIdInvalid'));
  return value;
}

export interface ImportProgress {
  state: 'idle' | 'waiting' | 'receiving' | 'importing';
  received_bytes: number;
  total_bytes: number | null;
  files_done: number;
  chats_imported: number;
  chats_skipped: number;
  chats_rejected: number;
  chats_total: number | null;
  started_at: number | null; // unix seconds: when the import began (or, waiting, when it was sent)
}

const IDLE: ImportProgress = {
  state: 'idle', received_bytes: 0, total_bytes: null, files_done: 0, chats_imported: 0, chats_skipped: 0, chats_rejected: 0, chats_total: null, started_at: null,
};

function fromRow(r: ProgressRow): ImportProgress {
  return {
    state: r.state === 'waiting' ? 'waiting' : r.received ? 'importing' : 'receiving',
    received_bytes: r.received_bytes, total_bytes: r.total_bytes, files_done: r.files_done,
    chats_imported: r.chats_imported, chats_skipped: r.chats_skipped, chats_rejected: r.chats_rejected, chats_total: r.chats_total,
    started_at: Math.floor((r.started_at ?? r.queued_at) / 1000),
  };
}

/** The caller's import (the one named `clientId`, else the account's current one); 'idle' when there is none. */
export function importProgress(userId: string, clientId: string | null): ImportProgress {
  const row = readImportProgress(userId, clientId, Date.now());
  return row ? fromRow(row) : IDLE;
}

/**
 * A progress write that meets another writer's lock is dropped (the next chunk tries again with a newer figure): it never
 * waits. True when it was written.
 */
function tryRecord(ticket: string, bytes: number): boolean {
  try {
    recordReceived(ticket, bytes, false);
    return true;
  } catch (err) {
    if (!isBusyError(err)) console.error('chatshare: could not record an import\'s progress', err);
    return false;
  }
}

/**
 * Counts a body's bytes as they arrive: `add` per chunk (a write at most every RECEIVED_EVERY_MS, none per chunk), and
 * `whole` once it is all in (this one is retried: it moves the import from receiving to importing).
 */
export function byteMeter(ticket: string): { add(n: number): void; whole(): Promise<void> } {
  let bytes = 0;
  let last = Date.now();
  return {
    add(n) {
      bytes += n;
      const now = Date.now();
      if (now - last < RECEIVED_EVERY_MS) return;
      // A dropped write leaves the clock alone, so the next chunk tries again rather than a whole interval later.
      if (tryRecord(ticket, bytes)) last = now;
    },
    async whole() {
      await retryBusy(() => recordReceived(ticket, bytes, true)).catch((err) => console.error('chatshare: could not record an import\'s progress', err));
    },
  };
}
