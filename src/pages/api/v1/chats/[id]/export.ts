import { endpoint } from '../../../../../lib/api';
import { requireUser } from '../../../../../lib/auth/request';
import { requireChat } from '../../../../../lib/chats/store';
import { toMarkdown, toOpenWebUIExport } from '../../../../../lib/chats/format';

// Downloads one chat as an Open WebUI export (a one-row array, importable anywhere) or as Markdown.
export const GET = endpoint((ctx) => {
  const chat = requireChat(requireUser(ctx).id, ctx.params.id!);
  const md = ctx.url.searchParams.get('format') === 'md';
  const base = chat.title.replace(/[^\p{L}\p{N} _-]+/gu, '').trim().replace(/\s+/g, '-').slice(0, 80) || 'chat';
  const body = md ? toMarkdown(chat) : JSON.stringify([toOpenWebUIExport(chat)], null, 2);
  return new Response(body, {
    headers: {
      'content-type': md ? 'text/markdown; charset=utf-8' : 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="chat-${base}.${md ? 'md' : 'json'}"; filename*=UTF-8''${encodeURIComponent(base)}.${md ? 'md' : 'json'}`,
      'cache-control': 'no-store',
    },
  });
});
