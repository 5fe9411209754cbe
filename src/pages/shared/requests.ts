// POST /shared/requests (the Shared Chats page's Approve / Decline buttons, issue 17.3): decides one request, then back.
import type { APIRoute } from 'astro';
import { HttpError, readForm } from '../../lib/http';
import { decideAccessRequest } from '../../lib/shares/audience/requests';

const see = (location: string) => new Response(null, { status: 303, headers: { location, 'cache-control': 'no-store' } });

export const POST: APIRoute = async (ctx) => {
  const user = ctx.locals.user;
  if (!user) return see('/auth/signin?next=%2Fshared');
  try {
    const form = await readForm(ctx.request);
    const decision = String(form.get('decision') ?? '');
    if (decision !== 'approve' && decision !== 'decline') return see('/shared');
    decideAccessRequest(user, String(form.get('id') ?? ''), decision === 'approve');
  } catch (err) {
    if (!(err instanceof HttpError)) throw err; // a request already decided or not this owner's: the list shows what is left
  }
  return see('/shared');
};
export const GET: APIRoute = () => see('/shared');
