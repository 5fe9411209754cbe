// Downloads from the viewer (issue 18 item 3): the shared chat as Markdown or as an Open WebUI export, served by the
// server from what the share publishes (the snapshot, or a live chat's current branch), gated and counted like a view.
import type { APIContext } from 'astro';
import { t } from '../i18n/index';
import { toMarkdown } from '../chats/format';
import { visiblePath } from '../chats/tree';
import type { ChatJson, Message } from '../chats/types';
import { countDownload } from './access';
import { sharedContent } from './clone';
import { deny } from './gate';
import { isPreviewRequest, shareOriginFor } from './pages';
import { errorPage } from './results';
import { withFileUrls } from '../files/refs';

export type DownloadFormat = 'md' | 'json';
const FORMATS: Record<DownloadFormat, { type: string; ext: string }> = {
  md: { type: 'text/markdown; charset=utf-8', ext: 'md' },
  json: { type: 'application/json; charset=utf-8', ext: 'json' },
};

/** The chat cut to the branch the share shows (the path to history.currentId): no other regeneration leaves with it. */
export function branchOnly(chat: ChatJson): ChatJson {
  const path = visiblePath(chat.history);
  const messages: Record<string, Message> = Object.create(null); // an id "__proto__" stays a message
  path.forEach((m, i) => {
    messages[m.id] = { ...m, parentId: i ? path[i - 1]!.id : null, childrenIds: i + 1 < path.length ? [path[i + 1]!.id] : [] };
  });
  return { ...chat, history: { currentId: path.at(-1)?.id ?? null, messages }, messages: path.map((m) => messages[m.id]!) };
}

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
  const content = await sharedContent(s);
  if (!content) return errorPage(deny('SHARE_LINK_NOT_FOUND'), locale, path);

  const link = `${shareOriginFor(ctx.request.headers)}${path}`;
  // Kept images at the share's own file URL (absolute): the owner's /api/v1/files/… URL loads for nobody else.
  const imageUrl = (id: string) => `${link}/files/${id}`;
  const shared = format === 'md' ? content.chat : withFileUrls(content.chat, imageUrl);
  const chat = branchOnly(shared);
  const body = format === 'md'
    ? toMarkdown({ title: content.title, chat, created_at: content.created_at }, link, imageUrl)
    // With all branches the export holds the part's regenerations (Open WebUI's history tree); Markdown is the branch shown.
    // One row, as Open WebUI exports a chat (importable here and there); its meta names the link it came from. No owner id.
    : JSON.stringify([{ id: s.share_id, title: content.title, chat: s.all_branches ? shared : chat, created_at: content.created_at, updated_at: content.updated_at,
      share_id: s.share_id, archived: false, pinned: false, folder_id: null, meta: { tags: [], shared_link: link, shared_at: s.created_at } }], null, 2);
  const name = `${base(content.title)}.${FORMATS[format].ext}`;
  return new Response(body, {
    headers: {
      'content-type': FORMATS[format].type,
      'content-disposition': `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'cache-control': 'private, no-store', 'referrer-policy': 'no-referrer', 'x-robots-tag': 'noindex, nofollow', 'x-content-type-options': 'nosniff',
    },
  });
}
