// The Shared Chats page's address: reads its query (filters, sort, page) into a view, builds the API's parameters and every link back.
import { HttpError } from '../../http';
import { ORDER_COLUMNS, parseShareListQuery, type OrderColumn } from './listing';

export interface DashboardView {
  query: string;
  /** Calendar days (YYYY-MM-DD) in the viewer's time zone; `tz` is its offset in minutes as the browser reports it. */
  from: string;
  to: string;
  tz: number;
  is_public: '' | 'true' | 'false';
  password: '' | 'true' | 'false';
  status: '' | 'active' | 'expired' | 'revoked';
  type: '' | 'snapshot' | 'live';
  order_by: OrderColumn;
  direction: 'asc' | 'desc';
  page: number;
  page_size: number;
}

export const PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_VIEW: DashboardView = {
  query: '', from: '', to: '', tz: 0, is_public: '', password: '', status: '', type: '', order_by: 'updated_at', direction: 'desc', page: 1, page_size: 20,
};

// The address parameters a problem can be named by (the API's own names for the dates are the page's from and to).
const PROBLEM_PARAMS = new Set(['query', 'from', 'to', 'tz', 'is_public', 'password', 'status', 'type', 'order_by', 'direction', 'page', 'page_size']);
const API_TO_PAGE: Record<string, string> = { start_date: 'from', end_date: 'to' };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Midnight at the start of a calendar day in the viewer's zone, as unix seconds; null for anything that is not a real date. */
function dayStart(day: string, tz: number): number | null {
  const m = DAY.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const check = new Date(t);
  if (y < 1970 || check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return t / 1000 + tz * 60; // getTimezoneOffset() is UTC minus local time, in minutes
}

const first = (params: URLSearchParams, key: string) => (params.get(key) ?? '').trim();

class ViewProblem extends Error {
  constructor(readonly param: string) { super(param); }
}

function readView(params: URLSearchParams): DashboardView {
  const tzRaw = first(params, 'tz');
  let tz = 0;
  if (tzRaw) {
    if (!/^-?\d{1,4}$/.test(tzRaw) || Math.abs(Number(tzRaw)) > 24 * 60) throw new ViewProblem('tz');
    tz = Number(tzRaw);
  }
  let from = first(params, 'from');
  let to = first(params, 'to');
  if (from && dayStart(from, tz) === null) throw new ViewProblem('from');
  if (to && dayStart(to, tz) === null) throw new ViewProblem('to');
  if (from && to && from > to) [from, to] = [to, from]; // a range typed backwards still means the days between
  const api = apiParamsOf({ ...DEFAULT_VIEW, from, to, tz });
  for (const key of ['query', 'is_public', 'password', 'status', 'type', 'order_by', 'direction', 'page', 'page_size']) {
    const v = first(params, key);
    if (v) api.set(key, v);
  }
  let q;
  try {
    q = parseShareListQuery(api);
  } catch (err) {
    if (err instanceof HttpError) throw new ViewProblem(err.detail.split(':')[0]!);
    throw err;
  }
  const str = (b: boolean | undefined) => (b === undefined ? '' : b ? 'true' : 'false');
  return {
    query: q.query ?? '', from, to, tz, is_public: str(q.is_public), password: str(q.password),
    status: q.status && q.status !== 'all' ? q.status : '', type: q.type && q.type !== 'all' ? q.type : '',
    order_by: q.order_by, direction: q.direction, page: q.page, page_size: q.page_size,
  };
}

/**
 * Reads the page's address. Anything it cannot read resets the filters (keeping the time zone) and names the parameter
 * in `problem` ('other' when unsure), for the page to say so in plain words (dashboard.addressProblem): a hand-edited
 * or stale link shows the page, never an error.
 */
export function parseDashboardQuery(params: URLSearchParams): { view: DashboardView; problem: string | null } {
  try {
    return { view: readView(params), problem: null };
  } catch (err) {
    if (!(err instanceof ViewProblem)) throw err;
    const tz = Number(first(params, 'tz'));
    const view = { ...DEFAULT_VIEW, tz: Number.isInteger(tz) && Math.abs(tz) <= 24 * 60 ? tz : 0 };
    const param = API_TO_PAGE[err.param] ?? err.param;
    return { view, problem: PROBLEM_PARAMS.has(param) ? param : 'other' };
  }
}

/** The filter part of the API's query for a view (search, dates, visibility, password, status, type). */
export function filterParamsOf(view: DashboardView, opts: { withStatus?: boolean } = {}): URLSearchParams {
  const p = new URLSearchParams();
  if (view.query) p.set('query', view.query);
  const start = view.from ? dayStart(view.from, view.tz) : null;
  const end = view.to ? dayStart(view.to, view.tz) : null;
  if (start !== null) p.set('start_date', String(Math.max(0, start)));
  if (end !== null) p.set('end_date', String(Math.max(0, end + 86_399)));
  if (view.is_public) p.set('is_public', view.is_public);
  if (view.password) p.set('password', view.password);
  if (view.status && opts.withStatus !== false) p.set('status', view.status);
  if (view.type) p.set('type', view.type);
  return p;
}

/** The API's full list query for a view: filters plus sort and page. */
export function apiParamsOf(view: DashboardView): URLSearchParams {
  const p = filterParamsOf(view);
  p.set('order_by', view.order_by);
  p.set('direction', view.direction);
  p.set('page', String(view.page));
  p.set('page_size', String(view.page_size));
  return p;
}

/** The page's own address for a view, defaults left out so links stay short and stable. */
export function dashboardHref(view: DashboardView, patch: Partial<DashboardView> = {}): string {
  const v = { ...view, ...patch };
  const p = new URLSearchParams();
  if (v.query) p.set('query', v.query);
  if (v.from) p.set('from', v.from);
  if (v.to) p.set('to', v.to);
  if ((v.from || v.to) && v.tz) p.set('tz', String(v.tz));
  for (const key of ['is_public', 'password', 'status', 'type'] as const) if (v[key]) p.set(key, v[key]);
  if (v.order_by !== DEFAULT_VIEW.order_by || v.direction !== DEFAULT_VIEW.direction) {
    p.set('order_by', v.order_by);
    p.set('direction', v.direction);
  }
  if (v.page !== 1) p.set('page', String(v.page));
  if (v.page_size !== DEFAULT_VIEW.page_size) p.set('page_size', String(v.page_size));
  const qs = p.toString();
  return qs ? `/shared?${qs}` : '/shared';
}

/** True when any filter (not sort or page) narrows the list. */
export const isFiltered = (v: DashboardView) => !!(v.query || v.from || v.to || v.is_public || v.password || v.status || v.type);

/** The link a column header points to: first click sorts text ascending and numbers/dates descending; the next flips it. */
export function sortHref(view: DashboardView, column: OrderColumn): string {
  const natural: 'asc' | 'desc' = column === 'title' || column === 'share_id' ? 'asc' : 'desc';
  const direction = view.order_by === column ? (view.direction === 'asc' ? 'desc' : 'asc') : natural;
  return dashboardHref(view, { order_by: column, direction, page: 1 });
}

export { ORDER_COLUMNS };
