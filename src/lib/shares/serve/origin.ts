// The origin share pages write into og:url and og:image. Never an arbitrary request Host: the page's bytes (and the
// compressed copies kept per page) would then multiply with every Host a client invents.
import { config } from '../../config';

const HOST = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/** The address the server listens on, as a Host (an any-address listener is named localhost). */
function listeningHost(): string {
  const host = (process.env.HOST || '127.0.0.1').trim();
  const port = process.env.PORT || '4321';
  const name = host === '0.0.0.0' || host === '::' || host === '' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `${name}:${port}`;
}

const allowedHosts = (process.env.ALLOWED_DOMAINS ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
const listening = listeningHost().toLowerCase();
// Hosts a page may be built for: ALLOWED_DOMAINS and the listening address (with its loopback spellings).
const known = new Set([...allowedHosts, listening, ...(/^(?:127\.0\.0\.1|localhost|\[::1\]):/.test(listening) ? ['127.0.0.1', 'localhost', '[::1]'].map((h) => `${h}:${listening.slice(listening.lastIndexOf(':') + 1)}`) : [])]);
/** The one origin used for every other Host: the first of ALLOWED_DOMAINS, else the listening address. */
const fallbackHost = allowedHosts[0] ?? listening;

/**
 * The site's origin for absolute links: PUBLIC_ORIGIN when set; else the request's Host when it is one of
 * ALLOWED_DOMAINS or the listening address; else a fixed one (the first of ALLOWED_DOMAINS, or the listening
 * address). The scheme follows X-Forwarded-Proto (two values at most).
 */
export function siteOrigin(header: (name: string) => string | null): string {
  if (config.publicOrigin) return config.publicOrigin;
  const host = (header('host') ?? '').toLowerCase();
  const chosen = HOST.test(host) && known.has(host) ? host : fallbackHost;
  return `${header('x-forwarded-proto') === 'https' ? 'https' : 'http'}://${chosen}`;
}
