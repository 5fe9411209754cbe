// Message anchors (render/anchor.ts): safe ids as they are, anything else a short, stable hash in the same alphabet.
import { describe, expect, it } from 'vitest';
import { anchorParam, messageAnchor } from '../../src/lib/render/anchor';

describe('messageAnchor', () => {
  it('keeps ids that are already safe in a URL and an HTML id', () => {
    for (const id of ['q1', 'a-b_C9', '3f2a9c1e-7b4d-4e0a-9a61-0c1d2e3f4a5b', 'x'.repeat(64)]) expect(messageAnchor(id)).toBe(id);
  });

  it('hashes any other id into the same safe alphabet, stably and distinctly', () => {
    const hostile = ['a b', '"><script>', 'é', '', 'x'.repeat(65), '../../x', '#m-1', 'q1 '];
    const anchors = hostile.map(messageAnchor);
    for (const a of anchors) expect(a).toMatch(/^h[A-Za-z0-9_-]{16}$/);
    expect(new Set(anchors).size).toBe(hostile.length);
    expect(messageAnchor('a b')).toBe(anchors[0]);
    expect(messageAnchor(42)).toBe('42');
    expect(messageAnchor(undefined)).toBe(messageAnchor(''));
  });

  it('reads only anchors of that shape from a query', () => {
    expect(anchorParam('q1')).toBe('q1');
    expect(anchorParam(messageAnchor('a b'))).toBe(messageAnchor('a b'));
    for (const bad of [null, '', '<b>', 'a b', 'x'.repeat(65), 'm-1#']) expect(anchorParam(bad)).toBeNull();
  });
});
