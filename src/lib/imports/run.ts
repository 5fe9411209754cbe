// An import, seen from the request thread: wait for the account's turn, read the body, hand it to the import thread
// (which parses and stores it in short transactions on its own connection), and answer with what it stored.
import { HttpError, msg } from '../http';
import { config } from '../config';
import { t, type Locale } from '../i18n/index';
import type { DuplicateMode, Skipped } from '../chats/service';
import type { Rejected } from '../chats/format';
import { withImportSlot } from './queue';
import { storeOnImportThread, type ImportSource } from './pool';
import { spoolBody, unspool } from './spool';
import { byteMeter } from './progress';
import { isZipType } from '../limits';

// An import named for its poll whose page went before the answer (the person opened another page: the import goes on)
// keeps its final figures readable this long, so the page they are on now can show the result; its next import waits.
const FIGURES_KEPT_MS = 5_000;
// The thread's refusals of a file part way through, after batches of it may be stored.
const STOPS_PART_WAY = new Set(['api.importJsonBroken', 'api.importItemTooLarge', 'api.jsonTooDeep']);

export interface ImportAnswer {
  imported: Array<{ id: string; title: string }>;
  rejected: Array<Omit<Rejected, 'reason'> & { reason: string }>;
  skipped: Skipped[];
}

/** Reads and drops a body the route will not use (an import refused before reading), so the client gets the answer. */
async function discardBody(request: Request): Promise<void> {
  try {
    const reader = request.body?.getReader();
    while (reader && !(await reader.read()).done) { /* dropped */ }
  } catch { /* the client went away, or the entry stopped an oversized body: nothing to answer then */ }
}

/**
 * Stores an export file's chats in batches. A batch lands whole or not at all; a crash keeps the batches before it, and
 * importing the file again skips them (they are recognised by their hash, like any chat already in the library).
 * `body`: the spooled body's path (a JSON file or a ZIP archive). A file that breaks part way (not JSON past some point,
 * cut short, a conversation too large) is a 422 that says why and what was kept before it.
 * `ticket`: the import's queue claim, where each stored batch adds its figures (its progress).
 */
export async function storeExport(userId: string, body: ImportSource, duplicates: DuplicateMode, locale: Locale, ticket?: string): Promise<ImportAnswer> {
  const answer: ImportAnswer = { imported: [], rejected: [], skipped: [] };
  const rejected: Rejected[] = [];
  const fresh = new Set<string>();
  try {
    for await (const batch of storeOnImportThread(userId, body, duplicates, locale, ticket)) {
      rejected.push(...batch.rejected);
      for (const r of batch.stored) {
        if (!r.skipped) {
          fresh.add(r.id);
          answer.imported.push({ id: r.id, title: r.title });
        } else {
          answer.skipped.push({ index: r.index, title: r.title, existing_id: r.id, reason: t(locale, fresh.has(r.id) ? 'api.reason_duplicateInFile' : 'api.reason_alreadyInLibrary') });
        }
      }
    }
  } catch (err) {
    if (!(err instanceof HttpError) || !err.message_ || !STOPS_PART_WAY.has(err.message_.key)) throw err;
    if (!answer.imported.length && !answer.skipped.length) throw err; // nothing came before the break
    // The batches before the break are stored (and a retry skips them): the answer says so, with how many.
    const reason = t(locale, err.message_.key, err.message_.values);
    throw new HttpError(err.code, msg('api.importStoppedKept', { reason, imported: answer.imported.length, skipped: answer.skipped.length }));
  }
  if (!answer.imported.length && !answer.skipped.length) {
    throw new HttpError('VALIDATION_ERROR', rejected.length ? msg('api.importNothing', { reason: rejected[0]!.reason }) : msg('api.importEmpty'));
  }
  // Reasons are read by people (the library's Import finished dialog): in the caller's language.
  answer.rejected = rejected.map((r) => ({ ...r, reason: t(locale, r.reason.key, r.reason.values) }));
  return answer;
}

/**
 * The body is spooled to disk as it arrives (a JSON file or a ZIP archive, at most 1 GiB either) and read there by the
 * import thread as a stream; the file goes when the import ends.
 */
async function storeSpooled(userId: string, request: Request, zip: boolean, duplicates: DuplicateMode, locale: Locale, ticket: string): Promise<ImportAnswer> {
  const meter = byteMeter(ticket);
  const path = await spoolBody(request, config.maxImportBytes, meter.add);
  try {
    await meter.whole();
    return await storeExport(userId, zip ? { zipPath: path } : { jsonPath: path }, duplicates, locale, ticket);
  } finally {
    await unspool(path);
  }
}

/**
 * POST /api/v1/chats/import: one import per account at a time; the body is read only once this one's turn comes. A JSON
 * body or a ZIP archive (Content-Type application/zip), at most 1 GiB, goes to disk and is parsed there as a stream.
 * Its progress (GET /api/v1/chats/import/progress) is recorded on its queue claim; `clientId` names it for that poll.
 */
export async function runImport(userId: string, request: Request, duplicates: DuplicateMode, locale: Locale, clientId: string | null = null): Promise<ImportAnswer> {
  const zip = isZipType(request.headers.get('content-type'));
  const length = Number(request.headers.get('content-length'));
  const totalBytes = request.headers.has('content-length') && Number.isSafeInteger(length) && length >= 0 ? length : null;
  try {
    return await withImportSlot(userId, async (ticket) => {
      return storeSpooled(userId, request, zip, duplicates, locale, ticket);
    }, { clientId, totalBytes }, () => (clientId && request.signal.aborted ? FIGURES_KEPT_MS : 0));
  } catch (err) {
    if (err instanceof HttpError && err.code === 'IMPORT_BUSY') await discardBody(request);
    throw err;
  }
}
