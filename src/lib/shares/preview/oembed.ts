// GET /api/oembed?url=…&format=json: a `rich` embed of a share anyone may read (oembed.com). Decided by the gate as an
// anonymous reader, and never for a link whose reading is limited or protected: those are private to oEmbed (401).
import { HttpError, msg } from '../../http';
import { gateShare } from '../access';
import { capText, isEmbeddable, META_LIMITS } from './head';
import { escapeHtml } from '../../render/escape';
import { imageUrl, openCard } from './cards';
import { t, type Locale } from '../../i18n/index';

const SHARE_PATH = /^\/s\/([A-Za-z0-9._~-]{1,200})\/?$/;
const DEFAULT_WIDTH = 550;
const DEFAULT_HEIGHT = 220;

/** The share id a consumer's url names on this site (any scheme: a proxy may end TLS), or null. */
function shareIdOf(raw: string, origin: string): string | null {
  let url: URL;
  try { url = new URL(raw); } catch { return null; }
  if (url.host.toLowerCase() !== new URL(origin).host.toLowerCase() || !/^https?:$/.test(url.protocol)) return null;
  const m = SHARE_PATH.exec(url.pathname);
  if (!m) return null;
  try { return decodeURIComponent(m[1]!); } catch { return null; }
}

/** maxwidth / maxheight: a positive integer bounds ours; anything else is ignored. */
const bound = (raw: string | null, fallback: number) => {
  const n = raw !== null && /^\d{1,6}$/.test(raw) ? Number(raw) : 0;
  return n > 0 ? Math.min(n, fallback) : fallback;
};

export async function oembed(params: URLSearchParams, origin: string, locale: Locale): Promise<Response> {
  const raw = params.get('url');
  if (!raw) throw new HttpError('BAD_REQUEST', msg('api.oembedUrlMissing'));
  const format = params.get('format') ?? 'json';
  if (format !== 'json') throw new HttpError('NOT_IMPLEMENTED', msg('api.oembedFormat'));
  const id = shareIdOf(raw, origin);
  if (!id) throw new HttpError('NOT_FOUND', msg('api.oembedNotFound'));
  const g = gateShare({ locals: { user: null } }, id, false, () => undefined);
  const s = g.share;
  if (!s || (!g.access.allow && g.access.code !== 'LOGIN_REQUIRED' && g.access.code !== 'PASSWORD_REQUIRED')) {
    throw new HttpError('NOT_FOUND', msg('api.oembedNotFound'));
  }
  if (!g.access.allow || !isEmbeddable(s)) throw new HttpError('UNAUTHORIZED', msg('api.oembedPrivate'));
  const card = await openCard(s);
  if (!card) throw new HttpError('NOT_FOUND', msg('api.oembedNotFound'));
  const pageUrl = `${origin}/s/${encodeURIComponent(s.share_id)}`;
  const title = capText(card.title, META_LIMITS.title);
  const summary = capText(card.summary || t(locale, 'viewer.openDescription'), META_LIMITS.description);
  const e = escapeHtml;
  // No iframe (share pages refuse framing) and no script: a quote card any site can show as is.
  const html = `<blockquote class="chatshare-embed" cite="${e(pageUrl)}"><p><strong><a href="${e(pageUrl)}">${e(title)}</a></strong></p><p>${e(summary)}</p><p>— <a href="${e(origin)}/">chatshare</a></p></blockquote>`;
  const now = Math.floor(Date.now() / 1000);
  const cacheAge = Math.max(0, Math.min(3600, s.expires_at ? s.expires_at - now : 3600));
  return new Response(JSON.stringify({
    version: '1.0', type: 'rich', provider_name: 'chatshare', provider_url: `${origin}/`, title,
    html, width: bound(params.get('maxwidth'), DEFAULT_WIDTH), height: bound(params.get('maxheight'), DEFAULT_HEIGHT),
    thumbnail_url: imageUrl(origin, s, card.version), thumbnail_width: 1200, thumbnail_height: 630, cache_age: cacheAge,
  }), {
    headers: {
      'content-type': 'application/json; charset=utf-8', 'cache-control': `public, max-age=${cacheAge}`,
      'access-control-allow-origin': '*', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer',
    },
  });
}
