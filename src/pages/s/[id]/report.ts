// The Report link of a share page (issue 17.6): GET the form, POST a report. No account needed; throttled per client.
import type { APIRoute } from 'astro';
import { reportPage, reportSubmit } from '../../../lib/reports/page';

export const GET: APIRoute = (ctx) => reportPage(ctx);
export const POST: APIRoute = (ctx) => reportSubmit(ctx);
