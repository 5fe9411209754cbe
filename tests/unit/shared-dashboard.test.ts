// The Shared Chats page's own logic: its address (filters, sort, page, dates in the viewer's zone), notices, status lines, drops.
import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW, apiParamsOf, dashboardHref, filterParamsOf, parseDashboardQuery, sortHref } from '../../src/lib/shares/manage/dashboard-query';
import { decodeNotice, encodeNotice, noticeText } from '../../src/lib/shares/manage/dashboard-actions';
import { statusNote, timeLeft } from '../../src/lib/shares/manage/status-note';
import { parseChatDrag } from '../../src/lib/chats/drag-payload';
import { translator } from '../../src/lib/i18n/index';

const en = translator('en');

const parse = (qs: string) => parseDashboardQuery(new URLSearchParams(qs));

describe('the page address', () => {
  it('reads every filter, the sort and the page, and writes the same address back', () => {
    const qs = 'query=rust&from=2026-11-01&to=2026-11-23&tz=-60&is_public=true&password=false&status=expired&type=live&order_by=views&direction=asc&page=3&page_size=50';
    const { view, problem } = parse(qs);
    expect(problem).toBeNull();
    expect(view).toEqual({ query: 'rust', from: '2026-11-01', to: '2026-11-23', tz: -60, is_public: 'true', password: 'false', status: 'expired', type: 'live', order_by: 'views', direction: 'asc', page: 3, page_size: 50 });
    expect(dashboardHref(view)).toBe(`/shared?${qs}`);
    expect(parse(dashboardHref(view).split('?')[1]!).view).toEqual(view);
  });

  it('leaves defaults out of links and starts sorting text A→Z, numbers and dates newest or largest first', () => {
    expect(dashboardHref(DEFAULT_VIEW)).toBe('/shared');
    expect(sortHref(DEFAULT_VIEW, 'title')).toBe('/shared?order_by=title&direction=asc');
    expect(sortHref(DEFAULT_VIEW, 'views')).toBe('/shared?order_by=views&direction=desc');
    expect(sortHref(DEFAULT_VIEW, 'updated_at')).toBe('/shared?order_by=updated_at&direction=asc'); // already sorted: flips
    expect(sortHref({ ...DEFAULT_VIEW, page: 4 }, 'clones')).not.toContain('page='); // a new sort starts at page 1
  });

  it('turns calendar days into whole days in the viewer\'s zone, and a backwards range into the days between', () => {
    const utc = filterParamsOf(parse('from=2026-11-01&to=2026-11-02').view);
    expect(utc.get('start_date')).toBe(String(Date.UTC(2026, 10, 1) / 1000));
    expect(utc.get('end_date')).toBe(String(Date.UTC(2026, 10, 3) / 1000 - 1));
    const berlin = filterParamsOf(parse('from=2026-11-01&tz=-60').view); // UTC+1: local midnight is 23:00 UTC the day before
    expect(berlin.get('start_date')).toBe(String(Date.UTC(2026, 10, 1) / 1000 - 3600));
    const backwards = parse('from=2026-11-09&to=2026-11-02').view;
    expect([backwards.from, backwards.to]).toEqual(['2026-11-02', '2026-11-09']);
    expect(filterParamsOf({ ...DEFAULT_VIEW, status: 'revoked' }, { withStatus: false }).has('status')).toBe(false);
    expect(apiParamsOf(DEFAULT_VIEW).toString()).toBe('order_by=updated_at&direction=desc&page=1&page_size=20');
  });

  it('resets the filters with a plain message for anything it cannot read, keeping the time zone', () => {
    const cases: Array<[string, string]> = [
      ['page=abc', 'page number'], ['page=0', 'page number'], ['page_size=101', 'page size'], ['order_by=password_hash', 'sort column'],
      ['direction=sideways', 'sort direction'], ['status=gone', 'status'], ['is_public=maybe', 'visibility'], ['password=1', 'password filter'],
      ['type=video', 'type'], ['from=2026-02-30', 'start date'], ['to=yesterday', 'end date'], ['tz=99999', 'time zone'],
      [`query=${'x'.repeat(201)}`, 'search'], ['page=99999999999999999999', 'page number'],
    ];
    for (const [qs, name] of cases) {
      const { view, problem } = parse(`${qs}&tz=-120&query=kept%3F`);
      expect(en('dashboard.addressProblem', { param: problem }), qs).toBe(`The ${name} in this address could not be read, so all filters were reset.`);
      expect(en('dashboard.addressProblem', { param: problem })).not.toMatch(/_/); // never a parameter's own name
      expect(view).toEqual({ ...DEFAULT_VIEW, tz: name === 'time zone' ? 0 : -120 });
    }
    expect(parse('status=all&type=all&unknown=1').problem).toBeNull();
  });
});

