// The export files inside a ZIP archive (what ChatGPT, claude.ai and Google Takeout send), read from the spooled
// upload with yauzl: the central directory is read first (every entry's name and declared sizes, checked before
// anything is inflated), then the export's JSON files one at a time, each inflated as a stream into the stream parser
// (yauzl stops an entry that inflates past its declared size). Nothing is written out here; images a message
// names are inflated, one at a time, by zip-images.ts, and the archive's other files (HTML, audio) never are.
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { HttpError, msg, sizeValues } from '../http';
import { MiB } from '../limits';

/** Entries in one archive (a ChatGPT export with years of images holds thousands). */
export const ZIP_MAX_ENTRIES = 100_000;
/** All export JSON files of an archive together, inflated. */
export const ZIP_MAX_TOTAL_BYTES = 1024 * MiB;
/** Inflated size over compressed size past which an entry is taken for a zip bomb (JSON compresses ~5-20x). */
export const ZIP_MAX_RATIO = 200;

const KNOWN = /^(conversations(-\d+)?\.json|prod-grok-backend\.json)$/i;
// Metadata files of the exports that hold no conversations.
const NOT_CHATS = /^(users?|projects|message_feedback|shared_conversations|model_comparisons|memories)\.json$/i;

const base = (name: string) => name.slice(name.lastIndexOf('/') + 1);
/** An entry's name as a refusal shows it: a name may be 64 KB long. */
const shown = (name: string) => (name.length > 200 ? `${name.slice(0, 200)}…` : name);
const zipError = (key: string, values?: Record<string, string | number>) => new HttpError('VALIDATION_ERROR', msg(`api.${key}`, values));

/** Which entries hold conversations: the exports' known files (Takeout's MyActivity.json only under Gemini), else every JSON file. */
export function exportEntries(names: string[]): string[] {
  // What macOS adds under __MACOSX/ is metadata (AppleDouble), whatever its name: never an export.
  names = names.filter((n) => !n.startsWith('__MACOSX/'));
  const known = names.filter((n) => KNOWN.test(base(n)) || (base(n) === 'MyActivity.json' && /gemini|bard/i.test(n)));
  const chosen = known.length ? known : names.filter((n) => /\.json$/i.test(n) && !NOT_CHATS.test(base(n)));
  return chosen.sort();
}

export const openZip = (path: string) => new Promise<ZipFile>((resolve, reject) => {
  yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (err, zip) => (err ? reject(err) : resolve(zip!)));
});

/** Every entry of the central directory; an unsafe name (absolute, '..', backslash) refuses the archive. */
export function listEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (e: Entry) => {
      entries.push(e);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

/**
 * An entry's inflated bytes as a stream (yauzl stops one that inflates past its declared size): read as it comes, by
 * the stream parser, never held whole. A failure is the import's answer (asHttpError).
 */
async function* entryChunks(zip: ZipFile, entry: Entry): AsyncGenerator<Buffer, void, void> {
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => {
    zip.openReadStream(entry, (err, s) => (err ? reject(asHttpError(err)) : resolve(s!)));
  });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (err) {
    throw asHttpError(err);
  } finally {
    (stream as unknown as { destroy(): void }).destroy();
  }
}

/** yauzl's own refusals as the import's answers: unsafe names, and everything else as an unreadable archive. */
export function asHttpError(err: unknown): unknown {
  if (err instanceof HttpError) return err;
  const text = err instanceof Error ? err.message : String(err);
  const unsafe = /^(invalid characters in fileName|absolute path|invalid relative path): (.*)$/.exec(text);
  if (unsafe) return zipError('zipUnsafePath', { name: shown(unsafe[2]!) });
  return zipError('zipUnreadable');
}

/** An export file of an archive: `open` streams its inflated bytes, each call from the start (it is read twice). */
export interface ExportFile { name: string; open: () => AsyncGenerator<Buffer, void, void> }

/**
 * The export files of the archive at `path`, one at a time (each is streamed, never held whole: stream.ts). Checks the
 * archive's bounds before inflating anything. `onOpen` gets the open archive and its entries (the images are read
 * from it while the files are read), which stays open until the end.
 */
export async function* zipExportFiles(path: string, onOpen?: (zip: ZipFile, entries: Entry[]) => void): AsyncGenerator<ExportFile, void, void> {
  let zip: ZipFile;
  try {
    zip = await openZip(path);
  } catch (err) {
    throw asHttpError(err);
  }
  try {
    if (zip.entryCount > ZIP_MAX_ENTRIES) throw zipError('zipTooManyEntries', { max: ZIP_MAX_ENTRIES });
    const entries = await listEntries(zip).catch((err: unknown) => { throw asHttpError(err); });
    onOpen?.(zip, entries);
    const byName = new Map(entries.filter((e) => !e.fileName.endsWith('/')).map((e) => [e.fileName, e]));
    const chosen = exportEntries([...byName.keys()]).map((n) => byName.get(n)!);
    if (!chosen.length) throw zipError('zipNoExport');
    // The declared sizes are checked here and enforced while inflating (yauzl's validateEntrySizes).
    let total = 0;
    for (const e of chosen) {
      if (e.uncompressedSize > MiB && e.uncompressedSize > ZIP_MAX_RATIO * Math.max(1, e.compressedSize)) throw zipError('zipRatio', { name: shown(e.fileName) });
      if ((total += e.uncompressedSize) > ZIP_MAX_TOTAL_BYTES) throw zipError('zipTooLarge', sizeValues(ZIP_MAX_TOTAL_BYTES));
    }
    for (const e of chosen) yield { name: shown(e.fileName), open: () => entryChunks(zip, e) };
  } finally {
    zip.close();
  }
}
