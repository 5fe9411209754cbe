// Share statistics in SQL: a tally added to the day tables (additive upserts, so every process adds its own counts),
// the 90-day prune, the reads of the API and the dashboard, and the clearing that a reset or a new link asks for.
import type { Statement } from 'better-sqlite3';
import { db } from '../../db';
import { MAX_REFERRERS_PER_DAY, OTHER_REFERRER, type TallyEntry } from './tally';

const TABLES = ['share_view_day', 'share_preview_day', 'share_referrer_day'] as const;

const prepared = new Map<string, Statement>();
function stmt(sql: string): Statement {
  let st = prepared.get(sql);
  if (!st) prepared.set(sql, (st = db().prepare(sql)));
  return st;
}

// Each insert reads the share row: counts of a share deleted since they were tallied add nothing (and break no key).
// The stored count is named with its table: PostgreSQL finds a bare column ambiguous beside excluded.
const ADD_VIEWS = `INSERT INTO share_view_day (chat_id, day, views) SELECT chat_id, @day, @n FROM share WHERE chat_id = @chat
  ON CONFLICT (chat_id, day) DO UPDATE SET views = share_view_day.views + excluded.views`;
const ADD_PREVIEWS = `INSERT INTO share_preview_day (chat_id, day, platform, previews) SELECT chat_id, @day, @platform, @n FROM share WHERE chat_id = @chat
  ON CONFLICT (chat_id, day, platform) DO UPDATE SET previews = share_preview_day.previews + excluded.previews`;
// The cap holds across processes: a domain not seen yet that day joins only while the share has fewer than the cap.
const ADD_REFERRER = `INSERT INTO share_referrer_day (chat_id, day, domain, views)
  SELECT chat_id, @day, CASE WHEN EXISTS (SELECT 1 FROM share_referrer_day WHERE chat_id = @chat AND day = @day AND domain = @domain)
      OR (SELECT count(*) FROM share_referrer_day WHERE chat_id = @chat AND day = @day) < ${MAX_REFERRERS_PER_DAY} THEN @domain ELSE '${OTHER_REFERRER}' END, @n
  FROM share WHERE chat_id = @chat
  ON CONFLICT (chat_id, day, domain) DO UPDATE SET views = share_referrer_day.views + excluded.views`;

/** Adds a tally to the tables. Call inside one write transaction (flush.ts). */
export function addTally(entries: TallyEntry[]): void {
  const views = stmt(ADD_VIEWS);
  const previews = stmt(ADD_PREVIEWS);
  const referrer = stmt(ADD_REFERRER);
  for (const e of entries) {
    const key = { chat: e.chatId, day: e.day };
    if (e.views) views.run({ ...key, n: e.views });
    for (const [platform, n] of e.previews) previews.run({ ...key, platform, n });
    // 'other' last, so named domains take the day's free places first.
    for (const [domain, n] of [...e.referrers].sort((a, b) => Number(a[0] === OTHER_REFERRER) - Number(b[0] === OTHER_REFERRER))) referrer.run({ ...key, domain, n });
  }
}

/** Removes the days before `firstKept` from every table. */
export function pruneBefore(firstKept: number): number {
  let n = 0;
  for (const t of TABLES) n += stmt(`DELETE FROM ${t} WHERE day < ?`).run(firstKept).changes;
  return n;
}

/** Clears the statistics of these shares (a reset, a link shared anew). Call in the transaction that resets them. */
export function clearShareStatsRows(chatIds: string[]): void {
  if (chatIds.length === 0) return;
  const ids = JSON.stringify(chatIds);
  for (const t of TABLES) stmt(`DELETE FROM ${t} WHERE chat_id IN (SELECT value FROM json_each(?))`).run(ids);
}

/** Views per day of one share from `fromDay` on (days without views are absent). */
export const viewDays = (chatId: string, fromDay: number): Array<{ day: number; views: number }> =>
  stmt('SELECT day, views FROM share_view_day WHERE chat_id = ? AND day >= ? ORDER BY day').all(chatId, fromDay) as Array<{ day: number; views: number }>;

/** Previews per platform of one share from `fromDay` on. */
export const previewTotals = (chatId: string, fromDay: number): Array<{ platform: string; previews: number }> =>
  stmt('SELECT platform, SUM(previews) AS previews FROM share_preview_day WHERE chat_id = ? AND day >= ? GROUP BY platform ORDER BY previews DESC, platform')
    .all(chatId, fromDay) as Array<{ platform: string; previews: number }>;

/** Referring domains of one share from `fromDay` on, most views first. */
export const referrerTotals = (chatId: string, fromDay: number, limit: number): Array<{ domain: string; views: number }> =>
  stmt('SELECT domain, SUM(views) AS views FROM share_referrer_day WHERE chat_id = ? AND day >= ? GROUP BY domain ORDER BY views DESC, domain LIMIT ?')
    .all(chatId, fromDay, limit) as Array<{ domain: string; views: number }>;

/** Views per day of many shares (one dashboard page) from `fromDay` on: one indexed query for the page. */
export const viewDaysOf = (chatIds: string[], fromDay: number): Array<{ chat_id: string; day: number; views: number }> =>
  chatIds.length === 0 ? [] : stmt('SELECT chat_id, day, views FROM share_view_day WHERE chat_id IN (SELECT value FROM json_each(?)) AND day >= ?')
    .all(JSON.stringify(chatIds), fromDay) as Array<{ chat_id: string; day: number; views: number }>;
