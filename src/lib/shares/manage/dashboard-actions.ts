// The Shared Chats page's form posts: row, bulk and danger-zone actions, each answered by a short notice for the next page.
import { nowSeconds } from '../../db';
import { HttpError } from '../../http';
import { isLocale, translator, type Locale, type Translate } from '../../i18n/index';
import { dangerWord, isDangerAction, typedWordMatches, type DangerAction } from './danger-words';
import { shareStatus } from '../gate';
import { ownedShares } from '../store';
import { dashboardHref, parseDashboardQuery } from './dashboard-query';
import {
  bulkShareAction, clearRevokedShares, getShareByChat, ownShareMatches, resetAllStats, resetStats, restoreShare, revokeAllShares, revokeShare,
} from './manage';

export { isDangerAction, type DangerAction };

const NOTICE_CODES = ['revoked', 'restored', 'reset', 'cleared', 'nothing_revoke', 'nothing_restore', 'none_selected', 'gone', 'unreadable'] as const;
export type NoticeCode = (typeof NOTICE_CODES)[number];
export interface Notice { code: NoticeCode; n: number; m: number }

export type ActionResult =
  | { ok: true; notice: Notice; returnTo: string }
  | { ok: false; confirm: DangerAction; error: string; returnTo: string };

const NOTICE_KEYS: Record<NoticeCode, string> = {
  revoked: 'dashboard.noticeRevoked', restored: 'dashboard.noticeRestored', reset: 'dashboard.noticeReset', cleared: 'dashboard.noticeCleared',
  nothing_revoke: 'dashboard.noticeNothingRevoke', nothing_restore: 'dashboard.noticeNothingRestore',
  none_selected: 'dashboard.noticeNoneSelected', gone: 'dashboard.noticeGone', unreadable: 'dashboard.noticeUnreadable',
};
const ERROR_NOTICES: ReadonlySet<NoticeCode> = new Set(['none_selected', 'gone', 'unreadable']);

/** The sentence shown at the top of the page after an action, in the page's language; errors have `error: true`. */
export function noticeText({ code, n, m }: Notice, t: Translate): { text: string; error: boolean } {
  return { text: t(NOTICE_KEYS[code], { n, m }), error: ERROR_NOTICES.has(code) };
}

/** Notices travel to the next page in a short-lived cookie as `code.n.m`; anything else reads as no notice. */
export const encodeNotice = (n: Notice) => `${n.code}.${n.n}.${n.m}`;
export function decodeNotice(value: string | undefined): Notice | null {
  const m = /^([a-z_]{1,20})\.(\d{1,9})\.(\d{1,9})$/.exec(value ?? '');
  if (!m) return null;
  const code = m[1] as NoticeCode;
  return NOTICE_CODES.includes(code) ? { code, n: Number(m[2]), m: Number(m[3]) } : null;
}

const ok = (code: NoticeCode, n: number, m = 0, returnTo = '/shared'): ActionResult => ({ ok: true, notice: { code, n, m }, returnTo });

/** Where to go back to: the page's own view, rebuilt from what the form carried (never a foreign address). */
function returnToOf(form: FormData): string {
  const raw = String(form.get('return') ?? '');
  const qs = raw.startsWith('/shared?') ? raw.slice('/shared?'.length) : '';
  return dashboardHref(parseDashboardQuery(new URLSearchParams(qs)).view);
}

function selectedIds(userId: string, form: FormData): string[] | null {
  if (form.get('scope') === 'matches') {
    try {
      return ownShareMatches(userId, new URLSearchParams(String(form.get('filters') ?? ''))).items.map((i) => i.chat_id);
    } catch (err) {
      if (err instanceof HttpError) return null;
      throw err;
    }
  }
  return [...new Set(form.getAll('chat_id').map(String).filter(Boolean))].slice(0, 10_000);
}

async function runBulk(userId: string, action: 'revoke' | 'restore' | 'reset_stats', ids: string[]): Promise<ActionResult> {
  const now = nowSeconds();
  const mine = ownedShares(userId, ids);
  if (mine.length === 0) return ok(ids.length ? 'gone' : 'none_selected', ids.length);
  if (action === 'reset_stats') {
    const { done } = await bulkShareAction(userId, { action, chat_ids: mine.map((s) => s.chat_id) });
    return ok('reset', done.length);
  }
  // Only links whose state changes are touched: revoking a revoked link would still move its "Last Updated".
  // Revoke takes active and expired links; restore takes revoked and expired ones.
  const applies = mine.filter((s) => shareStatus(s, now) !== (action === 'revoke' ? 'revoked' : 'active'));
  const already = mine.length - applies.length;
  if (applies.length === 0) return ok(action === 'revoke' ? 'nothing_revoke' : 'nothing_restore', mine.length);
  const { done } = await bulkShareAction(userId, { action, chat_ids: applies.map((s) => s.chat_id) });
  return ok(action === 'revoke' ? 'revoked' : 'restored', done.length, already);
}

/** Runs one posted action of the page. Row actions name one chat; bulk ones a selection; danger ones a typed word. */
export async function runDashboardAction(userId: string, form: FormData, requestUrl: URL, locale: Locale): Promise<ActionResult> {
  const action = String(form.get('action') ?? '');
  const returnTo = returnToOf(form);
  const withReturn = (r: ActionResult): ActionResult => ({ ...r, returnTo });

  if (isDangerAction(action)) {
    // The word is checked in the language the dialog asked for it (the form says which), so a language switched in
    // another tab meanwhile cannot make the word just typed wrong; the error is in the page's language.
    const asked = form.get('lang');
    const word = dangerWord(translator(isLocale(asked) ? asked : locale), action);
    if (!typedWordMatches(String(form.get('confirm') ?? ''), word)) {
      return { ok: false, confirm: action, error: translator(locale)('dashboard.typeToConfirmError', { word: dangerWord(translator(locale), action) }), returnTo };
    }
    if (action === 'revoke_all') return withReturn(ok('revoked', (await revokeAllShares(userId)).revoked));
    if (action === 'reset_all') return withReturn(ok('reset', (await resetAllStats(userId)).reset));
    return withReturn(ok('cleared', (await clearRevokedShares(userId)).cleared));
  }

  const bulk = /^bulk_(revoke|restore|reset_stats)$/.exec(action)?.[1] as 'revoke' | 'restore' | 'reset_stats' | undefined;
  if (bulk) {
    const ids = selectedIds(userId, form);
    if (ids === null) return withReturn(ok('unreadable', 0));
    if (ids.length === 0) return withReturn(ok('none_selected', 0));
    return withReturn(await runBulk(userId, bulk, ids));
  }

  const chatId = String(form.get('chat_id') ?? '');
  try {
    if (action === 'revoke') {
      // A link cleared meanwhile (or a chat deleted) is "gone", as before; one revoked already stays revoked.
      if (!revokeShare(userId, chatId) && !getShareByChat(chatId)) return withReturn(ok('gone', 1));
    }
    else if (action === 'restore') restoreShare(userId, chatId, requestUrl);
    else if (action === 'reset_stats') resetStats(userId, chatId, requestUrl);
    else return withReturn(ok('unreadable', 0));
  } catch (err) {
    if (err instanceof HttpError && err.status === 404) return withReturn(ok('gone', 1));
    throw err;
  }
  return withReturn(ok(action === 'revoke' ? 'revoked' : action === 'restore' ? 'restored' : 'reset', 1));
}
