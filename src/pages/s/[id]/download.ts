// Download from the viewer (issue 18): the shared chat as Markdown or Open WebUI JSON, gated and counted like a view.
import type { APIRoute } from 'astro';
import { shareDownload } from '../../../lib/shares/serve/download';

export const GET: APIRoute = (ctx) => shareDownload(ctx);
