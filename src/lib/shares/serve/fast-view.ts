// The fast path: GET/HEAD /s/{id} from a signed-out viewer, answered from node:http without Astro's per-request
// machinery, through the very functions the Astro route uses (gateShare, viewSharePage), so bytes and counts match.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SESSION_COOKIE } from '../../auth/lucia';
import { isLiveSession } from '../../auth/session-store';
import { cookieValue, resolveLocale } from '../../i18n/locales';
import { gateShare } from '../access';
import { viewSharePage } from './pages';
import type { ViewResult } from './results';
import { partParam } from './conversation-parts';
import { anchorParam } from '../../render/anchor';

// Ids a share can have (share-rules.ts normalizes to these); anything else (escapes, sub-paths) goes to Astro.
const FAST_PATH = /^\/s\/([A-Za-z0-9._~-]{1,200})$/;

const header = (req: IncomingMessage) => (name: string): string | null => {
  const v = req.headers[name];
  return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
};

const decoded = (raw: string): string => { try { return decodeURIComponent(raw); } catch { return raw; } };

/**
 * The share id when this request may take the fast path: GET or HEAD of a share page by a signed-out viewer (no
 * Authorization, no session cookie naming a live session: signed-in viewers see owner and recipe, so Astro
 * authenticates them; a made-up cookie is a signed-out viewer and costs one cached lookup). Null otherwise.
 */
export function fastShareId(req: IncomingMessage, rawPath: string): string | null {
  if (process.env.CHATSHARE_FAST_PATH === '0') return null;
  if (req.method !== 'GET' && req.method !== 'HEAD') return null;
  const m = FAST_PATH.exec(rawPath);
  if (!m || req.headers.authorization !== undefined) return null;
  const cookie = req.headers.cookie;
  const session = cookie ? cookieValue(cookie, SESSION_COOKIE) : null;
  if (session !== null && isLiveSession(decoded(session))) return null;
  return m[1]!;
}

/** Answers the page: the gate, the counted view and the page parts of viewSharePage, written as one writev. */
export async function serveShareFast(req: IncomingMessage, res: ServerResponse, rawPath: string, shareId: string): Promise<void> {
  const get = header(req);
  const cookie = get('cookie');
  const readCookie = (name: string) => {
    const raw = cookieValue(cookie, name);
    if (raw === null) return undefined;
    try { return decodeURIComponent(raw); } catch { return raw; }
  };
  const share = gateShare({ locals: { user: null } }, shareId, undefined, readCookie);
  const q = req.url?.indexOf('?') ?? -1;
  const query = q < 0 ? null : new URLSearchParams(req.url!.slice(q + 1));
  const part = query && partParam(query.get('part'));
  // ?m= (a link to one message) changes only what previews get; a browser's page is the same bytes without it.
  const message = query && anchorParam(query.get('m'));
  const branch = query && anchorParam(query.get('b')); // another branch of a share with all branches (branches.ts)
  const result = await viewSharePage({
    method: req.method!, header: get, path: rawPath, user: null, part, message, branch,
    locale: resolveLocale({ cookie, acceptLanguage: get('accept-language') }), share,
  });
  writeResult(req, res, result);
  if (TRACE) console.log(`chatshare: fast path ${req.method} ${rawPath} ${result.status}`);
}

// Tests prove which path answered from the log (the responses themselves must be identical).
const TRACE = process.env.CHATSHARE_FAST_PATH_TRACE === '1';

function writeResult(req: IncomingMessage, res: ServerResponse, r: ViewResult): void {
  res.writeHead(r.status, r.headers);
  if (req.method === 'HEAD' || r.body.length === 0) {
    res.end();
    return;
  }
  res.cork(); // the chunks leave in one writev when end() uncorks
  for (const chunk of r.body) res.write(chunk);
  res.end();
}
