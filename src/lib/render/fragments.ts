// A share's messages rendered as separate fragments in small batches on the pool: a long chat becomes many short tasks,
// so the scheduler can give other accounts their turns between them, and a live chat re-renders only what changed.
import { renderMessageBatch, type Account } from './pool';
import type { Message } from '../chats/types';

// A batch is a short turn on a thread (tens of ms for ordinary messages); big messages make smaller batches.
const BATCH_MESSAGES = 100;
const BATCH_CHARS = 200_000;

// The hash moved with the outline to a pool thread (live-outline.ts); re-exported for callers.
export { messageHash } from './live-outline';

/** The fragments of these messages, in order, rendered batch after batch for the account; the system prompt's too when given. */
export async function renderFragments(messages: Message[], account: Account, system?: string): Promise<{ html: string[]; system: string }> {
  const html: string[] = [];
  let systemHtml = '';
  let from = 0;
  do {
    let to = from;
    let chars = 0;
    while (to < messages.length && to - from < BATCH_MESSAGES && (to === from || chars < BATCH_CHARS)) {
      const c = messages[to]!.content;
      chars += typeof c === 'string' ? c.length : 0;
      to++;
    }
    const out = await renderMessageBatch(messages.slice(from, to), from === 0 ? system : undefined, account);
    html.push(...out.html);
    if (from === 0) systemHtml = out.system;
    from = to;
  } while (from < messages.length);
  return { html, system: systemHtml };
}
