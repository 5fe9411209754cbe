// The export files inside a ZIP archive (what ChatGPT, claude.ai and Google Takeout send), read from the spooled
// upload with yauzl: the central directory is read first (every entry's name and declared sizes, checked before
// anything is inflated), then the export's JSON files one at a time, each inflated as a stream whose bytes are counted
// (yauzl also stops an entry that inflates past its declared size). Nothing is written out here; images a message
// names are inflated, one at a time, by zip-images.ts, and the archive's other files (HTML, audio) never are.
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { HttpError, msg, sizeValues } from '../http';
import { MiB } from '../limits';

/** Entries in one archive (a ChatGPT export with years of images holds thousands). */
export const ZIP_MAX_ENTRIES = 100_000;
/**
 * One export JSON file, inflated: it is parsed whole (JSON.parse), so this bounds the import thread's memory. Measured: a
 * 256 MB claude.ai file (non-Latin-1 text) peaked at 1,167 MB of heap through parse and batches, against the thread's
 * 1,536 MB limit; 192 MB keeps about 40% of it free.
 */
export const ZIP_MAX_JSON_BYTES = 192 * MiB;
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

function readEntry(zip: ZipFile, entry: Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) return reject(err);
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (size > ZIP_MAX_JSON_BYTES) stream.destroy(zipError('zipEntryTooLarge', { name: shown(entry.fileName), ...sizeValues(ZIP_MAX_JSON_BYTES) }));
        else chunks.push(c);
      });
      stream.once('error', reject);
      stream.once('end', () => resolve(Buffer.concat(chunks.splice(0), size)));
    });
  });
}

/** yauzl's own refusals as the import's answers: unsafe names, and everything else as an unreadable archive. */
export function asHttpError(err: unknown): unknown {
  if (err instanceof HttpError) return err;
  const text = err instanceof Error ? err.message : String(err);
  const unsafe = /^(invalid characters in fileName|absolute path|invalid relative path): (.*)$/.exec(text);
  if (unsafe) return zipError('zipUnsafePath', { name: shown(unsafe[2]!) });
  return zipError('zipUnreadable');
}

/**
 * The export files of the archive at `path`, each as its text, one at a time (the previous one's text is dropped by
 * the caller before the next is read). Checks the archive's bounds before inflating anything. `onOpen` gets the open
 * archive and its entries (the images are read from it while the texts are read), which stays open until the end.
 */
export async function* zipExportTexts(path: string, onOpen?: (zip: ZipFile, entries: Entry[]) => void): AsyncGenerator<string, void, void> {
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
    let total = 0;
    for (const e of chosen) {
      if (e.uncompressedSize > ZIP_MAX_JSON_BYTES) throw zipError('zipEntryTooLarge', { name: shown(e.fileName), ...sizeValues(ZIP_MAX_JSON_BYTES) });
      if (e.uncompressedSize > MiB && e.uncompressedSize > ZIP_MAX_RATIO * Math.max(1, e.compressedSize)) throw zipError('zipRatio', { name: shown(e.fileName) });
      if ((total += e.uncompressedSize) > ZIP_MAX_TOTAL_BYTES) throw zipError('zipTooLarge', sizeValues(ZIP_MAX_TOTAL_BYTES));
    }
    for (const e of chosen) {
      const bytes = await readEntry(zip, e).catch((err: unknown) => { throw asHttpError(err); });
      yield bytes.toString('utf8');
    }
  } finally {
    zip.close();
  }
}
