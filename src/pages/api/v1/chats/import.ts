import { endpoint } from '../../../../lib/api';
import { readJson } from '../../../../lib/http';
import { requireUser } from '../../../../lib/auth/request';
import { importChats } from '../../../../lib/chats/service';
import { config } from '../../../../lib/config';

// Accepts the export file's JSON as the body (Open WebUI rows, {chats: [...]}, or ChatGPT conversations.json).
export const POST = endpoint(async (ctx) => {
  const user = requireUser(ctx);
  return importChats(user.id, await readJson(ctx.request, config.maxImportBytes));
});
