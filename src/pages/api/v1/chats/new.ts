import { endpoint } from '../../../../lib/api';
import { readBody } from '../../../../lib/http';
import { CHAT_BODY_LIMIT } from '../../../../lib/limits';
import { requireUser } from '../../../../lib/auth/request';
import { newChat } from '../../../../lib/chats/service';
import { heavyTurn } from '../../../../lib/render/admission';

// The body is read here and parsed on a pool thread (chats/create-job.ts); the insert, when the other worker holds the
// database, is tried again (async) rather than answered 503.
export const POST = endpoint(async (ctx) => {
  const userId = requireUser(ctx).id;
  // One chat write or publish of an account at a time (render/admission.ts).
  return heavyTurn(userId, async () => newChat(userId, await readBody(ctx.request, CHAT_BODY_LIMIT)));
});
