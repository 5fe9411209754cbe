// Share statistics: which platform a crawler is, what of a Referer is kept, the in-memory tally, and the flush that adds
// tallies to the day tables (two processes adding their own counts; the referrer cap; the 90-day prune; a reset).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateOfDay, dayOf, MAX_REFERRERS_PER_DAY, OTHER_REFERRER, platformOf, referrerDomain, Tally } from '../../src/lib/shares/stats/tally';
import { barRects, sparkPoints } from '../../src/lib/shares/stats/sparkline';

describe('platformOf', () => {
  it('names the platform of each unfurler, iMessage before Facebook and X whose names it sends', () => {
    expect(platformOf('Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)')).toBe('slack');
    expect(platformOf('Slack-ImgProxy (+https://api.slack.com/robots)')).toBe('slack');
    expect(platformOf('Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)')).toBe('discord');
    expect(platformOf('Twitterbot/1.0')).toBe('x');
    expect(platformOf('facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)')).toBe('facebook');
    expect(platformOf('Mozilla/5.0 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0')).toBe('imessage');
    expect(platformOf('LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)')).toBe('linkedin');
    expect(platformOf('TelegramBot (like TwitterBot)')).toBe('telegram');
    expect(platformOf('WhatsApp/2.23.20.0 A')).toBe('whatsapp');
    expect(platformOf('Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5')).toBe('teams');
    expect(platformOf('http.rb/5.1.1 (Mastodon/4.2.0; +https://mastodon.social/)')).toBe('mastodon');
    expect(platformOf('Mozilla/5.0 (compatible; Bluesky Cardyb/1.1; +mailto:support@bsky.app)')).toBe('bluesky');
    expect(platformOf('redditbot/1.0')).toBe('other');
  });
});

describe('referrerDomain', () => {
  const own = ['chat.example.com', '127.0.0.1'];
  it('keeps the host name of an http(s) referrer only, lower-cased, without port, user info, path or query', () => {
    expect(referrerDomain('https://News.Example.com/item?id=1', own)).toBe('news.example.com');
    expect(referrerDomain('http://user:secret@www.reddit.com:8443/r/x#frag', own)).toBe('www.reddit.com');
    expect(referrerDomain('https://blog.example.org.', own)).toBe('blog.example.org');
    expect(referrerDomain('https://t.co', own)).toBe('t.co');
  });
  it('keeps nothing of this site, other schemes, addresses without a name, junk or overlong names', () => {
    expect(referrerDomain('https://chat.example.com/shared', own)).toBeNull();
    expect(referrerDomain('http://127.0.0.1:4321/c/abc', own)).toBeNull();
    expect(referrerDomain('android-app://com.slack/', own)).toBeNull();
    expect(referrerDomain('javascript:alert(1)', own)).toBeNull();
    expect(referrerDomain('https://[::1]:80/', own)).toBeNull();
    expect(referrerDomain('https://intranet/', own)).toBeNull();
    expect(referrerDomain('https://exa mple.com/', own)).toBeNull();
    expect(referrerDomain('https://evil.com%2f@x/', own)).toBeNull();
    expect(referrerDomain('https://<script>.com/', own)).toBeNull();
    expect(referrerDomain(`https://${'a'.repeat(130)}.com/`, own)).toBeNull();
    expect(referrerDomain('', own)).toBeNull();
    expect(referrerDomain(null, own)).toBeNull();
  });
});

