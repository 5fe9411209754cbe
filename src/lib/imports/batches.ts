// An export file read into batches of chats ready to insert: parsing, checks and serialising all happen here, on the
// import thread (pool.ts), which also stores them (store-batch.ts). Each batch is small, so its transaction is short.
import { HttpError } from '../http';
import { deriveColumns, isRejected, MAX_IMPORT_CHATS, parseItem, tooManyRejection, type Rejected } from '../chats/format';
import { groupGemini, isGeminiEntry } from '../chats/import/gemini';
import { countItems, itemTooLarge, maxItemBytes, readItems, type Chunks } from './stream';
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
 * Reads an export (a stream of its bytes: `open` is called twice, once to count its conversations for the progress, once
 * to read them: stream.ts) and yields it in batches. Only the conversation being read and the current batch are held.
 * Items are numbered from `first` (an archive's files are numbered as one list); returns how many items the file held.
 * The last batch always comes (empty for an empty file), marked as the file's end; a file that breaks (not JSON, cut
 * short, a conversation too large) throws after the batches before the break.
 */
export async function* importBatches(open: () => Chunks, locale?: Locale, first = 0): AsyncGenerator<ImportBatch, number, void> {
  if (first >= MAX_IMPORT_CHATS) return 0; // past the limit already (an archive's later files): the rejection was said
  const counted = await countItems(open());
  const reader = readItems(open());
  let items: AsyncIterator<unknown> | Iterator<unknown> = reader;
  let found = counted;
  // Gemini's Takeout has no conversation ids: its prompts are grouped by time over the whole file (gemini.ts), so that
  // file is read into memory, as every file was before; a Takeout is small (text prompts), and this bounds it.
  let head: IteratorResult<unknown>;
  try {
    head = await reader.next();
  } catch (err) {
    await reader.return();
    throw err;
  }
  if (!head.done && isGeminiEntry(head.value)) {
    const entries: unknown[] = [head.value];
    let size = 0;
    const limit = 4 * maxItemBytes();
    for await (const e of reader) {
      entries.push(e);
      if ((size += JSON.stringify(e).length) > limit) throw itemTooLarge(0);
    }
    const grouped = groupGemini(entries.splice(0));
    items = grouped.values();
    found = grouped.length;
  } else {
    let pending: IteratorResult<unknown> | null = head;
    items = { next: async () => (pending ? ((r) => ((pending = null), r))(pending) : reader.next()) };
  }
  const count = Math.max(0, Math.min(found, MAX_IMPORT_CHATS - first));
  const tooMany = first + found > MAX_IMPORT_CHATS;
  // What the progress counts up to: each entry ends imported, skipped or rejected; past the limit, one rejection says so.
  let batch: ImportBatch = { rows: [], rejected: [], total: count + (tooMany ? 1 : 0) };
  let bytes = 0;
  let i = 0;
  // A file that breaks part way (not JSON past some point, cut short, a conversation too large) still stores what came
  // before the break: the batch being filled is stored, then the break is the answer.
  let broken: unknown = null;
  const advance = async (): Promise<IteratorResult<unknown>> => {
    try {
      return await items.next();
    } catch (err) {
      broken = err;
      return { done: true, value: undefined };
    }
  };
  try {
    // One item read ahead: a full batch that ends the file carries the end mark (no empty batch after it).
    for (let next = await advance(); !next.done;) {
      const index = first + i++;
      if (index >= MAX_IMPORT_CHATS) {
        batch.rejected.push(tooManyRejection()); // the rest of the file is not read
        break;
      }
      const parsed = parseItem(next.value, index, locale);
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
      next = await advance();
      if (!next.done && (batch.rows.length >= BATCH_CHATS || bytes >= BATCH_BYTES || batch.rejected.length >= 1000)) {
        yield batch;
        batch = { rows: [], rejected: [] };
        bytes = 0;
      }
    }
  } finally {
    await reader.return(); // stops reading the file (or the archive's entry), whether it ended, broke or was left
  }
  if (broken) {
    if (batch.rows.length || batch.rejected.length) yield batch;
    throw broken;
  }
  yield { ...batch, fileEnd: true };
  return Math.max(i, found);
}

/** An error as a value that crosses the thread boundary (an HttpError's code and message, or a plain description). */
/** `errorCode`: an error's own code (SQLITE_FULL, SQLITE_BUSY...), for the request thread to answer it as its own. */
export type ImportFailure = { code: HttpError['code']; key?: string; values?: Values; english: string; errorCode?: string };

export function failureOf(err: unknown): ImportFailure {
  if (err instanceof HttpError) return { code: err.code, key: err.message_?.key, values: err.message_?.values, english: err.detail };
  const code = (err as { code?: unknown } | null)?.code;
  return { code: 'INTERNAL_ERROR', english: err instanceof Error ? `${err.name}: ${err.message}` : String(err), errorCode: typeof code === 'string' ? code : undefined };
}
