// The images an export's messages name, read from its archive (ChatGPT's file-XXXX-<name>.png, file_XXXX-…, also
// under dalle-generations/ and user-…/ folders), matched by the file id the message's asset pointer carries. Each is
// inflated as a stream with bounds like the export files' (declared size, ratio, bytes counted, a total per archive),
// and kept only when its first bytes say PNG, JPEG, GIF or WebP: the name's extension is never trusted, SVG never kept.
import { createHash } from 'node:crypto';
import type { Entry, ZipFile } from 'yauzl';
import { MiB } from '../limits';
import { sniffImage, type ImageMime } from '../files/sniff';
import { ZIP_MAX_RATIO } from './zip';

/** One image, inflated (what the owner's page and a share serve, whole, from memory or the object store). */
export const IMAGE_MAX_BYTES = 20 * MiB;
/** All the images kept from one archive, inflated (the archive itself is at most 1 GiB). */
export const IMAGES_MAX_TOTAL_BYTES = 1024 * MiB;
/** Images kept from one archive. */
export const IMAGES_MAX_COUNT = 10_000;

export type ImageRead =
  | { ok: true; bytes: Buffer; mime: ImageMime; name: string; sha256: string }
  /** `missing`: the archive has no file of that id (the note stays); `refused`: it has one that is not kept. */
  | { ok: false; why: 'missing' | 'refused'; name?: string };

const FILE_ID = /^(file[-_][A-Za-z0-9]{4,100})(?=[-.]|$)/;
const base = (name: string) => name.slice(name.lastIndexOf('/') + 1);

/** The name the exporting app gave the file: what follows its id (`file-XXXX-photo.png` is photo.png). */
function shownName(fileName: string, id: string): string {
  const b = base(fileName);
  const rest = b.slice(id.length).replace(/^[-_.]+/, '');
  return (rest.includes('.') && rest.length > 4 ? rest : b).slice(0, 200);
}

class Refused extends Error {}

export class ArchiveImages {
  private readonly byId = new Map<string, Entry>();
  private total = 0;
  private count = 0;

  constructor(private readonly zip: ZipFile, entries: Entry[]) {
    for (const e of entries) {
      if (e.fileName.endsWith('/') || e.fileName.startsWith('__MACOSX/')) continue;
      const id = FILE_ID.exec(base(e.fileName))?.[1];
      if (id && !this.byId.has(id)) this.byId.set(id, e);
    }
  }

  /** The image of this file id, inflated and checked; never throws for a bad entry (it is refused). */
  async read(fileId: string): Promise<ImageRead> {
    const e = this.byId.get(fileId);
    if (!e) return { ok: false, why: 'missing' };
    const name = shownName(e.fileName, fileId);
    const size = e.uncompressedSize;
    if (size > IMAGE_MAX_BYTES || (size > MiB && size > ZIP_MAX_RATIO * Math.max(1, e.compressedSize))
      || this.total + size > IMAGES_MAX_TOTAL_BYTES || this.count >= IMAGES_MAX_COUNT) return { ok: false, why: 'refused', name };
    try {
      const { bytes, mime } = await this.inflate(e);
      this.total += bytes.length;
      this.count++;
      return { ok: true, bytes, mime, name, sha256: createHash('sha256').update(bytes).digest('hex') };
    } catch {
      return { ok: false, why: 'refused', name }; // not an image, over its bounds, or a corrupt entry
    }
  }

  /** Inflates an entry, stopping at the first bytes that are not an image's and at IMAGE_MAX_BYTES. */
  private inflate(e: Entry): Promise<{ bytes: Buffer; mime: ImageMime }> {
    return new Promise((resolve, reject) => {
      this.zip.openReadStream(e, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        let got = 0;
        let mime: ImageMime | null = null;
        stream.on('data', (c: Buffer) => {
          chunks.push(c);
          got += c.length;
          if (got > IMAGE_MAX_BYTES) return void stream.destroy(new Refused('too large'));
          if (!mime && got >= 12) {
            mime = sniffImage(Buffer.concat(chunks, got).subarray(0, 12));
            if (!mime) stream.destroy(new Refused('not an image'));
          }
        });
        stream.once('error', reject);
        stream.once('end', () => {
          // Shorter than any image's header (never sniffed), or sniffed as one.
          if (!mime) return reject(new Refused('not an image'));
          resolve({ bytes: Buffer.concat(chunks, got), mime });
        });
      });
    });
  }
}