describe('Tally', () => {
  it('adds views, previews and referrers per share and day, and hands them over once', () => {
    const t = new Tally();
    t.view('c1', 100); t.view('c1', 100); t.view('c1', 101); t.view('c2', 100);
    t.preview('c1', 100, 'slack'); t.preview('c1', 100, 'slack'); t.preview('c1', 100, 'x');
    t.referrer('c1', 100, 'a.com'); t.referrer('c1', 100, 'a.com');
    expect(t.size).toBe(3);
    const taken = t.take();
    expect(t.size).toBe(0);
    const c1 = taken.find((e) => e.chatId === 'c1' && e.day === 100)!;
    expect(c1.views).toBe(2);
    expect(Object.fromEntries(c1.previews)).toEqual({ slack: 2, x: 1 });
    expect(Object.fromEntries(c1.referrers)).toEqual({ 'a.com': 2 });
    expect(taken.find((e) => e.chatId === 'c1' && e.day === 101)!.views).toBe(1);
    expect(taken.find((e) => e.chatId === 'c2')!.views).toBe(1);
    expect(t.take()).toEqual([]);
  });

  it(`keeps ${MAX_REFERRERS_PER_DAY} domains a share and day; the rest count as "${OTHER_REFERRER}"`, () => {
    const t = new Tally();
    for (let i = 0; i < MAX_REFERRERS_PER_DAY + 7; i++) t.referrer('c', 1, `site${i}.example`);
    t.referrer('c', 1, 'site0.example'); // one already kept still counts under its name
    const [e] = t.take();
    expect(e!.referrers.size).toBe(MAX_REFERRERS_PER_DAY + 1);
    expect(e!.referrers.get('site0.example')).toBe(2);
    expect(e!.referrers.get(OTHER_REFERRER)).toBe(7);
  });

  it('forgets reset shares, and a failed flush puts its counts back added to the new ones', () => {
    const t = new Tally();
    t.view('keep', 5); t.view('gone', 5); t.preview('gone', 5, 'discord');
    t.forget(['gone']);
    const taken = t.take();
    expect(taken.map((e) => e.chatId)).toEqual(['keep']);
    t.view('keep', 5);
    t.restore(taken);
    expect(t.take()[0]!.views).toBe(2);
  });

  it('names days in UTC', () => {
    expect(dateOfDay(dayOf(Date.UTC(2026, 11, 6, 23, 59)))).toBe('2026-12-06');
    expect(dayOf(Date.UTC(2026, 11, 7, 0, 0)) - dayOf(Date.UTC(2026, 11, 6, 23, 59))).toBe(1);
  });
});

describe('sparkline drawing', () => {
  it('scales to the largest day and keeps empty days at the baseline', () => {
    const pts = sparkPoints([0, 2, 4], 64, 20).split(' ').map((p) => p.split(',').map(Number));
    expect(pts.map((p) => p[0])).toEqual([0, 32, 64]);
    expect(pts[0]![1]).toBe(18.5); // the baseline
    expect(pts[2]![1]).toBe(1.5); // the top
    expect(pts[1]![1]).toBe(10);
    const bars = barRects([0, 1, 10], 300, 80);
    expect(bars.map((b) => b.h)).toEqual([0, 8, 80]);
    expect(bars[1]!.x).toBeGreaterThan(bars[0]!.x);
  });
});

