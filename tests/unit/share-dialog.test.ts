// The Share Chat dialog's rules, shared with the server: typed limits, custom ids, plain error words, the expiry
// sentence on bad input, and the sentence that names the branch a share publishes.
import { describe, expect, it } from 'vitest';
import { MAX_COUNT, normalizeShareId, parseCount, shareIdProblem } from '../../src/lib/shares/manage/share-rules';
import { FIELD_LABELS, plainShareError } from '../../src/lib/shares/manage/share-form-errors';
import { describeExpiry } from '../../src/lib/shares/manage/expiry-summary';
import { resolveShareSettings } from '../../src/lib/shares/manage/options';
import { HttpError } from '../../src/lib/http';
import { branchChoices, sharedBranchSummary } from '../../src/lib/chats/shared-branch';
import type { History } from '../../src/lib/chats/types';
import { translator } from '../../src/lib/i18n/index';

const en = translator('en');

describe('typed limits', () => {
  it('take whole numbers from 0 to 2,147,483,647 only; empty means unlimited', () => {
    expect(parseCount('')).toEqual({ value: 0 });
    expect(parseCount(' 100 ')).toEqual({ value: 100 });
    expect(parseCount(String(MAX_COUNT))).toEqual({ value: MAX_COUNT });
    for (const bad of ['1.5', '-1', '1e3', '+2', '0x10', 'ten', '1 000']) expect(parseCount(bad)).toEqual({ problem: 'not_whole_number' });
    expect(parseCount('2147483648')).toEqual({ problem: 'too_large' });
    expect(parseCount('99999999999999999999999')).toEqual({ problem: 'too_large' });
  });
});

describe('custom ids', () => {
  it('are judged after normalising, by the same rule on both sides', () => {
    expect(shareIdProblem(normalizeShareId('My Chat! 2024'))).toBeNull();
    expect(shareIdProblem(normalizeShareId('!!!'))).toBe('no_allowed_characters');
    expect(shareIdProblem(normalizeShareId('..'))).toBe('only_dots');
    expect(shareIdProblem('a'.repeat(144))).toBeNull();
    expect(shareIdProblem('a'.repeat(145))).toBe('too_long');
    // The server refuses exactly what the dialog flags.
    expect(() => resolveShareSettings({ share_id: 'a'.repeat(145) }, null, 0)).toThrow(HttpError);
    expect(() => resolveShareSettings({ share_id: '...' }, null, 0)).toThrow(/share_id/);
    expect(resolveShareSettings({ share_id: 'a'.repeat(144) }, null, 0).share_id).toHaveLength(144);
  });
});

describe('API errors in plain words', () => {
  it('go beside the field they name, with no API name left in the message', () => {
    expect(plainShareError('max_views: max_views can be at most 2,147,483,647', 'VALIDATION_ERROR', 422, en))
      .toEqual({ field: 'max_views', message: 'Max views can be at most 2,147,483,647.' });
    expect(plainShareError('expires_at: the expiry date cannot be in the past.', 'VALIDATION_ERROR', 422, en))
      .toEqual({ field: 'expires_at', message: 'The expiry date cannot be in the past.' });
    expect(plainShareError('share_id: this link is already in use. Choose another.', 'SHARE_ID_TAKEN', 409, en))
      .toEqual({ field: 'share_id', message: 'This link is already in use. Choose another.' });
    expect(plainShareError('current_password: enter the current password to change or remove it.', 'INVALID_PASSWORD', 403, en))
      .toEqual({ field: 'current_password', message: 'That is not the current password.' });
    expect(plainShareError('is_public: public sharing is turned off on this server; links require sign-in.', 'FORBIDDEN', 403, en))
      .toEqual({ field: 'is_public', message: 'Public sharing is turned off on this server; links require sign-in.' });
  });

  it('fall back to the whole form, and never echo an unknown API name or a server fault', () => {
    expect(plainShareError('body: expected a JSON object of share options.', 'VALIDATION_ERROR', 422, en).field).toBeNull();
    expect(plainShareError('refresh_snapshot: weird_thing happened', 'VALIDATION_ERROR', 422, en).message).not.toMatch(/_/);
    expect(plainShareError('Something went wrong on our side.', 'INTERNAL_ERROR', 500, en)).toEqual({ field: null, message: 'Something went wrong on our side. Try again in a moment.' });
    expect(plainShareError(undefined, undefined, 502, en).field).toBeNull();
    for (const name of Object.keys(FIELD_LABELS)) {
      expect(plainShareError(`${name}: ${name} is wrong`, 'VALIDATION_ERROR', 422, en).message).not.toContain(name);
    }
  });
});

