// GET /api/v1/chats/all: every chat of the caller as NDJSON (Open WebUI's "Export All Chats").
import { endpoint } from '../../../../../lib/api';
import { requireUser } from '../../../../../lib/auth/request';
import { exportAllChats } from '../../../../../lib/chats/library';

export const GET = endpoint((ctx) => exportAllChats(requireUser(ctx).id));
