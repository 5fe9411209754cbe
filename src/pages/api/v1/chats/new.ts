import { endpoint } from '../../../../lib/api';
import { readJson } from '../../../../lib/http';
import { CHAT_BODY_LIMIT } from '../../../../lib/limits';
import { requireUser } from '../../../../lib/auth/request';
import { newChat } from '../../../../lib/chats/service';
import { retryBusy } from '../../../../lib/db';
import { heavyTurn } from '../../../../lib/render/admission';

// One insert: when the other worker holds the database, it is tried again (async) rather than answered 503.
export const POST = endpoint(async (ctx) => {
  const userId = requireUser(ctx).id;
  // One chat write or publish of an account at a time (render/admission.ts).
  return heavyTurn(userId, async () => {
    const body = await readJson(ctx.request, CHAT_BODY_LIMIT);
    return retryBusy(() => newChat(userId, body));
  });
});
