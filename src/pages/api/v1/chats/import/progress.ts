import { endpoint } from '../../../../../lib/api';
import { requireUser } from '../../../../../lib/auth/request';
import { importClientId, importProgress } from '../../../../../lib/imports/progress';

// The caller's import as it goes: {state: idle | waiting | receiving | importing, received_bytes, total_bytes, files_done,
// chats_imported, chats_skipped, chats_rejected, chats_total, started_at}. `?import_id=` follows the import sent with that
// id (so a page sees its own one waiting behind another); without it, the account's running import. Read from the
// database: any WORKERS process answers it. Never cached.
export const GET = endpoint((ctx) => {
  const user = requireUser(ctx);
  const progress = importProgress(user.id, importClientId(ctx.url.searchParams.get('import_id')));
  return new Response(JSON.stringify(progress), { headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
});