describe('flush into the day tables', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatshare-stats-'));
  let store: typeof import('../../src/lib/shares/stats/store');
  let count: typeof import('../../src/lib/shares/stats/count');
  let report: typeof import('../../src/lib/shares/stats/report');
  let dbm: typeof import('../../src/lib/db');
  beforeAll(async () => {
    process.env.DATA_DIR = dir;
    dbm = await import('../../src/lib/db');
    store = await import('../../src/lib/shares/stats/store');
    count = await import('../../src/lib/shares/stats/count');
    report = await import('../../src/lib/shares/stats/report');
    const conn = dbm.db();
    conn.prepare("INSERT INTO user (id, email, name, role, password_hash, created_at, updated_at) VALUES ('u', 'u@x', 'U', 'user', 'x', 0, 0)").run();
    for (const id of ['c1', 'c2']) {
      conn.prepare("INSERT INTO chat (id, user_id, title, chat, created_at, updated_at) VALUES (?, 'u', 't', '{}', 0, 0)").run(id);
      conn.prepare("INSERT INTO share (chat_id, user_id, share_id, kind, created_at, updated_at) VALUES (?, 'u', ?, 'snapshot', 0, 0)").run(id, `s-${id}`);
    }
  });
  afterAll(() => { dbm.closeDatabase(dbm.db()); fs.rmSync(dir, { recursive: true, force: true }); });

  const views = (chatId: string) => dbm.db().prepare('SELECT day, views FROM share_view_day WHERE chat_id = ? ORDER BY day').all(chatId);

  it('adds each tally to what is there (two processes each add their own counts)', () => {
    const d = dayOf(Date.now()) - 3;
    const one = new Tally();
    const two = new Tally();
    one.view('c1', d); one.view('c1', d); one.preview('c1', d, 'slack'); one.referrer('c1', d, 'a.com');
    two.view('c1', d); two.view('c1', d + 1); two.preview('c1', d, 'slack'); two.referrer('c1', d, 'a.com');
    dbm.transaction(() => store.addTally(one.take()));
    dbm.transaction(() => store.addTally(two.take()));
    expect(views('c1')).toEqual([{ day: d, views: 3 }, { day: d + 1, views: 1 }]);
    expect(store.previewTotals('c1', 0)).toEqual([{ platform: 'slack', previews: 2 }]);
    expect(store.referrerTotals('c1', 0, 10)).toEqual([{ domain: 'a.com', views: 2 }]);
  });

  it('holds the referrer cap across flushes, and adds nothing for a share that is gone', () => {
    const today2 = dayOf(Date.now()) - 1;
    const first = new Tally();
    for (let i = 0; i < MAX_REFERRERS_PER_DAY - 1; i++) first.referrer('c2', today2, `s${i}.example`);
    dbm.transaction(() => store.addTally(first.take()));
    const second = new Tally(); // another process, which saw none of those
    second.referrer('c2', today2, 'late1.example'); second.referrer('c2', today2, 'late2.example'); second.referrer('c2', today2, 's0.example');
    second.view('ghost', today2); second.preview('ghost', today2, 'x');
    dbm.transaction(() => store.addTally(second.take()));
    const rows = store.referrerTotals('c2', 0, 100);
    expect(rows).toHaveLength(MAX_REFERRERS_PER_DAY + 1);
    expect(rows.find((r) => r.domain === 's0.example')!.views).toBe(2);
    expect(rows.filter((r) => r.domain.startsWith('late')).length + rows.filter((r) => r.domain === OTHER_REFERRER).length).toBe(2);
    expect(rows.find((r) => r.domain === OTHER_REFERRER)!.views).toBe(1);
    expect(views('ghost')).toEqual([]);
  });

  it('the process tally flushes on its own, prunes days past 90, and a reset clears stored and waiting counts', async () => {
    const today = dayOf(Date.now());
    const old = new Tally();
    old.view('c2', today - 90); old.view('c2', today - 89);
    dbm.transaction(() => store.addTally(old.take()));
    count.countDayView('c2');
    count.countDayView('c2');
    count.countPreview('c2', 'Discordbot/2.0');
    count.countReferrer('c2', 'https://Forum.Example.net/t/1', '127.0.0.1:4321');
    count.countReferrer('c2', 'http://127.0.0.1:4321/shared', '127.0.0.1:4321');
    await count.flushStats();
    expect(views('c2')).toEqual([{ day: today - 89, views: 1 }, { day: today, views: 2 }]); // day -90 pruned
    const s = report.shareStatsOf('u', 'c2', 30);
    expect(s.days).toHaveLength(30);
    expect(s.days.at(-1)!.views).toBe(2);
    expect(s.previews).toEqual({ discord: 1 });
    expect(s.referrers.some((r) => r.domain === 'forum.example.net')).toBe(true);
    expect(s.referrers.some((r) => r.domain.includes('127.0.0.1'))).toBe(false);
    expect(report.sparklinesOf(['c1', 'c2', 'nothing'], 30).get('c2')!.at(-1)).toBe(2);
    expect(report.sparklinesOf(['nothing'], 30).get('nothing')).toEqual(new Array(30).fill(0));

    count.countDayView('c2'); // waiting in the tally when the reset comes
    dbm.transaction(() => count.clearShareStats(['c2']));
    await count.flushStats();
    expect(views('c2')).toEqual([]);
    expect(store.referrerTotals('c2', 0, 100)).toEqual([]);
    expect(views('c1')).toHaveLength(2); // other shares keep theirs
  });
});
