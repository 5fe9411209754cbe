// cookieValue reads a Cookie header as Astro's parser (the cookie package) does: the fast path for share pages decides
// "signed in?" and "password proven?" with it, so the two must never disagree.
import { describe, expect, it } from 'vitest';
import { cookieValue } from '../../src/lib/i18n/locales';

describe('cookieValue', () => {
  it('reads a pair however the header separates it, the first of a name winning', () => {
    expect(cookieValue('a=1; auth_session=tok', 'auth_session')).toBe('tok');
    expect(cookieValue('a=1;auth_session=tok', 'auth_session')).toBe('tok');
    expect(cookieValue('a=1;\tauth_session = tok ;b=2', 'auth_session')).toBe('tok');
    expect(cookieValue('flag; auth_session=tok', 'auth_session')).toBe('tok');
    expect(cookieValue('auth_session=one; auth_session=two', 'auth_session')).toBe('one');
    expect(cookieValue('auth_session=', 'auth_session')).toBe('');
    expect(cookieValue('xauth_session=tok; a=auth_session=x', 'auth_session')).toBeNull();
    expect(cookieValue('', 'auth_session')).toBeNull();
  });

  it('stays linear on hostile headers (a quadratic scan of 1 MB would take minutes)', () => {
    const started = performance.now();
    for (const h of [';'.repeat(1 << 20), 'a'.repeat(1 << 20), `${' '.repeat(1 << 19)}x=${' '.repeat(1 << 19)}y`, 'a=b;'.repeat(1 << 18), 'a;'.repeat(1 << 19) + 'x=1']) {
      cookieValue(h, 'x');
    }
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
