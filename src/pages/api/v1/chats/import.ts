import { endpoint } from '../../../../lib/api';
import { requireUser } from '../../../../lib/auth/request';
import { duplicateMode } from '../../../../lib/chats/service';
import { runImport } from '../../../../lib/imports/run';
import { importClientId } from '../../../../lib/imports/progress';

// Accepts an export as the body: JSON (Open WebUI rows or {chats: [...]}, ChatGPT or claude.ai conversations.json, Grok's
// prod-grok-backend.json, Gemini's Takeout MyActivity.json), or the ZIP archive the app sent (Content-Type application/zip).
// Answers {imported, rejected, skipped}; `?duplicates=copy` imports chats already in the library again; `?import_id=` (8-64
// of [A-Za-z0-9_-]) names it for GET /api/v1/chats/import/progress.
// Parsed on the import thread and stored in short batches (lib/imports); one import per account at a time.
export const POST = endpoint(async (ctx) => {
  const user = requireUser(ctx);
  const duplicates = duplicateMode(ctx.url.searchParams.get('duplicates'));
  const clientId = importClientId(ctx.url.searchParams.get('import_id'));
  return runImport(user.id, ctx.request, duplicates, ctx.locals.locale, clientId);
});
