// Any /api address no endpoint answers (or a method it does not take): JSON like every other API error, never a page.
import type { APIRoute } from 'astro';
import { errorResponse, HttpError, msg } from '../../lib/http';

export const ALL: APIRoute = ({ locals }) => errorResponse(new HttpError('NOT_FOUND', msg('api.noSuchEndpoint')), locals.locale);
