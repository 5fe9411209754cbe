// Downloads from the viewer (issue 18 item 3): the shared chat as Markdown or as an Open WebUI export, served by the
// server from what the share publishes (the snapshot, or a live chat's current branch), gated and counted like a view.
import type { APIContext } from 'astro';
import { t } from '../../i18n/index';
import { countDownload } from '../access';
import { sharedBytes } from './clone';
import { deny } from '../gate';
import { isPreviewRequest, shareOriginFor } from './pages';
import { errorPage } from './results';
import { shareDownloadOf } from '../../render/pool';
import type { DownloadFormat } from './download-job';

const FORMATS: Record<DownloadFormat, { type: string; ext: string }> = {
  md: { type: 'text/markdown; charset=utf-8', ext: 'md' },
  json: { type: 'application/json; charset=utf-8', ext: 'json' },
};

const base = (title: string) => title.replace(/[^\p{L}\p{N} _-]+/gu, '').trim().replace(/\s+/g, '-').slice(0, 80) || 'chat';
/** A refusal of our own (not the gate's) as the same friendly page, with its code. */
const refusal = (status: number, code: string, detail: string) => ({ status, code, detail }) as unknown as Parameters<typeof errorPage>[0];
const plain = (status: number, headers: Record<string, string> = {}) => new Response(null, {
  status, headers: { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-robots-tag': 'noindex, nofollow', ...headers },
});

/** GET /s/{id}/download?format=md|json: the middleware applied the gate (a page's proof of its counted view included). */
export async function shareDownload(ctx: APIContext): Promise<Response> {
  const { locale } = ctx.locals;
  const g = ctx.locals.share!;
  const path = `/s/${encodeURIComponent(g.shareId)}`;
  const format = ctx.url.searchParams.get('format');
  if (format !== 'md' && format !== 'json') {
    return errorPage(refusal(400, 'BAD_REQUEST', t(locale, 'viewer.downloadBadFormat')), locale, path);
  }
  // HEAD, prefetches and link-preview crawlers never consume a view (DESIGN.md): they get nothing of the chat.
  if (isPreviewRequest(ctx.request)) return plain(204);
  if (!g.access.allow) {
    if (g.access.code === 'LOGIN_REQUIRED') return plain(302, { location: `/auth/signin?next=${encodeURIComponent(path)}` });
    if (g.access.code === 'PASSWORD_REQUIRED') return plain(303, { location: path }); // the page asks for it
    return errorPage(g.access, locale, path);
  }
  const s = g.share!;
  if (!s.allow_download && !g.access.isOwner) {
    return errorPage(refusal(403, 'DOWNLOAD_NOT_ALLOWED', t(locale, 'viewer.downloadNotAllowed')), locale, path);
  }
  const counted = countDownload(ctx, g, (name) => ctx.cookies.get(name)?.value);
  if (!counted.allow) return errorPage(counted, locale, path);
  // The export is made on a pool thread (download-job.ts): a 10 MB chat's parse and serialization held the request thread.
  const read = await sharedBytes(s);
  const link = `${shareOriginFor(ctx.request.headers)}${path}`;
  const share = { share_id: s.share_id, all_branches: s.all_branches, created_at: s.created_at };
  const made = read && await shareDownloadOf({ ...read.src, format, link, share }, s.user_id, read.owned);
  if (!made) return errorPage(deny('SHARE_LINK_NOT_FOUND'), locale, path);
  const name = `${base(made.title)}.${FORMATS[format].ext}`;
  return new Response(made.file as BodyInit, {
    headers: {
      'content-type': FORMATS[format].type,
      'content-disposition': `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'cache-control': 'private, no-store', 'referrer-policy': 'no-referrer', 'x-robots-tag': 'noindex, nofollow', 'x-content-type-options': 'nosniff',
    },
  });
}
