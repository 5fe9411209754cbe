// The gate, the options and their limits, the expiry sentence, unlock cookies, the rate limiter and crawler detection.
import { describe, expect, it } from 'vitest';
import { decideAccess, shareStatus } from '../../src/lib/shares/gate';
import { generateShareId, normalizeShareId, parseShareOptions, resolveShareSettings } from '../../src/lib/shares/manage/options';
import { describeExpiry } from '../../src/lib/shares/manage/expiry-summary';
import { translator } from '../../src/lib/i18n/index';

const en = translator('en');
import { unlockCookieName, unlockToken, verifyUnlockToken } from '../../src/lib/shares/tokens';
import { createRateLimiter } from '../../src/lib/rate-limit';
import { isLinkPreviewBot, isPrefetch } from '../../src/lib/shares/crawlers';
import { HttpError } from '../../src/lib/http';
import type { ShareRow } from '../../src/lib/shares/types';

const NOW = 1_800_000_000;
const base: ShareRow = {
  chat_id: 'c', user_id: 'owner', share_id: 's', kind: 'snapshot', is_public: true, password_hash: null, display_username: false,
  allow_cloning: true, expires_at: null, max_views: 0, max_clones: 0, allow_view_after_clone_limit: false, views: 0, clones: 0,
  status: 'active', revoked_reason: null, snapshot_rev: 1, show_qr: false, gradient_qr: false, created_at: NOW, updated_at: NOW,
  allow_download: true, allow_indexing: false, part_first: null, part_last: null, all_branches: false, restricted: false,
};
const anon: { userId: string | null; passwordProven: boolean } = { userId: null, passwordProven: false };
const code = (s: ShareRow | null, viewer = anon) => { const a = decideAccess(s, viewer, NOW); return a.allow ? 'ALLOW' : a.code; };

describe('decideAccess, in the order of the design', () => {
  it('not found, revoked, expired, login, password, allowed', () => {
    expect(code(null)).toBe('SHARE_LINK_NOT_FOUND');
    expect(code({ ...base, status: 'revoked', expires_at: NOW - 1 })).toBe('SHARE_LINK_REVOKED');
    expect(code({ ...base, max_clones: 2, clones: 2 })).toBe('SHARE_LINK_REVOKED');
    expect(code({ ...base, max_clones: 2, clones: 2, allow_view_after_clone_limit: true })).toBe('ALLOW');
    expect(code({ ...base, expires_at: NOW, is_public: false })).toBe('SHARE_LINK_EXPIRED');
    expect(code({ ...base, max_views: 3, views: 3 })).toBe('SHARE_LINK_EXPIRED');
    expect(code({ ...base, is_public: false, password_hash: 'h' })).toBe('LOGIN_REQUIRED');
    expect(code({ ...base, is_public: false, password_hash: 'h' }, { userId: 'u', passwordProven: false })).toBe('PASSWORD_REQUIRED');
    expect(code({ ...base, password_hash: 'h' }, { userId: null, passwordProven: true })).toBe('ALLOW');
  });

  it('refuses a signed-in reader outside a people-only link, before its password; the owner and the granted pass', () => {
    const people = { ...base, is_public: false, restricted: true, password_hash: 'h' };
    expect(code(people)).toBe('LOGIN_REQUIRED');
    expect(code(people, { userId: 'u', passwordProven: true })).toBe('SHARE_ACCESS_DENIED');
    expect(decideAccess(people, { userId: 'u', passwordProven: true }, NOW)).toMatchObject({ allow: false, status: 403 });
    expect(code(people, { userId: 'u', passwordProven: false, inAudience: true } as never)).toBe('PASSWORD_REQUIRED');
    expect(code(people, { userId: 'u', passwordProven: true, inAudience: true } as never)).toBe('ALLOW');
    expect(code(people, { userId: 'owner', passwordProven: false })).toBe('ALLOW');
    expect(code({ ...people, status: 'revoked' }, { userId: 'u', passwordProven: true, inAudience: true } as never)).toBe('SHARE_LINK_REVOKED');
  });

  it('lets the owner past login and password without counting a view', () => {
    const a = decideAccess({ ...base, is_public: false, password_hash: 'h' }, { userId: 'owner', passwordProven: false }, NOW);
    expect(a).toEqual({ allow: true, countsView: false, isOwner: true });
    expect(decideAccess(base, anon, NOW)).toMatchObject({ allow: true, countsView: true });
  });

  it('derives the status shown to owners', () => {
    expect(shareStatus({ ...base, max_views: 1, views: 1 }, NOW)).toBe('expired');
    expect(shareStatus({ ...base, status: 'revoked' }, NOW)).toBe('revoked');
    expect(shareStatus(base, NOW)).toBe('active');
  });
});

