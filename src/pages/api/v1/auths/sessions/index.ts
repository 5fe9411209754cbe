import { endpoint } from '../../../../../lib/api';
import { requireUser } from '../../../../../lib/auth/request';
import { sessionIdOf } from '../../../../../lib/auth/session';
import { endOtherSessions, listSessions } from '../../../../../lib/auth/sessions-store';

const currentId = (token: string | null) => (token ? sessionIdOf(token) : null);

/** The caller's sessions, newest use first; `current` marks the one asking. */
export const GET = endpoint((ctx) => listSessions(requireUser(ctx).id, currentId(ctx.locals.sessionToken)));
/** Sign out of every other session (with an API key, of every session). */
export const DELETE = endpoint((ctx) => ({ ended: endOtherSessions(requireUser(ctx).id, currentId(ctx.locals.sessionToken)) }));
