// The import thread (bundled to dist/chatshare/import-worker.mjs): reads an export file from where the request thread
// spooled it, parses it as a stream and stores it batch by batch on its own database connection, and posts back what each batch stored (ids and titles only).
import { failureOf } from './batches';
import { storeExportBatches, storeZipBatches } from './store-batch';
import type { ImportTask, FromImportThread } from './pool';

export default async function runImportTask({ userId, duplicates, port, locale, zipPath, jsonPath, ticket }: ImportTask): Promise<void> {
  const send = (m: FromImportThread) => port.postMessage(m);
  let closed = false;
  port.once('close', () => { closed = true; });
  try {
    // A ZIP archive is read one export file at a time; a JSON body is one export file. Both are streamed from disk.
    const batches = zipPath ? storeZipBatches(userId, zipPath, duplicates, locale, ticket)
      : storeExportBatches(userId, jsonPath!, duplicates, locale, ticket);
    for await (const batch of batches) {
      if (closed) return; // the request went away: what is stored stays, as after a crash; nothing more is added
      send({ batch });
    }
    send({ done: true });
  } catch (err) {
    send({ failure: failureOf(err) });
  } finally {
    port.close();
  }
}
