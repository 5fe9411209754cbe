// Where share files live: one small interface (put, get, delete, list by key) over the data folder (the default) or
// S3-compatible object storage (STORAGE_PROVIDER=s3). Keys look like `shares/{chat_id}/{rev}.html`.
import { HttpError, msg } from '../http';

export interface StoredObject { key: string; /** Last change, ms since the epoch (the orphan sweep's grace). */ modifiedMs: number }

export interface ObjectStore {
  readonly kind: 'fs' | 's3';
  /** Writes the whole object or nothing (no reader ever sees half of it). */
  put(key: string, data: Buffer | string, contentType: string): Promise<void>;
  /** The object, or null when there is none. Any other failure throws (a StorageUnavailableError for S3). */
  get(key: string): Promise<Buffer | null>;
  /**
   * Copies one object to another key, whole or not at all, without its bytes passing through this process (a file copy
   * on disk, a server-side copy in S3). False when there is no object at `from`.
   */
  copy(from: string, to: string): Promise<boolean>;
  /** Removes these keys; a missing one is not an error. */
  delete(keys: string[]): Promise<void>;
  /** Every object whose key starts with prefix. */
  list(prefix: string): Promise<StoredObject[]>;
}

/** The object store could not be reached or refused a request: 503 with Retry-After, never a 500. */
export class StorageUnavailableError extends HttpError {
  constructor(cause: unknown) {
    super('STORAGE_UNAVAILABLE', msg('errors.STORAGE_UNAVAILABLE'), { 'retry-after': '5' });
    this.cause = cause;
  }
}

export const isStorageUnavailable = (err: unknown): err is StorageUnavailableError => err instanceof StorageUnavailableError;

let store: Promise<ObjectStore> | null = null;

/** The configured store, made once per process (the S3 client and its connections are reused). */
export function objectStore(): Promise<ObjectStore> {
  store ??= (async () => {
    const provider = (process.env.STORAGE_PROVIDER ?? '').trim().toLowerCase();
    if (provider === 's3') return (await import('./s3-objects')).createS3Store(process.env);
    if (provider && provider !== 'local' && provider !== 'fs') console.warn(`chatshare: STORAGE_PROVIDER=${provider} is not s3 or local; using the data folder`);
    return (await import('./fs-objects')).createFsStore();
  })();
  return store;
}

/**
 * The folders under `prefix` (`shares/`, `files/`: one per chat id), each with its newest object's time, for the start-up
 * sweep of folders left without their row.
 */
export async function folderTimes(prefix: string): Promise<Map<string, number>> {
  const newest = new Map<string, number>();
  for (const o of await (await objectStore()).list(prefix)) {
    const id = o.key.slice(prefix.length).split('/')[0];
    if (id) newest.set(id, Math.max(newest.get(id) ?? 0, o.modifiedMs));
  }
  return newest;
}
