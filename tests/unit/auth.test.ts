// Account hardening in isolation: where `next` may lead, the Authorization header, the attempt limiter, the client
// address behind proxies, image sniffing and the hashed-sessions migration.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { safeNext } from '../../src/lib/auth/forms';
import { parseAuthorization } from '../../src/lib/auth/authorization';
import { createRateLimiter } from '../../src/lib/rate-limit';
import { addressFromHops, clientKey, normalizeAddress, trustedProxyHops } from '../../src/lib/auth/client-address';
import { reserveAttempt, signupLimit, waitInWords } from '../../src/lib/auth/throttle';
import { sniffImageType } from '../../src/lib/auth/users';
import { isBodyTooLarge } from '../../src/lib/http';
import { HttpError } from '../../src/lib/http';
import { migrate } from '../../src/lib/db';

describe('safeNext', () => {
  it('keeps same-site paths, normalized, with their query and fragment', () => {
    expect(safeNext('/s/abc')).toBe('/s/abc');
    expect(safeNext('/s/abc?x=1&y=%20#top')).toBe('/s/abc?x=1&y=%20#top');
    expect(safeNext('/a/b/../c')).toBe('/a/c');
    expect(safeNext('/caf\u00e9')).toBe('/caf%C3%A9');
    expect(safeNext('/\u2028/evil.example')).toBe('/%E2%80%A8/evil.example');
  });

  it('sends anything that could leave the site, or that a header cannot carry, to /', () => {
    for (const raw of [null, undefined, '', 'evil.example', 'https://evil.example', '//evil.example', '/\\evil.example', '/\\\\evil.example',
      '/\t/evil.example', '/\n/evil.example', '/\r/evil.example', '/x\u0000y', '/x\u007fy', '/x\u0085y', '\t/evil', '/.//evil.example',
      '/..//evil.example', '/a/..//evil.example', '/%2e%2e//evil.example', '/./\\evil.example', 'javascript:alert(1)']) {
      expect(safeNext(raw), JSON.stringify(raw)).toBe('/');
    }
  });
});

describe('parseAuthorization', () => {
  const parse = (value?: string) => parseAuthorization(new Headers(value === undefined ? {} : { authorization: value }));
  it('reads one well-formed Bearer token', () => {
    expect(parse()).toEqual({ kind: 'none' });
    expect(parse('Bearer abc123')).toEqual({ kind: 'bearer', token: 'abc123' });
    expect(parse('bearer   sk-AbC_-9.~+/==')).toEqual({ kind: 'bearer', token: 'sk-AbC_-9.~+/==' });
  });
  it('calls every other Bearer header malformed, and leaves other schemes alone', () => {
    for (const v of ['Bearer', 'Bearer ', 'Bearer x y', 'Bearer\tx', 'Bearer x, Bearer y', 'Bearer a=b', 'Bearerx', '', ' ', ', Bearer x', 'Bearer "x"']) {
      expect(parse(v).kind, JSON.stringify(v)).toBe(v.toLowerCase().startsWith('bearerx') ? 'other' : 'malformed');
    }
    expect(parse('Basic dXNlcjpwYXNz')).toEqual({ kind: 'other' });
    expect(parse('Digest username="a", realm="b"')).toEqual({ kind: 'other' });
  });
});

