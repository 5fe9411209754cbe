// The card renderer (satori, its fonts, resvg) loads on the first card, not with the render tasks: the request thread
// runs the small data tasks in process and never draws a card when a pool exists (a third of a CPU-second per start).
import { describe, expect, it, vi } from 'vitest';

const cards = vi.hoisted(() => ({ loaded: false }));
vi.mock('../../src/lib/shares/og', async (importOriginal) => {
  cards.loaded = true;
  return importOriginal();
});

describe('render tasks', () => {
  it('load the card renderer only when a card is drawn', async () => {
    const { runTask } = await import('../../src/lib/render/tasks');
    const chat = { title: 'T', history: { currentId: 'a', messages: { a: { id: 'a', parentId: null, childrenIds: [], role: 'user', content: 'Hi' } } } };
    const ids = await runTask({ kind: 'file-ids', bytes: new TextEncoder().encode(JSON.stringify(chat)), wrapped: false });
    expect(ids).toEqual([]);
    expect(cards.loaded).toBe(false);
    const png = await runTask({ kind: 'generic-card', locale: 'en' });
    expect(cards.loaded).toBe(true);
    expect([...png.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
  });
});
