// Reads a page's form body: malformed or oversized input becomes an HttpError in plain words, never a 500.
import { HttpError } from './http';

const codeOf = (err: unknown): unknown => (err && typeof err === 'object' && 'code' in err ? err.code : undefined);

/** True for the error a body stream throws past its route's limit (src/server/entry.ts), bare or as a cause. */
export function isBodyTooLarge(err: unknown): boolean {
  return codeOf(err) === 'PAYLOAD_TOO_LARGE' || (err instanceof Error && codeOf(err.cause) === 'PAYLOAD_TOO_LARGE');
}

export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch (err) {
    if (isBodyTooLarge(err)) throw new HttpError('PAYLOAD_TOO_LARGE', 'What you sent is too large. Choose a smaller file or shorten the text, then try again.');
    throw new HttpError('BAD_REQUEST', 'We could not read what you sent. Reload the page and try again.');
  }
}
