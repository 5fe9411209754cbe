// The import thread pool: export files are parsed and stored on a small piscina pool of their own (never the render
// pool, never the request thread), which posts back what each batch stored; without a build (unit tests, scripts) the
// same code runs in process.
import path from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { onShutdown } from '../lifecycle';
import { HttpError, isBusyError, isFullCode, msg } from '../http';
import type { DuplicateMode } from '../chats/service';
import { failureOf, type ImportFailure } from './batches';
import { storeExportBatches, storeZipBatches, type StoredBatch } from './store-batch';
import type { Locale } from '../i18n/index';

/** `zipPath`: a ZIP archive spooled to disk, `jsonPath`: a JSON body spooled to disk (read there by the thread). */
/** `ticket`: the import's queue claim, where each stored batch adds its figures (progress-store.ts). */
export interface ImportTask { userId: string; duplicates: DuplicateMode; port: MessagePort; locale: Locale; zipPath?: string; jsonPath?: string; ticket?: string }
/** What an import reads: the path of its spooled JSON body or ZIP archive. */
export type ImportSource = { jsonPath: string } | { zipPath: string };
export type FromImportThread = { batch: StoredBatch } | { done: true } | { failure: ImportFailure };

// One thread: imports are rare and a parse is one core's work; the request thread keeps the other core. A thread
// ends a few seconds after its last import, handing back the memory a big file took.
const THREADS = Number(process.env.IMPORT_THREADS) || 1;
// Imports of every account waiting for the thread (each account has at most three, queue.ts): past this, 503 BUSY.
const MAX_QUEUE = 32;
const KEY = Symbol.for('chatshare.importPool');

function pool(): Piscina | null {
  const g = globalThis as Record<symbol, Piscina | undefined>;
  if (g[KEY]) return g[KEY];
  const dist = process.env.CHATSHARE_DIST;
  if (!dist) return null;
  const piscina = new Piscina({
    filename: path.join(dist, 'chatshare', 'import-worker.mjs'),
    minThreads: 0,
    maxThreads: THREADS,
    maxQueue: MAX_QUEUE,
    idleTimeout: 3_000,
    // A hostile file that swells in memory takes its thread down, not the server (answered as unreadable).
    resourceLimits: { maxOldGenerationSizeMb: 1536 },
  });
  onShutdown(() => piscina.destroy());
  return (g[KEY] = piscina);
}

/** The thread's answer as an error: its own (bad JSON, too deep) as is; a crash (out of memory on a hostile file) as a 422. */
function fromFailure(f: ImportFailure): Error {
  // A full disk or a lock held past the retries is answered as on the request thread (507, 503): the error's own code.
  const coded = { code: f.errorCode };
  if (f.errorCode && (isFullCode(coded) || isBusyError(coded))) return Object.assign(new Error(f.english), coded);
  if (f.key) return new HttpError(f.code, { ...msg(f.key, f.values), english: f.english });
  console.error(`chatshare: an import thread failed (${f.english})`);
  return new HttpError('VALIDATION_ERROR', msg('api.importUnreadable'));
}

/**
 * Parses and stores an export file on the import thread, yielding what each batch stored. The request thread only names
 * the spooled body and collects ids: no insert, commit or write() of the import runs on it, so a
 * commit that stalls in the kernel (measured here: 25-row commits of 2 ms typical took up to 600 ms on a loaded disk)
 * stalls the import, not the share views. A view's count that meets the import's write lock waits in SQLite's busy
 * handler (1 ms, 2 ms...; 25 ms at most, then retried asynchronously): the import holds the lock at most half the time.
 */
export async function* storeOnImportThread(userId: string, source: ImportSource, duplicates: DuplicateMode, locale: Locale, ticket?: string): AsyncGenerator<StoredBatch, void, void> {
  const piscina = pool();
  const zipPath = 'zipPath' in source ? source.zipPath : undefined;
  const jsonPath = 'jsonPath' in source ? source.jsonPath : undefined;
  if (!piscina) {
    if (zipPath) yield* storeZipBatches(userId, zipPath, duplicates, locale, ticket);
    else yield* storeExportBatches(userId, jsonPath!, duplicates, locale, ticket);
    return;
  }
  const { port1, port2 } = new MessageChannel();
  const inbox: FromImportThread[] = [];
  let wake: (() => void) | null = null;
  const deliver = (m: FromImportThread) => { inbox.push(m); wake?.(); };
  port1.on('message', deliver);
  if (piscina.queueSize >= MAX_QUEUE) {
    port1.close();
    throw new HttpError('BUSY', msg('errors.BUSY'), { 'retry-after': '5' });
  }
  const task = piscina.run({ userId, duplicates, port: port2, locale, zipPath, jsonPath, ticket } satisfies ImportTask, { transferList: [port2] as never });
  // A thread that dies (out of memory on a hostile file) sends nothing more: its rejection ends the wait.
  task.catch((err: unknown) => deliver({ failure: failureOf(err) }));
  try {
    for (;;) {
      while (!inbox.length) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      const m = inbox.shift()!;
      if ('failure' in m) throw fromFailure(m.failure);
      if ('done' in m) return;
      yield m.batch;
    }
  } finally {
    port1.close();
    await task.catch(() => undefined);
  }
}
