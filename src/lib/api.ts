// Wraps JSON endpoints so every thrown HttpError becomes `{detail, code}` with its status, never a 500 page.
import type { APIContext, APIRoute } from 'astro';
import { errorResponse, json } from './http';

export function endpoint(handler: (ctx: APIContext) => Promise<unknown> | unknown): APIRoute {
  return async (ctx) => {
    try {
      const result = await handler(ctx);
      return result instanceof Response ? result : json(result);
    } catch (err) {
      return errorResponse(err, ctx.locals.locale);
    }
  };
}
