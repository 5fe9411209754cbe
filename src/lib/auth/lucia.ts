// The lucia v3 instance, kept behind this module and session.ts so it can be swapped (lucia is unmaintained).
import { Lucia } from 'lucia';
import { sessionAdapter } from './store';

/** `pending`: signed up while new accounts wait for an admin's approval (DEFAULT_USER_ROLE=pending). */
export type Role = 'admin' | 'user' | 'pending';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  avatarUpdatedAt: number | null;
  /** The language picked in Settings or the footer; null follows the browser. */
  locale: string | null;
}

interface DatabaseUserAttributes {
  email: string;
  name: string;
  role: Role;
  avatar_updated_at: number | null;
  locale: string | null;
}

/** The session cookie's name (the fast path in src/server/entry.ts hands any request carrying it to Astro). */
export const SESSION_COOKIE = 'auth_session';

function makeLucia() {
  return new Lucia(sessionAdapter(), {
    // Secure is decided per request from the protocol (session.ts), so one build serves http tests and TLS.
    sessionCookie: { name: SESSION_COOKIE, expires: true, attributes: { secure: false, sameSite: 'lax' } },
    getUserAttributes: (a): Omit<SessionUser, 'id'> => ({
      email: a.email,
      name: a.name,
      role: a.role,
      avatarUpdatedAt: a.avatar_updated_at,
      locale: a.locale ?? null,
    }),
  });
}

let instance: ReturnType<typeof makeLucia> | null = null;
export const lucia = () => (instance ??= makeLucia());

declare module 'lucia' {
  interface Register {
    Lucia: ReturnType<typeof makeLucia>;
    DatabaseUserAttributes: DatabaseUserAttributes;
  }
}