describe('notices', () => {
  it('say what happened in words, with counts, and read back only what the page wrote', () => {
    expect(noticeText({ code: 'revoked', n: 3, m: 0 }, en).text).toBe('3 links revoked.');
    expect(noticeText({ code: 'revoked', n: 1, m: 2 }, en).text).toBe('1 link revoked. 2 were already revoked.');
    expect(noticeText({ code: 'restored', n: 2, m: 1 }, en).text).toBe('2 links restored. 1 was already active.');
    expect(noticeText({ code: 'none_selected', n: 0, m: 0 }, en)).toEqual({ text: 'Select at least one link first.', error: true });
    const notice = { code: 'cleared' as const, n: 4, m: 0 };
    expect(decodeNotice(encodeNotice(notice))).toEqual(notice);
    for (const bad of [undefined, '', 'revoked', 'nope.1.0', 'revoked.-1.0', 'revoked.1.0;x', '<script>.1.0', 'toString.1.0']) expect(decodeNotice(bad), String(bad)).toBeNull();
  });
});

describe('status lines', () => {
  const base = { status: 'active' as const, expires_at: null, max_views: 0, views: 0, revoked_reason: null };
  it('count down an expiring link and say why a link stopped', () => {
    expect(timeLeft(0.2, en)).toBe('1 s');
    expect(timeLeft(59, en)).toBe('59 s');
    expect(timeLeft(61, en)).toBe('2 min');
    expect(timeLeft(7200, en)).toBe('2 h');
    expect(timeLeft(86_400 * 7, en)).toBe('7 d');
    expect(statusNote(base, 100, en)).toBe('');
    expect(statusNote({ ...base, expires_at: 130 }, 100, en)).toBe('30 s left');
    expect(statusNote({ ...base, status: 'expired', expires_at: 100 }, 100, en)).toBe('time is up');
    expect(statusNote({ ...base, status: 'expired', max_views: 2, views: 2 }, 100, en)).toBe('view limit');
    expect(statusNote({ ...base, status: 'revoked', revoked_reason: 'manual' }, 100, en)).toBe('by you');
    expect(statusNote({ ...base, status: 'revoked', revoked_reason: 'clone_limit' }, 100, en)).toBe('clone limit');
  });
});

describe('chat drags', () => {
  it('reads Open WebUI\'s payload and ours, and nothing else', () => {
    const item = { id: 'x', title: 'T', chat: { history: { currentId: null, messages: {} } } };
    expect(parseChatDrag(JSON.stringify({ type: 'chat', id: 'abc', item }))).toEqual({ type: 'chat', id: 'abc', item, origin: undefined, title: undefined });
    expect(parseChatDrag(JSON.stringify({ type: 'chat', id: 'abc', origin: 'https://a.example', title: 'T', item: null }))).toMatchObject({ origin: 'https://a.example', item: undefined });
    for (const bad of ['', 'hello', 'https://example.com/c/1', '[1,2]', '{', '{"type":"folder","id":"a"}', '{"type":"chat"}', '{"type":"chat","id":42}',
      `{"type":"chat","id":"${'a'.repeat(201)}"}`, 'null', '{"type":"chat","id":""}']) {
      expect(parseChatDrag(bad), bad).toBeNull();
    }
    expect(parseChatDrag(JSON.stringify({ type: 'chat', id: 'a', item: [1] }))?.item).toBeUndefined();
    expect(parseChatDrag(`{"type":"chat","id":"a","pad":"${'x'.repeat(100)}"}`, 50)).toBeNull();
  });
});
