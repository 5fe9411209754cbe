import { endpoint } from '../../../../lib/api';
import { requireUser } from '../../../../lib/auth/request';
import { duplicateMode } from '../../../../lib/chats/service';
import { runImport } from '../../../../lib/imports/run';

// Accepts the export file's JSON as the body (Open WebUI rows, {chats: [...]}, or ChatGPT conversations.json).
// Answers {imported, rejected, skipped}; `?duplicates=copy` imports chats already in the library again.
// Parsed on the import thread and stored in short batches (lib/imports); one import per account at a time.
export const POST = endpoint(async (ctx) => {
  const user = requireUser(ctx);
  const duplicates = duplicateMode(ctx.url.searchParams.get('duplicates'));
  return runImport(user.id, ctx.request, duplicates, ctx.locals.locale);
});
