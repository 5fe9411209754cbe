// An export file read into batches of chats ready to insert: parsing, checks and serialising all happen here, on the
// import thread (pool.ts), which also stores them (store-batch.ts). Each batch is small, so its transaction is short.
import { parseJsonText, HttpError } from '../http';
import { deriveColumns, importItems, isRejected, MAX_IMPORT_CHATS, parseItem, tooManyRejection, type Rejected } from '../chats/format';
import type { PendingImage, SerializedChat } from '../chats/store';
import type { Locale, Values } from '../i18n/index';

/** A chat of the file, serialised: `index` is its place in the file, `content_hash` recognises it on a re-import. */
/** `images`: what its messages name that an archive may carry (a ZIP import keeps them: keep-images.ts). */
export interface ImportRow extends SerializedChat { index: number; content_hash: string; images?: PendingImage[] }
/**
 * `total` (on a file's first batch): how many entries the file brings, known once it is parsed; `fileEnd` (on its last):
 * the file is done. Both only feed the import's progress.
 */
export interface ImportBatch { rows: ImportRow[]; rejected: Rejected[]; total?: number; fileEnd?: boolean }

// A batch's transaction holds the write lock while it inserts, and a share view's count waits for it (sleeping on the
// request thread, in SQLite's busy handler): 25 chats or 256 KB of JSON take a few milliseconds (100 took 15-35 ms).
export const BATCH_CHATS = 25;
const BATCH_BYTES = 256 * 1024;

/**
 * Parses an export (JSON text from `read`, depth-checked first) and yields it in batches. Neither the text nor an item
 * is kept once used, so the parsed file shrinks as its batches go out instead of living beside them. Items are numbered
 * from `first` (an archive's files are numbered as one list); returns how many items the file held. The last batch
 * always comes (empty for an empty file), marked as the file's end.
 */
export function* importBatches(read: () => string, locale?: Locale, first = 0): Generator<ImportBatch, number, void> {
  const items = importItems(parseJsonText(read()));
  const count = Math.max(0, Math.min(items.length, MAX_IMPORT_CHATS - first));
  const tooMany = first + items.length > MAX_IMPORT_CHATS && first < MAX_IMPORT_CHATS;
  // What the progress counts up to: each entry ends imported, skipped or rejected; past the limit, one rejection says so.
  let batch: ImportBatch = { rows: [], rejected: [], total: count + (tooMany ? 1 : 0) };
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const index = first + i;
    const parsed = parseItem(items[i], index, locale);
    items[i] = undefined;
    if (isRejected(parsed)) batch.rejected.push(parsed);
    else {
      const { chat, meta, index: _, ...rest } = parsed;
      const row: ImportRow = {
        ...rest, index, content_hash: parsed.content_hash!, chat: JSON.stringify(chat), meta: JSON.stringify(meta ?? {}),
        models: JSON.stringify(deriveColumns(chat, parsed.title).models),
      };
      batch.rows.push(row);
      bytes += row.chat.length;
    }
    if ((batch.rows.length >= BATCH_CHATS || bytes >= BATCH_BYTES || batch.rejected.length >= 1000) && i < count - 1) {
      yield batch;
      batch = { rows: [], rejected: [] };
      bytes = 0;
    }
  }
  if (tooMany) batch.rejected.push(tooManyRejection());
  yield { ...batch, fileEnd: true };
  return items.length;
}

/** An error as a value that crosses the thread boundary (an HttpError's code and message, or a plain description). */
/** `errorCode`: an error's own code (SQLITE_FULL, SQLITE_BUSY...), for the request thread to answer it as its own. */
export type ImportFailure = { code: HttpError['code']; key?: string; values?: Values; english: string; errorCode?: string };

export function failureOf(err: unknown): ImportFailure {
  if (err instanceof HttpError) return { code: err.code, key: err.message_?.key, values: err.message_?.values, english: err.detail };
  const code = (err as { code?: unknown } | null)?.code;
  return { code: 'INTERNAL_ERROR', english: err instanceof Error ? `${err.name}: ${err.message}` : String(err), errorCode: typeof code === 'string' ? code : undefined };
}
