// The import thread pool: export files are parsed on a small piscina pool of their own (never the render pool, never
// the request thread) and come back in batches; without a build (unit tests, scripts) the same parser runs in process.
import path from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { onShutdown } from '../lifecycle';
import { HttpError, msg } from '../http';
import { failureOf, importBatches, type ImportBatch, type ImportFailure } from './batches';

export interface ImportTask { bytes: ArrayBuffer; port: MessagePort }
export type FromImportThread = { batch: ImportBatch } | { done: true } | { failure: ImportFailure };

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
function fromFailure(f: ImportFailure): HttpError {
  if (f.key) return new HttpError(f.code, { ...msg(f.key, f.values), english: f.english });
  console.error(`chatshare: an import thread failed (${f.english})`);
  return new HttpError('VALIDATION_ERROR', msg('api.importUnreadable'));
}

/** The body's own ArrayBuffer, to transfer (not copy) to the thread; a copy only when the Buffer shares a larger one. */
function ownBuffer(body: Buffer): ArrayBuffer {
  if (body.byteOffset === 0 && body.byteLength === body.buffer.byteLength && body.buffer instanceof ArrayBuffer) return body.buffer;
  return body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
}

/**
 * An export file's batches, parsed off the request thread. The thread prepares the next batch while the caller stores
 * this one, and waits for the caller beyond that: memory stays at about two batches whatever the file's size.
 * `body` is handed over to the thread (it is empty afterwards).
 */
export async function* parseExport(body: Buffer): AsyncGenerator<ImportBatch, void, void> {
  const piscina = pool();
  if (!piscina) {
    for (const batch of importBatches(() => body.toString('utf8'))) {
      yield batch;
      await new Promise((resolve) => setImmediate(resolve));
    }
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
  const bytes = ownBuffer(body);
  const task = piscina.run({ bytes, port: port2 } satisfies ImportTask, { transferList: [bytes, port2] as never });
  // A thread that dies (out of memory on a hostile file) sends nothing more: its rejection ends the wait.
  task.catch((err: unknown) => deliver({ failure: failureOf(err) }));
  try {
    for (;;) {
      while (!inbox.length) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      const m = inbox.shift()!;
      if ('failure' in m) throw fromFailure(m.failure);
      if ('done' in m) return;
      port1.postMessage('more'); // the thread starts on the next batch while this one is stored
      yield m.batch;
    }
  } finally {
    port1.close();
    await task.catch(() => undefined);
  }
}