describe('the attempt limiter', () => {
  it('31 attempts reserved before any check finishes: exactly 5 get a slot', async () => {
    const rl = createRateLimiter({ max: 5, windowMs: 60_000 });
    let checked = 0;
    const attempt = async (right: boolean) => {
      const slot = rl.reserve('k', 0);
      if (!slot.ok) return 429;
      checked++;
      await new Promise((r) => setTimeout(r, 5)); // the slow hash
      if (right) { slot.release(); return 200; }
      return 403;
    };
    const results = await Promise.all([...Array.from({ length: 30 }, () => attempt(false)), attempt(true)]);
    expect(checked).toBe(5);
    expect(results.filter((s) => s === 403)).toHaveLength(5);
    expect(results[30]).toBe(429);
  });

  it('a released slot is free again; released twice it counts once; a window that rolled over is not touched', () => {
    const rl = createRateLimiter({ max: 2, windowMs: 60_000 });
    const a = rl.reserve('k', 0);
    const b = rl.reserve('k', 0);
    expect(rl.reserve('k', 0)).toEqual({ ok: false, retryAfterSec: 60 });
    if (!a.ok || !b.ok) throw new Error('expected slots');
    a.release(); a.release();
    expect(rl.reserve('k', 1000).ok).toBe(true);
    expect(rl.check('k', 1000).ok).toBe(false);
    const late = rl.reserve('k', 60_000); // a new window
    expect(late.ok).toBe(true);
    b.release(); // from the old window: must not free a slot in the new one
    expect(rl.reserve('k', 60_000).ok).toBe(true);
    expect(rl.reserve('k', 60_000).ok).toBe(false);
  });

  it('reserveAttempt takes a slot from every limiter or from none, and says how long to wait', async () => {
    const client = createRateLimiter({ max: 3, windowMs: 60_000 });
    const account = createRateLimiter({ max: 1, windowMs: 15 * 60_000 });
    await reserveAttempt([[client, 'c'], [account, 'a']]);
    const refused = await reserveAttempt([[client, 'c'], [account, 'a']]).then(() => null, (err: unknown) => err);
    expect(refused).toBeInstanceOf(HttpError);
    expect((refused as HttpError).code).toBe('RATE_LIMITED');
    expect((refused as HttpError).detail).toMatch(/^Too many attempts\. Try again in 1[45] minutes\.$/);
    expect(Number((refused as HttpError).headers['retry-after'])).toBeGreaterThan(800);
    // The refused attempt gave its client slot back: two more fit before the client limit.
    (await reserveAttempt([[client, 'c']])).release();
    await reserveAttempt([[client, 'c']]);
    await reserveAttempt([[client, 'c']]);
    await expect(reserveAttempt([[client, 'c']])).rejects.toThrow(HttpError);
  });

  it('reserveAttempt waits out a write lock held elsewhere (SQLITE_BUSY) instead of failing the attempt', async () => {
    const inner = createRateLimiter({ max: 3, windowMs: 60_000 });
    let busy = 2;
    const locked = { ...inner, reserve: (key: string) => {
      if (busy-- > 0) throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
      return inner.reserve(key);
    } } as typeof inner;
    await expect(reserveAttempt([[locked, 'c']])).resolves.toHaveProperty('release');
    expect(busy).toBe(-1); // tried three times, took one slot
    await reserveAttempt([[inner, 'c']]);
    await reserveAttempt([[inner, 'c']]);
    await expect(reserveAttempt([[inner, 'c']])).rejects.toThrow(HttpError);
  });

  it('words the wait for people; SIGNUP_RATE_LIMIT defaults to 10 and 0 turns it off', () => {
    expect(waitInWords(1)).toBe('1 second');
    expect(waitInWords(45)).toBe('45 seconds');
    expect(waitInWords(60)).toBe('1 minute');
    expect(waitInWords(61)).toBe('2 minutes');
    expect(waitInWords(720)).toBe('12 minutes');
    expect(signupLimit(undefined)).toBe(10);
    expect(signupLimit('')).toBe(10);
    expect(signupLimit('nope')).toBe(10);
    expect(signupLimit('25')).toBe(25);
    expect(signupLimit('0')).toBe(Infinity);
  });
});

