import { endpoint } from '../../../../lib/api';
import { requireUser } from '../../../../lib/auth/request';
import { duplicateMode } from '../../../../lib/chats/service';
import { runImport } from '../../../../lib/imports/run';

// Accepts an export as the body: JSON (Open WebUI rows or {chats: [...]}, ChatGPT or claude.ai conversations.json, Grok's
// prod-grok-backend.json, Gemini's Takeout MyActivity.json), or the ZIP archive the app sent (Content-Type application/zip).
// Answers {imported, rejected, skipped}; `?duplicates=copy` imports chats already in the library again.
// Parsed on the import thread and stored in short batches (lib/imports); one import per account at a time.
export const POST = endpoint(async (ctx) => {
  const user = requireUser(ctx);
  const duplicates = duplicateMode(ctx.url.searchParams.get('duplicates'));
  return runImport(user.id, ctx.request, duplicates, ctx.locals.locale);
});
