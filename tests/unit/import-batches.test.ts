// An export's batches carry what the import's progress needs: the file's size in entries on its first batch, its end on
// its last (one batch is both), and every entry in exactly one batch.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { importBatches, type ImportBatch } from '../../src/lib/imports/batches';
import { bigExport } from '../helpers/big-exports';

/** The text is streamed in small pieces, as a file is read: items and characters are cut across them. */
async function all(text: string, first = 0, piece = 1000): Promise<ImportBatch[]> {
  const bytes = Buffer.from(text);
  const open = () => Readable.from(Array.from({ length: Math.ceil(bytes.length / piece) }, (_, i) => bytes.subarray(i * piece, (i + 1) * piece)));
  const out: ImportBatch[] = [];
  for await (const b of importBatches(open, 'en', first)) out.push(b);
  return out;
}

describe('import batches and the progress marks', () => {
  it('marks the total on the first batch and the end on the last; rows and rejections add up to it', async () => {
    const batches = await all(`${bigExport(60, 500, 'marks').slice(0, -1)},42]`);
    expect(batches.length).toBeGreaterThan(2);
    expect(batches[0]!.total).toBe(61);
    expect(batches.slice(1).every((b) => b.total === undefined)).toBe(true);
    expect(batches.at(-1)!.fileEnd).toBe(true);
    expect(batches.slice(0, -1).every((b) => !b.fileEnd)).toBe(true);
    expect(batches.reduce((n, b) => n + b.rows.length + b.rejected.length, 0)).toBe(61);
  });

  it('gives a full last batch its end mark instead of an empty batch after it, and an empty file one empty batch', async () => {
    const exact = await all(bigExport(25, 500, 'exact'));
    expect(exact).toHaveLength(1);
    expect(exact[0]).toMatchObject({ total: 25, fileEnd: true });
    expect(exact[0]!.rows).toHaveLength(25);
    expect(await all('[]')).toEqual([{ rows: [], rejected: [], total: 0, fileEnd: true }]);
  });
});
