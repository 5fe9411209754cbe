// Copies share files (shares/…: snapshot pages, compressed copies, preview images) and chat image files (files/…) from
// the source store into the target one, each read back from the target and checked by size and sha256.
import { createHash } from 'node:crypto';
import type { ObjectStore } from '../storage/objects';
import { MigrateDataError } from './plan';

/** Every key prefix chatshare writes objects under (artifacts.ts, files/objects.ts). */
export const OBJECT_PREFIXES = ['shares/', 'files/'];
/** A data-folder write cut short by a crash leaves `{file}.{12 hex}.tmp` (fs-objects.ts writeAtomic): not an object. */
const isTempFile = (key: string) => /\.[0-9a-f]{12}\.tmp$/.test(key);
const COPIES_AT_ONCE = 4;

const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', png: 'image/png', json: 'application/json' };

export interface ObjectsCopied { count: number; bytes: number }

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** `fileTypes`: chat_file id → its MIME type (the rows say what an image file is; its key has no extension). */
export async function copyObjects(source: ObjectStore, target: ObjectStore, fileTypes: Map<string, string>): Promise<ObjectsCopied> {
  const keys: string[] = [];
  for (const prefix of OBJECT_PREFIXES) for (const o of await source.list(prefix)) if (!isTempFile(o.key)) keys.push(o.key);
  keys.sort();
  const typeOf = (key: string) => (key.startsWith('files/') ? fileTypes.get(key.slice(key.lastIndexOf('/') + 1)) : TYPES[key.slice(key.lastIndexOf('.') + 1)]) ?? 'application/octet-stream';
  let next = 0;
  let bytes = 0;
  let count = 0;
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++]!;
      const data = await source.get(key);
      if (!data) continue; // removed between list and get (the server was running after all): the rows say whether it mattered
      await target.put(key, data, typeOf(key));
      const back = await target.get(key);
      if (!back || back.length !== data.length || sha256(back) !== sha256(data)) {
        throw new MigrateDataError(`The object ${key} read back from the target store differs (${data.length} bytes sent, ${back?.length ?? 'none'} read back).`);
      }
      bytes += data.length;
      count++;
    }
  };
  await Promise.all(Array.from({ length: COPIES_AT_ONCE }, worker));
  return { count, bytes };
}
