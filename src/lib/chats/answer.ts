// A chat row answered as JSON with its chat spliced in from bytes made on a pool thread: a create, an update, a clone
// of a share. Serializing (or parsing back) a 10 MB chat here held the request thread for a long chat.
import type { ChatRow } from './types';

/** The row as JSON in its usual order, `chat` (serialized and encoded on the pool) after the title; never parsed here. */
export function chatRowResponse(row: Omit<ChatRow, 'chat'>, chat: Uint8Array): Response {
  const { id, user_id, title, ...rest } = row;
  const head = JSON.stringify({ id, user_id, title });
  const tail = JSON.stringify(rest);
  const body = Buffer.concat([Buffer.from(`${head.slice(0, -1)},"chat":`), chat, Buffer.from(tail === '{}' ? '}' : `,${tail.slice(1)}`)]);
  return new Response(body, { headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });
}
