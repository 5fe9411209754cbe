// sequence(auth, shareGate): who is calling, then the one gate for every /s/* request.
import { defineMiddleware, sequence } from 'astro:middleware';
import { authenticate } from './lib/auth/request';
import { isSameOriginWrite } from './lib/auth/origin-check';
import { BUSY_RETRY_AFTER, errorResponse, HttpError, isBusyError } from './lib/http';
import { isStorageUnavailable } from './lib/storage/objects';
import { buildErrorPage } from './lib/shares/serve/html';
import { isStorageFull, storageFullPage } from './lib/storage-full';
import { gateShareRequest } from './lib/shares/access';
import { warmUp } from './lib/warmup';
import { pendingOutcome } from './lib/auth/pending';
import { recordActivity } from './lib/users/activity';
import { retryBusy } from './lib/db';
import { resolveLocale, t, translator } from './lib/i18n/index';

warmUp();

const auth = defineMiddleware(async (ctx, next) => {
  if (ctx.isPrerendered) return next(); // build-time assets (code.css) have no visitor
  const headers = ctx.request.headers;
  ctx.locals.locale = resolveLocale({ cookie: headers.get('cookie'), acceptLanguage: headers.get('accept-language') });
  if (!isSameOriginWrite(ctx.request, ctx.url)) return errorResponse(new HttpError('FORBIDDEN', 'Cross-site requests are not allowed.'), ctx.locals.locale);
  // A session's renewal (a write) waits out the other worker's write lock instead of failing the request.
  const { user, token } = await retryBusy(() => authenticate(ctx.request, ctx.url, ctx.cookies));
  if (user?.locale) ctx.locals.locale = resolveLocale({ userLocale: user.locale });
  ctx.locals.t = translator(ctx.locals.locale);
  ctx.locals.user = user;
  ctx.locals.sessionToken = token;
  ctx.locals.share = null;
  if (user) recordActivity(user.id);
  if (user?.role === 'pending') {
    const outcome = pendingOutcome(ctx.request.method, ctx.url.pathname, ctx.locals.locale);
    if (outcome.kind === 'respond') return outcome.response;
    if (outcome.kind === 'anonymous') ctx.locals.user = null;
  }
  let res: Response;
  try {
    res = await next();
  } catch (err) {
    // A page's write that failed for lack of space: a 507 page (or JSON) in plain words, never a bare 500.
    if (!isStorageFull(err)) throw err;
    return ctx.url.pathname.startsWith('/api/') ? errorResponse(err, ctx.locals.locale) : storageFullPage(ctx.locals.locale, err);
  }
  // An API route asked with a method it does not export: Astro answers its HTML 404; API clients get JSON.
  if (res.status === 404 && ctx.url.pathname.startsWith('/api/') && !res.headers.get('content-type')?.includes('json')) {
    return errorResponse(new HttpError('METHOD_NOT_ALLOWED', `This endpoint does not accept ${ctx.request.method} requests.`), ctx.locals.locale);
  }
  return res;
});

const shareGate = defineMiddleware(async (ctx, next) => {
  const denied = await gateShareRequest(ctx);
  return denied ?? next();
});

// Outermost: a database still locked by the other worker after the retries answers 503 + Retry-After, never Astro's 500.
const busy = defineMiddleware(async (ctx, next) => {
  try {
    return await next();
  } catch (err) {
    const locale = ctx.locals.locale ?? 'en';
    // The object store is unreachable (reading a share's files, or publishing them): 503, never a 500.
    if (isStorageUnavailable(err)) {
      if (ctx.url.pathname.startsWith('/api/')) return errorResponse(err, locale);
      const page = buildErrorPage({ status: 503, code: err.code, title: t(locale, 'viewer.title_storageUnavailable'), message: t(locale, 'viewer.detail_storageUnavailable'), locale });
      return new Response(page, { status: 503, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...err.headers } });
    }
    if (!isBusyError(err)) throw err;
    if (ctx.url.pathname.startsWith('/api/')) return errorResponse(err, locale);
    const page = buildErrorPage({ status: 503, code: 'BUSY', title: t(locale, 'viewer.title_busy'), message: t(locale, 'viewer.detail_busy'), locale });
    return new Response(page, { status: 503, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'retry-after': BUSY_RETRY_AFTER } });
  }
});

export const onRequest = sequence(busy, auth, shareGate);
