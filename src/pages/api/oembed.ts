// GET /api/oembed?url=…&format=json (no sign-in): the oEmbed answer for a public share page (lib/shares/preview/oembed.ts).
import { endpoint } from '../../lib/api';
import { oembed } from '../../lib/shares/preview/oembed';
import { shareOriginFor } from '../../lib/shares/serve/pages';

export const GET = endpoint((ctx) => oembed(ctx.url.searchParams, shareOriginFor(ctx.request.headers), ctx.locals.locale));
