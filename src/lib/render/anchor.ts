// A message's anchor (`#m-<anchor>`, `?m=<anchor>`): its id when that is already safe in a URL and an HTML id, else a
// short hash of it. Message ids come from imported chats and may be any string; one function serves page, card and lookups.
import { createHash } from 'node:crypto';

const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function messageAnchor(id: unknown): string {
  const s = typeof id === 'string' ? id : String(id ?? '');
  if (SAFE_ID.test(s)) return s;
  return `h${createHash('sha256').update(s).digest('base64url').slice(0, 16)}`;
}

/** An anchor as asked for in a query (`?m=`), or null: every anchor messageAnchor makes has this shape. */
export function anchorParam(raw: string | null | undefined): string | null {
  return raw && SAFE_ID.test(raw) ? raw : null;
}
