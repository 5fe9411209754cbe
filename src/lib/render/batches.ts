// Where a share's messages are cut into render batches: a batch is a short turn on a pool thread (tens of ms for
// ordinary messages), and big messages make smaller batches. Pure, so a pool thread cuts a long chat the same way.
import type { Message } from '../chats/types';

const BATCH_MESSAGES = 100;
const BATCH_CHARS = 200_000;

/** The end (exclusive) of the batch starting at `from`: at least one message, at most BATCH_MESSAGES, about BATCH_CHARS. */
export function batchEnd(messages: Message[], from: number): number {
  let to = from;
  let chars = 0;
  while (to < messages.length && to - from < BATCH_MESSAGES && (to === from || chars < BATCH_CHARS)) {
    const c = messages[to]!.content;
    chars += typeof c === 'string' ? c.length : 0;
    to++;
  }
  return to;
}
