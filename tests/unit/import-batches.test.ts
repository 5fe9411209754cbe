// An export's batches carry what the import's progress needs: the file's size in entries on its first batch, its end on
// its last (one batch is both), and every entry in exactly one batch.
import { describe, expect, it } from 'vitest';
import { importBatches } from '../../src/lib/imports/batches';
import { bigExport } from '../helpers/big-exports';

const all = (text: string, first = 0) => [...importBatches(() => text, 'en', first)];

describe('import batches and the progress marks', () => {
  it('marks the total on the first batch and the end on the last; rows and rejections add up to it', () => {
    const batches = all(`${bigExport(60, 500, 'marks').slice(0, -1)},42]`);
    expect(batches.length).toBeGreaterThan(2);
    expect(batches[0]!.total).toBe(61);
    expect(batches.slice(1).every((b) => b.total === undefined)).toBe(true);
    expect(batches.at(-1)!.fileEnd).toBe(true);
    expect(batches.slice(0, -1).every((b) => !b.fileEnd)).toBe(true);
    expect(batches.reduce((n, b) => n + b.rows.length + b.rejected.length, 0)).toBe(61);
  });

  it('gives a full last batch its end mark instead of an empty batch after it, and an empty file one empty batch', () => {
    const exact = all(bigExport(25, 500, 'exact'));
    expect(exact).toHaveLength(1);
    expect(exact[0]).toMatchObject({ total: 25, fileEnd: true });
    expect(exact[0]!.rows).toHaveLength(25);
    expect(all('[]')).toEqual([{ rows: [], rejected: [], total: 0, fileEnd: true }]);
  });
});
