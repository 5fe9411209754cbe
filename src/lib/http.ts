// Errors as values with codes: every module throws HttpError; endpoints turn it into JSON, pages into friendly pages.

export const errorStatus = {
  BAD_REQUEST: 400,
  VALIDATION_ERROR: 422,
  UNAUTHORIZED: 401,
  INVALID_CREDENTIALS: 401,
  LOGIN_REQUIRED: 401,
  PASSWORD_REQUIRED: 401,
  INVALID_PASSWORD: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CHAT_NOT_FOUND: 404,
  SHARE_LINK_NOT_FOUND: 404,
  EMAIL_TAKEN: 409,
  SHARE_ID_TAKEN: 409,
  SHARE_LINK_REVOKED: 410,
  SHARE_LINK_EXPIRED: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof errorStatus;

export class HttpError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.status = errorStatus[code];
  }
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

export function errorResponse(err: unknown): Response {
  if (err instanceof HttpError) {
    return json({ detail: err.detail, code: err.code }, err.status, err.headers);
  }
  // Never leak a stack or a thrown string to the client; log it for the operator instead.
  console.error('unhandled error', err);
  return json({ detail: 'Something went wrong on our side.', code: 'INTERNAL_ERROR' }, 500);
}

/** Reads a JSON body, turning malformed or oversized input into a 400/413 instead of a crash. */
export async function readJson(request: Request, maxBytes = 1_000_000): Promise<unknown> {
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > maxBytes) throw new HttpError('PAYLOAD_TOO_LARGE', `Request body is over ${maxBytes} bytes.`);
  const text = await request.text();
  if (text.length > maxBytes) throw new HttpError('PAYLOAD_TOO_LARGE', `Request body is over ${maxBytes} bytes.`);
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError('BAD_REQUEST', 'Request body is not valid JSON.');
  }
}
