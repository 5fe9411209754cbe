// The one reading of the Authorization header, shared by authentication and the cross-site write guard so they agree.

export type Authorization =
  | { kind: 'none' } // no header: the session cookie may speak for the caller
  | { kind: 'bearer'; token: string } // well-formed Bearer: the only credential that exempts a write from the origin check
  | { kind: 'other' } // another scheme (Basic from a proxy's login in front of us): not ours, so ignored
  | { kind: 'malformed' }; // a Bearer (or unreadable) header we cannot use: authenticates nobody

// RFC 6750: "Bearer" 1*SP b64token. Exactly one token, so "Bearer x y" and two joined headers are malformed.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;
// RFC 9110 auth-scheme (a token), optionally followed by credentials.
const SCHEME = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+)(?: +.*)?$/;

export function parseAuthorization(headers: Headers): Authorization {
  const value = headers.get('authorization');
  if (value === null) return { kind: 'none' };
  const bearer = BEARER.exec(value);
  if (bearer) return { kind: 'bearer', token: bearer[1]! };
  const scheme = SCHEME.exec(value)?.[1];
  if (!scheme || scheme.toLowerCase() === 'bearer') return { kind: 'malformed' };
  return { kind: 'other' };
}
