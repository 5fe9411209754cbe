// What an owner reads of a share's statistics: GET /chats/{id}/share/stats, and the dashboard's sparklines (one query
// for the page's rows).
import { HttpError, msg } from '../../http';
import { requireShare } from '../manage/manage';
import { previewTotals, referrerTotals, viewDays, viewDaysOf } from './store';
import { dateOfDay, dayOf, RETENTION_DAYS } from './tally';

export const WINDOWS = [7, 30, 90] as const;
const TOP_REFERRERS = 20;

export interface ShareStats {
  chat_id: string;
  share_id: string;
  /** One entry per day of the window, oldest first, days without views included (0). */
  days: Array<{ date: string; views: number }>;
  /** share.views: every counted view since the link was made or its statistics reset (exact). */
  total_views: number;
  /** The views of the window's days (these may miss the last seconds before a crash). */
  window_views: number;
  /** Link previews per platform in the window (counted apart from views). */
  previews: Record<string, number>;
  /** The referring sites of the window, most views first (at most 20); 'other' holds those past 50 a day. */
  referrers: Array<{ domain: string; views: number }>;
}

/** `?days=` of the API: 7, 30 or 90 (the default). */
export function parseWindow(raw: string | null): number {
  if (raw === null || raw === '') return RETENTION_DAYS;
  const n = Number(raw);
  if (!(WINDOWS as readonly number[]).includes(n)) throw new HttpError('VALIDATION_ERROR', msg('stats.badWindow'));
  return n;
}

/** The owner's statistics of the share of chat `chatId` over the last `window` days (today included, UTC). */
export function shareStatsOf(userId: string, chatId: string, window = RETENTION_DAYS, now = Date.now()): ShareStats {
  const share = requireShare(userId, chatId); // another's chat, or one without a link: the 404 the sibling routes answer
  const today = dayOf(now);
  const first = today - window + 1;
  const byDay = new Map(viewDays(chatId, first).map((r) => [r.day, r.views]));
  const days = Array.from({ length: window }, (_, i) => ({ date: dateOfDay(first + i), views: byDay.get(first + i) ?? 0 }));
  const previews: Record<string, number> = Object.create(null);
  for (const p of previewTotals(chatId, first)) previews[p.platform] = p.previews;
  return {
    chat_id: chatId, share_id: share.share_id, days, total_views: share.views,
    window_views: days.reduce((a, d) => a + d.views, 0), previews: { ...previews }, referrers: referrerTotals(chatId, first, TOP_REFERRERS),
  };
}

/** Views per day over the last `window` days for each of these shares (zeros filled), from one query. */
export function sparklinesOf(chatIds: string[], window = 30, now = Date.now()): Map<string, number[]> {
  const first = dayOf(now) - window + 1;
  const out = new Map<string, number[]>(chatIds.map((id) => [id, new Array<number>(window).fill(0)]));
  for (const r of viewDaysOf(chatIds, first)) {
    const row = out.get(r.chat_id);
    if (row && r.day - first < window) row[r.day - first] = r.views;
  }
  return out;
}
