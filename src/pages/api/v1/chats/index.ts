import { endpoint } from '../../../../lib/api';
import { requireUser } from '../../../../lib/auth/request';
import { listChats } from '../../../../lib/chats/store';

const PAGE = 60;
// Open WebUI's list: `?page=N` (1-based, 60 a page); we also take `?q=` to search titles.
export const GET = endpoint((ctx) => {
  const user = requireUser(ctx);
  const page = Math.max(1, Number.parseInt(ctx.url.searchParams.get('page') ?? '1', 10) || 1);
  return listChats(user.id, { q: ctx.url.searchParams.get('q') ?? undefined, limit: PAGE, offset: (page - 1) * PAGE })
    .map(({ id, title, updated_at, created_at }) => ({ id, title, updated_at, created_at }));
});
