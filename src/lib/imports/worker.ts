// The import thread (bundled to dist/chatshare/import-worker.mjs): receives an export file's bytes, parses it and stores
// it batch by batch on its own database connection, and posts back what each batch stored (ids and titles only).
import type { MessagePort } from 'node:worker_threads';
import { failureOf } from './batches';
import { storeExportBatches, storeZipBatches } from './store-batch';
import type { ImportTask, FromImportThread } from './pool';

/** The file's chunks as the request thread sends them (transferred, not copied); null when it stopped listening. */
function receiveBody(port: MessagePort): Promise<Uint8Array[] | null> {
  return new Promise((resolve) => {
    const chunks: Uint8Array[] = [];
    const onMessage = (m: unknown) => {
      if (m instanceof Uint8Array) return void chunks.push(m);
      port.off('close', onClose);
      port.off('message', onMessage);
      resolve(m === 'end' ? chunks : null);
    };
    const onClose = () => { port.off('message', onMessage); resolve(null); };
    port.on('message', onMessage);
    port.once('close', onClose);
  });
}

export default async function runImportTask({ userId, duplicates, port, locale, zipPath, ticket }: ImportTask): Promise<void> {
  const send = (m: FromImportThread) => port.postMessage(m);
  let closed = false;
  port.once('close', () => { closed = true; });
  try {
    const chunks = await receiveBody(port);
    if (!chunks) return;
    // The chunks are joined here, off the request thread; importBatches drops the text once parsed. A ZIP archive is
    // read from its spooled file, one export file at a time.
    const batches = zipPath ? storeZipBatches(userId, zipPath, duplicates, locale, ticket)
      : storeExportBatches(userId, () => Buffer.concat(chunks.splice(0)).toString('utf8'), duplicates, locale, ticket);
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
