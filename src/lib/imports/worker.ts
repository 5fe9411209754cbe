// The import thread (bundled to dist/chatshare/import-worker.mjs): parses an export and sends it back batch by batch,
// waiting for the request thread to ask for more, so at most two batches are ever in flight.
import type { MessagePort } from 'node:worker_threads';
import { failureOf, importBatches } from './batches';
import type { ImportTask, FromImportThread } from './pool';

/** Resolves with true when the request thread asks for the next batch, false when it stopped listening. */
function more(port: MessagePort): Promise<boolean> {
  return new Promise((resolve) => {
    const onMessage = (m: unknown) => { port.off('close', onClose); resolve(m === 'more'); };
    const onClose = () => { port.off('message', onMessage); resolve(false); };
    port.once('message', onMessage);
    port.once('close', onClose);
  });
}

export default async function parseImport({ bytes, port }: ImportTask): Promise<void> {
  const send = (m: FromImportThread) => port.postMessage(m);
  try {
    for (const batch of importBatches(() => Buffer.from(bytes).toString('utf8'))) {
      send({ batch });
      if (!(await more(port))) return;
    }
    send({ done: true });
  } catch (err) {
    send({ failure: failureOf(err) });
  } finally {
    port.close();
  }
}
