// Cross-site request forgery guard for cookie-authenticated writes: a browser's Origin must name this server.
// Replaces Astro's checkOrigin, which also refused API clients (Bearer tokens, no cookies) sending DELETE without a body.
import { config } from '../config';
import { parseAuthorization } from './authorization';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const allowedHosts = new Set(
  [config.publicOrigin ? new URL(config.publicOrigin).host : '', ...(process.env.ALLOWED_DOMAINS ?? '').split(',')]
    .map((h) => h.trim().toLowerCase()).filter(Boolean),
);

/**
 * True when the request may proceed. Calls with a well-formed Bearer header carry no ambient credentials (request.ts
 * then never reads the cookie) and pass; so do clients that send no Origin (curl, scripts). A browser always sends Origin on cross-site writes: it must match
 * the host the request came in on (Host or X-Forwarded-Host, so TLS proxies work), PUBLIC_ORIGIN or ALLOWED_DOMAINS.
 */
export function isSameOriginWrite(request: Request, url: URL): boolean {
  if (SAFE.has(request.method)) return true;
  if (parseAuthorization(request.headers).kind === 'bearer') return true;
  const origin = request.headers.get('origin');
  const site = request.headers.get('sec-fetch-site');
  if (!origin) return site !== 'cross-site';
  // Pages sent with Referrer-Policy: no-referrer (the share pages) post with `Origin: null`; the browser's
  // Sec-Fetch-Site still says where the form was.
  if (origin === 'null') return site === 'same-origin';
  let host: string;
  try { host = new URL(origin).host.toLowerCase(); } catch { return false; }
  const own = [request.headers.get('x-forwarded-host'), request.headers.get('host'), url.host].filter(Boolean).map((h) => h!.split(',')[0]!.trim().toLowerCase());
  return own.includes(host) || allowedHosts.has(host) || allowedHosts.has(host.replace(/:\d+$/, ''));
}
