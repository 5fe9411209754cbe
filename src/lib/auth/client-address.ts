// Who is on the other end, for the throttles: the socket's address, or the client our own proxy reports (TRUST_PROXY).
import { isIP } from 'node:net';
import type { APIContext } from 'astro';

/**
 * TRUST_PROXY says how many reverse proxies stand between clients and this server, each appending the address it
 * received from to X-Forwarded-For (nginx's $proxy_add_x_forwarded_for, Caddy and Traefik do this by default):
 * - unset, empty, false, 0, no, off: none. X-Forwarded-For is ignored; the client is the socket's address.
 * - true, yes, on: one proxy, the usual set-up.
 * - a whole number N: a chain of N proxies.
 * The client is the right-most hop our proxies did not write: the last proxy's own entry is the socket, the N-1
 * entries before it are the other proxies, and the one left of those is the client. Entries further left were sent
 * by the client and are ignored, so a client cannot pick its own address. Set it only when the server is reachable
 * through the proxies alone: anyone who can connect directly could otherwise write the hop we read.
 */
export function trustedProxyHops(raw: string | undefined): number {
  const value = (raw ?? '').trim().toLowerCase();
  if (!value || ['false', '0', 'no', 'off'].includes(value)) return 0;
  if (/^\d+$/.test(value)) return Math.min(Number(value), 32);
  return 1; // true, yes, on, or any other set value: one proxy
}

const HOPS = trustedProxyHops(process.env.TRUST_PROXY);

/** One X-Forwarded-For entry or socket address as a plain IP (ports, brackets, zones and IPv4-mapped prefixes dropped). */
export function normalizeAddress(raw: string): string | null {
  let a = raw.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'));
  a = a.replace(/%.*$/, '');
  if (a.startsWith('::ffff:') && isIP(a.slice(7)) === 4) a = a.slice(7);
  return isIP(a) ? a : null;
}

/** The client's address given the socket's, the X-Forwarded-For header and how many proxies we trust. */
export function addressFromHops(socket: string | null, forwardedFor: string | null, hops: number): string {
  const own = (socket && normalizeAddress(socket)) || 'unknown';
  if (hops === 0 || !forwardedFor) return own;
  const entries = forwardedFor.split(',').map((e) => e.trim()).filter(Boolean);
  // The chain, nearest last: [...entries, socket]. The socket and the hops-1 entries before it are our proxies.
  const index = entries.length - hops;
  const hop = entries[Math.max(0, index)];
  return (hop && normalizeAddress(hop)) || own;
}

/** The address of the client of this request, as the throttles count it. */
export function clientAddress(ctx: Pick<APIContext, 'clientAddress' | 'request'>): string {
  let socket: string | null = null;
  // Astro's clientAddress is the socket's address while astro.config sets no security.allowedDomains (with them it
  // would take the left-most X-Forwarded-For, which the client writes); it throws where no address is known.
  try { socket = ctx.clientAddress; } catch { /* no socket: counted under 'unknown' */ }
  return addressFromHops(socket, ctx.request.headers.get('x-forwarded-for'), HOPS);
}

/**
 * The key a throttle counts a client under: its address, or for IPv6 its /64 network, since one subscriber
 * usually holds a whole /64 and could otherwise take a fresh address for every attempt.
 */
export function clientKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = '', tail] = address.split('::') as [string, string | undefined];
  const groups = (part: string | undefined) => (part ? part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : []);
  const left = groups(head);
  const right = groups(tail);
  const full = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${full.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}
