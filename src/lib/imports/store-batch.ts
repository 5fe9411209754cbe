// An import's batches stored, each in one short write transaction, on the thread that runs the import (the import
// thread's own connection in a build; in process for unit tests and scripts), paced so the write lock stays free for
// other writers (share views' counts) at least half the time. A JSON body and a ZIP archive both arrive as a spooled file's path.
import fs from 'node:fs';
import { writeTransaction } from '../db';
import { alreadyInLibrary, type DuplicateMode } from '../chats/service';
import { insertImportBatch } from '../chats/store';
import type { Rejected } from '../chats/format';
import type { Locale } from '../i18n/index';
import { importBatches, type ImportBatch } from './batches';
import { zipExportFiles } from './zip';
import { ArchiveImages } from './zip-images';
import { keepBatchImages } from './keep-images';
import { insertChatFiles, type ChatFileRow } from '../files/store';
import { removeChatFiles } from '../files/objects';
import { addBatchCounts, type BatchCounts } from './progress-store';

/** A chat of the file once stored: its new id, or the chat it matched when skipped. Small enough to post back. */
export interface StoredRow { index: number; title: string; id: string; skipped: boolean }
export interface StoredBatch { stored: StoredRow[]; rejected: Rejected[] }

// The spooled file is read in pieces of this size: small enough that one piece's tokens are few, large enough to be fast.
const READ_CHUNK = 256 * 1024;

const pause = (ms: number) => new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));

// A batch with nothing to store (all of it rejected) writes the progress at most this often: a file of junk must not
// become a stream of small commits. A file's first and last batches always write (its size in chats, its end).
const REJECTED_ONLY_EVERY_MS = 250;

const noCounts = (): BatchCounts => ({ imported: 0, skipped: 0, rejected: 0, total: null, filesDone: 0 });

/**
 * An import's progress figures on their way to its queue row (`ticket`): a batch with chats adds them in its own
 * transaction (the progress never counts a chat that is not stored), with any held back from rejected-only batches.
 */
export class ProgressCounts {
  private held = noCounts();
  private lastWrite = 0;
  constructor(private readonly ticket?: string) {}

  /** The figures held plus a batch's (`skipped`: which of its rows were skipped). */
  private plus(batch: ImportBatch, skipped: boolean[]): BatchCounts {
    const h = this.held;
    const skips = skipped.filter(Boolean).length;
    return {
      imported: h.imported + skipped.length - skips, skipped: h.skipped + skips, rejected: h.rejected + batch.rejected.length,
      total: batch.total === undefined ? h.total : (h.total ?? 0) + batch.total, filesDone: h.filesDone + (batch.fileEnd ? 1 : 0),
    };
  }

  /** Inside a batch's transaction, once its rows are in; changes nothing here, so a retried transaction writes the same. */
  writeWith(batch: ImportBatch, skipped: boolean[]): void {
    const c = this.plus(batch, skipped);
    if (this.ticket && (c.imported + c.skipped + c.rejected + c.filesDone > 0 || c.total !== null)) addBatchCounts(this.ticket, c);
  }

  /** The transaction that wrote them committed. */
  written(): void {
    this.held = noCounts();
    this.lastWrite = performance.now();
  }

  /** A batch with no chats to store: its figures wait for the next write unless it starts or ends a file, or time is up. */
  async rejectedOnly(batch: ImportBatch): Promise<void> {
    if (!this.ticket) return;
    if (batch.total === undefined && !batch.fileEnd && performance.now() - this.lastWrite < REJECTED_ONLY_EVERY_MS) {
      this.held = this.plus(batch, []);
      return;
    }
    await writeTransaction(() => this.writeWith(batch, []));
    this.written();
  }
}

/**
 * Stores one batch whole or not at all; a chat already in the library (or earlier in the file) is skipped unless copies
 * are asked for. `progress` carries the import's figures to its queue row, in the batch's own transaction. `files`: the
 * rows of the images kept for the batch's chats (by the id each such chat was given), inserted with their chats; the
 * objects of a chat that was skipped after all are removed.
 */