describe('the expiry sentence on bad input', () => {
  const input = { expiresAt: null, maxViews: 0, maxClones: 0, allowCloning: true, allowViewAfterCloneLimit: false, locale: 'en-US' };
  it('never promises a fractional, negative or oversized limit', () => {
    expect(describeExpiry({ ...input, maxViews: 1.5 }, en)).toBe('This link never expires.');
    expect(describeExpiry({ ...input, maxViews: -3 }, en)).toBe('This link never expires.');
    expect(describeExpiry({ ...input, maxViews: Number.NaN }, en)).toBe('This link never expires.');
    expect(describeExpiry({ ...input, maxClones: 2.5 }, en)).toBe('This link never expires.');
    expect(describeExpiry({ ...input, maxViews: MAX_COUNT + 1 }, en)).toBe('This link never expires.');
  });

  it('says a past date has passed instead of "Expires on" it', () => {
    const at = new Date(2024, 9, 26, 17, 0, 0).getTime() / 1000;
    expect(describeExpiry({ ...input, expiresAt: at, maxViews: 100, now: at + 60 }, en)).toBe('Expired on 10/26/2024, 5:00:00 PM');
    expect(describeExpiry({ ...input, expiresAt: at, maxViews: 100, now: at - 60 }, en)).toBe('Expires on 10/26/2024, 5:00:00 PM or after 100 views');
  });
});

describe('the branch a share publishes', () => {
  const history: History = {
    currentId: 'f',
    messages: {
      q: { id: 'q', parentId: null, childrenIds: ['a1', 'a2', 'a3'], role: 'user', content: 'q', timestamp: 1 },
      a1: { id: 'a1', parentId: 'q', childrenIds: [], role: 'assistant', content: 'first' },
      a2: { id: 'a2', parentId: 'q', childrenIds: ['e1', 'e2'], role: 'assistant', content: 'second' },
      a3: { id: 'a3', parentId: 'q', childrenIds: [], role: 'assistant', content: 'third' },
      e1: { id: 'e1', parentId: 'a2', childrenIds: [], role: 'user', content: 'edit one' },
      e2: { id: 'e2', parentId: 'a2', childrenIds: ['f'], role: 'user', content: 'edit two' },
      f: { id: 'f', parentId: 'e2', childrenIds: [], role: 'assistant', content: 'final' },
    },
  };

  it('names every choice on the saved path, by position', () => {
    expect(branchChoices(history)).toEqual([
      { messageNumber: 2, index: 2, total: 3, role: 'assistant' },
      { messageNumber: 3, index: 2, total: 2, role: 'user' },
    ]);
    expect(sharedBranchSummary(history)).toBe('4 messages, response 2/3 at message 2, prompt version 2/2 at message 3');
    expect(sharedBranchSummary({ ...history, currentId: 'a1' })).toBe('2 messages, response 1/3 at message 2');
  });

  it('is just a count without branches, and copes with an empty chat', () => {
    expect(sharedBranchSummary({ currentId: null, messages: {} })).toBe('0 messages');
    expect(sharedBranchSummary(undefined)).toBe('0 messages');
  });
});
