import { endpoint } from '../../../../../../lib/api';
import { sharedChatForApi } from '../../../../../../lib/shares/serve/api';

export const GET = endpoint((ctx) => sharedChatForApi(ctx, ctx.params.share_id!));
