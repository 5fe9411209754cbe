// POST /c/{id}/branch: the branch switcher's form. Saves the picked branch as the chat's current one, then shows it.
import type { APIRoute } from 'astro';
import { HttpError, readForm } from '../../../lib/http';
import { retryBusy } from '../../../lib/db';
import { setCurrentBranch } from '../../../lib/chats/service';
import { messageAnchor } from '../../../lib/render/anchor';

export const POST: APIRoute = async (ctx) => {
  const id = ctx.params.id!;
  const back = `/c/${encodeURIComponent(id)}`;
  const user = ctx.locals.user;
  if (!user) return ctx.redirect(`/auth/signin?next=${encodeURIComponent(back)}`, 303);
  let messageId = '';
  try { messageId = String((await readForm(ctx.request)).get('message_id') ?? ''); } catch { /* not a form: no message */ }
  try {
    // Another thread's write (an import's batch, a stats flush) can hold the lock past SQLite's short busy wait: wait
    // for it off the request thread, as every other write does, rather than answer busy at once.
    await retryBusy(() => setCurrentBranch(user.id, id, messageId));
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    // A stale page (the message is gone) shows the chat again; a chat deleted meanwhile then answers its not-found page.
    return ctx.redirect(back, 303);
  }
  // Back at the message that was switched, not at the top of a long chat.
  return ctx.redirect(`${back}#m-${messageAnchor(messageId)}`, 303);
};