export async function storeBatch(userId: string, batch: ImportBatch, duplicates: DuplicateMode, progress = new ProgressCounts(), files?: Map<string, ChatFileRow[]>): Promise<StoredBatch> {
  if (!batch.rows.length) {
    await progress.rejectedOnly(batch);
    return { stored: [], rejected: batch.rejected };
  }
  const results = await writeTransaction(() => {
    const stored = insertImportBatch(userId, batch.rows, (c) => (duplicates === 'copy' ? null : alreadyInLibrary(userId, c)));
    if (files?.size) stored.forEach((r, i) => { if (!r.skipped) insertChatFiles(files.get(r.id) ?? []); });
    progress.writeWith(batch, stored.map((r) => r.skipped));
    return stored;
  }).catch(async (err: unknown) => {
    if (files?.size) await Promise.all([...files.keys()].map(removeChatFiles)); // nothing points at them
    throw err;
  });
  progress.written();
  if (files?.size) {
    const stored = new Set(results.filter((r) => !r.skipped).map((r) => r.id));
    await Promise.all([...files.keys()].filter((id) => !stored.has(id)).map(removeChatFiles));
  }
  return { stored: results.map((r, i) => ({ index: batch.rows[i]!.index, title: batch.rows[i]!.title, id: r.id, skipped: r.skipped })), rejected: batch.rejected };
}

/**
 * Runs batch transactions so the write lock is held at most half the time: each waits at least as long after the last
 * one as that one took (preparing the next batch counts). A share view's count that meets the lock sleeps in SQLite's
 * busy handler (1 ms, then 2, 5...): it finds the lock free within a sleep or two instead of batch after batch.
 */
export function pacer(): <T>(work: () => Promise<T>) => Promise<T> {
  let lastEnd = 0;
  let lastTook = 0;
  return async (work) => {
    await pause(lastEnd + lastTook - performance.now());
    const start = performance.now();
    try {
      return await work();
    } finally {
      lastEnd = performance.now();
      lastTook = lastEnd - start;
    }
  };
}

/** Reads an export (a JSON file on disk: a spooled body) as a stream and stores it batch by batch. */
export async function* storeExportBatches(userId: string, jsonPath: string, duplicates: DuplicateMode, locale?: Locale, ticket?: string): AsyncGenerator<StoredBatch, void, void> {
  const paced = pacer();
  const progress = new ProgressCounts(ticket);
  for await (const batch of importBatches(() => fs.createReadStream(jsonPath, { highWaterMark: READ_CHUNK }), locale)) {
    yield await paced(() => storeBatch(userId, batch, duplicates, progress));
  }
}

/**
 * The export files of a ZIP archive (its path on disk), one after the other, numbered as one list: ChatGPT's split
 * conversations-000.json, -001... are taken together. Each file is streamed, never held whole.
 */
export async function* storeZipBatches(userId: string, zipPath: string, duplicates: DuplicateMode, locale?: Locale, ticket?: string): AsyncGenerator<StoredBatch, void, void> {
  const paced = pacer();
  const progress = new ProgressCounts(ticket);
  let first = 0;
  let images: ArchiveImages | null = null;
  for await (const file of zipExportFiles(zipPath, (zip, entries) => { images = new ArchiveImages(zip, entries); })) {
    const batches = importBatches(file.open, locale, first);
    for (let next = await batches.next(); ; next = await batches.next()) {
      if (next.done) {
        first += next.value;
        break;
      }
      const batch = next.value;
      // The images are read and written between the batch's transactions, never inside one.
      const files = images ? await keepBatchImages(userId, batch.rows, images, duplicates, locale) : undefined;
      yield await paced(() => storeBatch(userId, batch, duplicates, progress, files));
    }
  }
}
