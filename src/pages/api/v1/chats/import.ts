import { endpoint } from '../../../../lib/api';
import { readJson } from '../../../../lib/http';
import { requireUser } from '../../../../lib/auth/request';
import { duplicateMode, importChats } from '../../../../lib/chats/service';
import { config } from '../../../../lib/config';

// Accepts the export file's JSON as the body (Open WebUI rows, {chats: [...]}, or ChatGPT conversations.json).
// Answers {imported, rejected, skipped}; `?duplicates=copy` imports chats already in the library again.
export const POST = endpoint(async (ctx) => {
  const user = requireUser(ctx);
  const duplicates = duplicateMode(ctx.url.searchParams.get('duplicates'));
  return importChats(user.id, await readJson(ctx.request, config.maxImportBytes), duplicates, ctx.locals.locale);
});