describe('share options', () => {
  const resolve = (body: unknown, existing: ShareRow | null = null) => resolveShareSettings(parseShareOptions(body), existing, NOW);
  const fails = (fn: () => unknown) => { try { fn(); } catch (e) { return (e as HttpError).status; } return 0; };

  it('generates 128-bit URL-safe ids', () => {
    const id = generateShareId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set(Array.from({ length: 1000 }, generateShareId)).size).toBe(1000);
  });

  it('normalises custom ids the way the reference says', () => {
    expect(normalizeShareId('  My Chat!! 2024 ')).toBe('My-Chat-2024');
    expect(normalizeShareId('a.b_c~d-e')).toBe('a.b_c~d-e');
    expect(fails(() => resolve({ share_id: 'x'.repeat(145) }))).toBe(422);
    expect(fails(() => resolve({ share_id: '!!!' }))).toBe(422);
    expect(fails(() => resolve({ share_id: '..' }))).toBe(422);
  });

  it('refuses past dates, negatives and values over 2,147,483,647', () => {
    expect(fails(() => resolve({ expires_at: NOW - 1 }))).toBe(422);
    expect(fails(() => resolve({ max_views: 2_147_483_648 }))).toBe(422);
    expect(fails(() => resolve({ max_clones: -1 }))).toBe(422);
    expect(fails(() => resolve({ max_views: 1.5 }))).toBe(422);
    expect(resolve({ max_views: 2_147_483_647 }).max_views).toBe(2_147_483_647);
  });

  it('turns presets into dates and a max below the count into count + 1', () => {
    expect(resolve({ expires_in: '24h' }).expires_at).toBe(NOW + 86_400);
    expect(resolve({ expires_in: 'never' }, { ...base, expires_at: NOW + 5 }).expires_at).toBeNull();
    expect(resolve({ max_views: 2 }, { ...base, views: 5 }).max_views).toBe(6);
    expect(resolve({ max_clones: 1 }, { ...base, clones: 3 }).max_clones).toBe(4);
    expect(resolve({ max_views: 0 }, { ...base, views: 5 }).max_views).toBe(0);
  });

  it('asks for the current password only to change or remove one', () => {
    expect(resolve({ password: 'x' }).requiresCurrentPassword).toBe(false);
    expect(resolve({ password: 'x' }, { ...base, password_hash: 'h' }).requiresCurrentPassword).toBe(true);
    expect(resolve({ password: null }, { ...base, password_hash: 'h' }).passwordChange).toEqual({ kind: 'remove' });
    expect(resolve({ is_public: false }, { ...base, password_hash: 'h' }).requiresCurrentPassword).toBe(false);
  });
});

describe('the expiry sentence', () => {
  const input = { expiresAt: null, maxViews: 0, maxClones: 0, allowCloning: true, allowViewAfterCloneLimit: false, locale: 'en-US' };
  it('reads like the reference', () => {
    expect(describeExpiry(input, en)).toBe('This link never expires.');
    expect(describeExpiry({ ...input, maxViews: 100 }, en)).toBe('Expires after 100 views');
    const at = new Date(2024, 9, 26, 17, 0, 0).getTime() / 1000; // 5 PM local time
    expect(describeExpiry({ ...input, expiresAt: at, maxViews: 100 }, en)).toBe('Expires on 10/26/2024, 5:00:00 PM or after 100 views');
    expect(describeExpiry({ ...input, maxClones: 1 }, en)).toBe('Expires after 1 clone');
    expect(describeExpiry({ ...input, maxClones: 2, allowViewAfterCloneLimit: true }, en)).toMatch(/never expires/);
  });
});

describe('unlock cookies and the rate limiter', () => {
  it('binds a cookie to one share and its current password', () => {
    const t = unlockToken('secret', 'share-a', 'hash1');
    expect(verifyUnlockToken('secret', 'share-a', 'hash1', t)).toBe(true);
    expect(verifyUnlockToken('secret', 'share-b', 'hash1', t)).toBe(false);
    expect(verifyUnlockToken('secret', 'share-a', 'hash2', t)).toBe(false);
    expect(verifyUnlockToken('secret', 'share-a', 'hash1', 'x')).toBe(false);
    expect(unlockCookieName('a b;c')).toMatch(/^cs_unlock_[0-9a-f]{16}$/);
  });

  it('blocks after max failures until the window passes, and a reset clears it', () => {
    const rl = createRateLimiter({ max: 3, windowMs: 60_000 });
    for (let i = 0; i < 3; i++) { expect(rl.check('k', 0).ok).toBe(true); rl.fail('k', 0); }
    expect(rl.check('k', 1000)).toEqual({ ok: false, retryAfterSec: 59 });
    expect(rl.check('other', 1000).ok).toBe(true);
    expect(rl.check('k', 60_000).ok).toBe(true);
    rl.fail('k', 61_000); rl.reset('k');
    expect(rl.check('k', 61_000).ok).toBe(true);
  });
});

describe('crawlers', () => {
  it('knows the unfurlers and prefetches, not browsers', () => {
    for (const ua of ['Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', 'Twitterbot/1.0', 'facebookexternalhit/1.1', 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)', 'LinkedInBot/1.0', 'WhatsApp/2.23', 'TelegramBot (like TwitterBot)']) {
      expect(isLinkPreviewBot(ua), ua).toBe(true);
    }
    expect(isLinkPreviewBot('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130 Safari/537.36')).toBe(false);
    expect(isPrefetch(new Headers({ 'sec-purpose': 'prefetch;prerender' }))).toBe(true);
    expect(isPrefetch(new Headers({ purpose: 'prefetch' }))).toBe(true);
    expect(isPrefetch(new Headers({}))).toBe(false);
  });
});
