// POST /api/v1/chats/shared/bulk {action, chat_ids}: revoke, restore or reset the stats of selected shares at once.
import { endpoint } from '../../../../../lib/api';
import { readJson } from '../../../../../lib/http';
import { requireUser } from '../../../../../lib/auth/request';
import { bulkShareAction } from '../../../../../lib/shares/manage/manage';

export const POST = endpoint(async (ctx) => bulkShareAction(requireUser(ctx).id, await readJson(ctx.request)));
