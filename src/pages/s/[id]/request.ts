// The 403 page's "Request access" (issue 17.3): POST asks the owner (an optional note), then back to the link's page,
// which says where the request stands. GET goes to the page.
import type { APIRoute } from 'astro';
import { HttpError, readForm } from '../../../lib/http';
import { requestAccess } from '../../../lib/shares/audience/requests';
import { accessDeniedResult, toResponse } from '../../../lib/shares/serve/results';
import { deny } from '../../../lib/shares/gate';
import { getShareByShareId } from '../../../lib/shares/store';

const see = (location: string) => new Response(null, { status: 303, headers: { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } });

export const GET: APIRoute = (ctx) => see(`/s/${encodeURIComponent(ctx.params.id ?? '')}`);

export const POST: APIRoute = async (ctx) => {
  const id = ctx.params.id ?? '';
  const page = `/s/${encodeURIComponent(id)}`;
  if (!ctx.locals.user) return see(`/auth/signin?next=${encodeURIComponent(page)}`);
  let note: unknown = '';
  try { note = (await readForm(ctx.request)).get('note') ?? ''; } catch { /* not a form: no note */ }
  try {
    requestAccess(ctx, id, note);
    return see(page);
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    const share = err.code === 'RATE_LIMITED' || err.code === 'VALIDATION_ERROR' ? getShareByShareId(id) : null;
    if (!share) return see(page); // let the page say what the link is now (allowed, expired, gone)
    const r = accessDeniedResult(deny('SHARE_ACCESS_DENIED'), ctx.locals.locale, page, ctx.locals.user.id, share, err.detailIn(ctx.locals.locale));
    return toResponse({ ...r, status: err.status, headers: { ...r.headers, ...err.headers } });
  }
};
