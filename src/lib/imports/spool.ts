// An import's body written to disk as it arrives (a ZIP archive's central directory is at its end, so it is read from
// a file; a JSON file is parsed from there as a stream): the request thread holds one chunk at a time whatever the size.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HttpError, isBodyTooLarge, msg, sizeValues } from '../http';
import { config } from '../config';

const spoolDir = () => path.join(config.dataDir, 'import-spool');
// A spooled file is removed when its import ends; one left by a crash is removed by a later upload after this long.
const STALE_MS = 6 * 3600_000;

const tooLarge = (maxBytes: number) => new HttpError('PAYLOAD_TOO_LARGE', msg('api.bodyTooLarge', sizeValues(maxBytes)));

async function sweepStale(dir: string): Promise<void> {
  const now = Date.now();
  for (const name of await fs.promises.readdir(dir).catch(() => [] as string[])) {
    const file = path.join(dir, name);
    const stat = await fs.promises.stat(file).catch(() => null);
    if (stat && now - stat.mtimeMs > STALE_MS) await fs.promises.rm(file, { force: true });
  }
}

/** Writes the request's body to a new file (at most `maxBytes`) and returns its path; the caller removes it. */
export async function spoolBody(request: Request, maxBytes: number, onChunk?: (bytes: number) => void): Promise<string> {
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge(maxBytes);
  const dir = spoolDir();
  await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
  void sweepStale(dir).catch(() => undefined);
  const file = path.join(dir, `${randomUUID()}.upload`);
  let size = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      onChunk?.(chunk.length);
      done(size > maxBytes ? tooLarge(maxBytes) : null, chunk);
    },
  });
  try {
    // No body is an empty file (an empty JSON import is refused as empty, an empty archive as unreadable).
    await pipeline(request.body ? Readable.fromWeb(request.body as never) : Readable.from([]), count, fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }));
    return file;
  } catch (err) {
    await fs.promises.rm(file, { force: true });
    if (err instanceof HttpError) throw err;
    if (isBodyTooLarge(err)) throw tooLarge(maxBytes);
    const code = (err as { code?: unknown }).code;
    if (code === 'REQUEST_TIMEOUT') throw new HttpError('REQUEST_TIMEOUT', msg('api.bodyTimeout'), { connection: 'close' });
    if (typeof code === 'string' && /^(ENOSPC|EDQUOT|EIO|EACCES|EROFS)$/.test(code)) throw err; // the disk's fault: answered as such
    throw new HttpError('BAD_REQUEST', msg('api.bodyUnreadable'));
  }
}

/** Removes a spooled archive (its import is over). */
export const unspool = (file: string): Promise<void> => fs.promises.rm(file, { force: true }).catch(() => undefined);
