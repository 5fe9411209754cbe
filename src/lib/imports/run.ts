// An import, seen from the request thread: wait for the account's turn, read the body, hand it to the import thread
// (which parses and stores it in short transactions on its own connection), and answer with what it stored.
import { HttpError, msg, readBodyChunks } from '../http';
import { config } from '../config';
import { t, type Locale } from '../i18n/index';
import type { DuplicateMode, Skipped } from '../chats/service';
import type { Rejected } from '../chats/format';
import { withImportSlot } from './queue';
import { storeOnImportThread, type ImportSource } from './pool';
import { spoolBody, unspool } from './spool';
import { byteMeter } from './progress';
import { isZipType, ZIP_IMPORT_BODY_LIMIT } from '../limits';

// An import named for its poll whose page went before the answer (the person opened another page: the import goes on)
// keeps its final figures readable this long, so the page they are on now can show the result; its next import waits.
const FIGURES_KEPT_MS = 5_000;

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
 * `body` (the request's chunks, handed over to the import thread and empty afterwards, or a spooled ZIP archive's path).
 * `ticket`: the import's queue claim, where each stored batch adds its figures (its progress).
 */
export async function storeExport(userId: string, body: ImportSource, duplicates: DuplicateMode, locale: Locale, ticket?: string): Promise<ImportAnswer> {
  const answer: ImportAnswer = { imported: [], rejected: [], skipped: [] };
  const rejected: Rejected[] = [];
  const fresh = new Set<string>();
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
  if (!answer.imported.length && !answer.skipped.length) {
    throw new HttpError('VALIDATION_ERROR', rejected.length ? msg('api.importNothing', { reason: rejected[0]!.reason }) : msg('api.importEmpty'));
  }
  // Reasons are read by people (the library's Import finished dialog): in the caller's language.
  answer.rejected = rejected.map((r) => ({ ...r, reason: t(locale, r.reason.key, r.reason.values) }));
  return answer;
}

/** A ZIP archive is spooled to disk and read there by the import thread; the file goes when the import ends. */
async function storeZip(userId: string, request: Request, duplicates: DuplicateMode, locale: Locale, ticket: string): Promise<ImportAnswer> {
  const meter = byteMeter(ticket);
  const zipPath = await spoolBody(request, ZIP_IMPORT_BODY_LIMIT, meter.add);
  try {
    await meter.whole();
    return await storeExport(userId, { zipPath }, duplicates, locale, ticket);
  } finally {
    await unspool(zipPath);
  }
}

/**
 * POST /api/v1/chats/import: one import per account at a time; the body is read only once this one's turn comes. A JSON
 * body (at most 50 MiB) is read into memory; a ZIP archive (Content-Type application/zip, at most 1 GiB) goes to disk.
 * Its progress (GET /api/v1/chats/import/progress) is recorded on its queue claim; `clientId` names it for that poll.
 */
export async function runImport(userId: string, request: Request, duplicates: DuplicateMode, locale: Locale, clientId: string | null = null): Promise<ImportAnswer> {
  const zip = isZipType(request.headers.get('content-type'));
  const length = Number(request.headers.get('content-length'));
  const totalBytes = request.headers.has('content-length') && Number.isSafeInteger(length) && length >= 0 ? length : null;
  try {
    return await withImportSlot(userId, async (ticket) => {
      if (zip) return storeZip(userId, request, duplicates, locale, ticket);
      const meter = byteMeter(ticket);
      const chunks = await readBodyChunks(request, config.maxImportBytes, meter.add);
      await meter.whole();
      return storeExport(userId, { chunks }, duplicates, locale, ticket);
    }, { clientId, totalBytes }, () => (clientId && request.signal.aborted ? FIGURES_KEPT_MS : 0));
  } catch (err) {
    if (err instanceof HttpError && err.code === 'IMPORT_BUSY') await discardBody(request);
    throw err;
  }
}