describe('the client address', () => {
  it('reads TRUST_PROXY as a number of proxy hops', () => {
    for (const v of [undefined, '', ' ', 'false', '0', 'no', 'OFF']) expect(trustedProxyHops(v), String(v)).toBe(0);
    for (const v of ['true', '1', 'yes', 'on', 'TRUE']) expect(trustedProxyHops(v), v).toBe(1);
    expect(trustedProxyHops('2')).toBe(2);
  });

  it('ignores X-Forwarded-For unless proxies are trusted, then takes the right-most hop they did not write', () => {
    expect(addressFromHops('127.0.0.1', '203.0.113.9', 0)).toBe('127.0.0.1');
    expect(addressFromHops('127.0.0.1', null, 1)).toBe('127.0.0.1');
    expect(addressFromHops('127.0.0.1', '203.0.113.9', 1)).toBe('203.0.113.9');
    expect(addressFromHops('127.0.0.1', '6.6.6.6, 1.1.1.1,203.0.113.9', 1)).toBe('203.0.113.9');
    expect(addressFromHops('10.0.0.2', '6.6.6.6, 203.0.113.9, 10.0.0.1', 2)).toBe('203.0.113.9');
    expect(addressFromHops('10.0.0.2', '203.0.113.9', 2)).toBe('203.0.113.9'); // fewer hops than proxies: the furthest one
    expect(addressFromHops('::ffff:127.0.0.1', 'garbage', 1)).toBe('127.0.0.1'); // our proxy wrote nothing usable
    expect(addressFromHops('127.0.0.1', '203.0.113.9:4711', 1)).toBe('203.0.113.9');
    expect(addressFromHops('127.0.0.1', '[2001:DB8::1]:443', 1)).toBe('2001:db8::1');
    expect(addressFromHops(null, null, 0)).toBe('unknown');
  });

  it('normalizes addresses and counts IPv6 clients by their /64', () => {
    expect(normalizeAddress('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(normalizeAddress('fe80::1%eth0')).toBe('fe80::1');
    expect(normalizeAddress('not an ip')).toBeNull();
    expect(clientKey('192.0.2.1')).toBe('192.0.2.1');
    expect(clientKey('2001:db8:aa:bb:1:2:3:4')).toBe('2001:db8:aa:bb::/64');
    expect(clientKey('2001:db8:aa:bb::9')).toBe(clientKey('2001:db8:aa:bb:ffff::1'));
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('2001:db8:aa:bb::')).toBe('2001:db8:aa:bb::/64');
  });
});

describe('avatar bytes', () => {
  it('knows PNG, JPEG, GIF and WebP by their first bytes, and nothing else', () => {
    expect(sniffImageType(Buffer.from('89504e470d0a1a0a0000', 'hex'))).toBe('image/png');
    expect(sniffImageType(Buffer.from('ffd8ffe000104a464946', 'hex'))).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from('GIF87a....'))).toBe('image/gif');
    expect(sniffImageType(Buffer.from('GIF89a....'))).toBe('image/gif');
    expect(sniffImageType(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('image/webp');
    for (const bytes of ['', 'just text', '<svg xmlns="http://www.w3.org/2000/svg"/>', 'RIFF\x10\x00\x00\x00WAVE', '\x89PNG', 'GIF90a']) {
      expect(sniffImageType(Buffer.from(bytes, 'latin1')), JSON.stringify(bytes)).toBeNull();
    }
  });
});

describe('form bodies', () => {
  it('recognises a body over its limit, bare or as the cause of a TypeError', () => {
    const tooLarge = Object.assign(new Error('over'), { code: 'PAYLOAD_TOO_LARGE' });
    expect(isBodyTooLarge(tooLarge)).toBe(true);
    expect(isBodyTooLarge(new TypeError('fetch failed', { cause: tooLarge }))).toBe(true);
    expect(isBodyTooLarge(new TypeError('Failed to parse body as FormData.'))).toBe(false);
  });
});

describe('migration 0003', () => {
  it('deletes the sessions stored raw before it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatshare-mig-'));
    try {
      const before = path.join(dir, 'before');
      fs.mkdirSync(before);
      for (const f of ['0001_init.sql', '0002_shares.sql']) fs.copyFileSync(path.join('db/migrations', f), path.join(before, f));
      const conn = new Database(path.join(dir, 'db.sqlite'));
      migrate(conn, before);
      conn.prepare("INSERT INTO user (id, email, name, role, password_hash, created_at, updated_at) VALUES ('u', 'a@b.c', 'A', 'user', 'x', 0, 0)").run();
      conn.prepare("INSERT INTO session (id, user_id, expires_at) VALUES ('rawtoken', 'u', 9999999999)").run();
      expect(migrate(conn, 'db/migrations')).toContain('0003_hashed_sessions.sql');
      expect(conn.prepare('SELECT COUNT(*) FROM session').pluck().get()).toBe(0);
      expect(conn.prepare('SELECT COUNT(*) FROM user').pluck().get()).toBe(1);
      conn.close();
    } finally { fs.rmSync(dir, { recursive: true, force: true }); }
  });
});
