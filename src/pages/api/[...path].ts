// Any /api address no endpoint answers (or a method it does not take): JSON like every other API error, never a page.
import type { APIRoute } from 'astro';
import { errorResponse, HttpError } from '../../lib/http';

export const ALL: APIRoute = () => errorResponse(new HttpError('NOT_FOUND', 'No such API endpoint. See the API table in the README.'));
