// pickEncoding: which compressed copy of a share page a viewer's Accept-Encoding allows (RFC 9110 §12.5.3).
import { describe, expect, it } from 'vitest';
import { pickEncoding } from '../../src/lib/shares/serve/compressed';

describe('pickEncoding', () => {
  it('prefers brotli, then gzip, and honours q=0', () => {
    expect(pickEncoding('gzip, deflate, br')).toBe('br');
    expect(pickEncoding('gzip')).toBe('gzip');
    expect(pickEncoding('br;q=0, gzip')).toBe('gzip');
    expect(pickEncoding('BR ; Q=0.000, GZip;q=0.5')).toBe('gzip');
    expect(pickEncoding('identity')).toBeNull();
    expect(pickEncoding('')).toBeNull();
    expect(pickEncoding(null)).toBeNull();
  });

  it('reads `*` as any coding not named, never one refused by name', () => {
    expect(pickEncoding('*')).toBe('gzip');
    expect(pickEncoding('*;q=0')).toBeNull();
    expect(pickEncoding('gzip;q=0, *')).toBe('br');
    expect(pickEncoding('*, gzip;q=0')).toBe('br');
    expect(pickEncoding('br;q=0, gzip;q=0, *')).toBeNull();
    expect(pickEncoding('br;q=0, *')).toBe('gzip');
  });
});
