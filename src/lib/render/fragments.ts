// A share's messages rendered as separate fragments in small batches on the pool: a long chat becomes many short tasks,
// so the scheduler can give other accounts their turns between them, and a live chat re-renders only what changed.
import { renderMessageBatch, type Account } from './pool';
import { batchEnd } from './batches';
import type { Message } from '../chats/types';

// The hash moved with the outline to a pool thread (live-outline.ts); re-exported for callers.
export { messageHash } from './live-outline';

/** The fragments of these messages, in order, rendered batch after batch for the account; the system prompt's too when given. */
export async function renderFragments(messages: Message[], account: Account, system?: string): Promise<{ html: string[]; system: string }> {
  const batches: Message[][] = [];
  let from = 0;
  do {
    const to = batchEnd(messages, from);
    batches.push(messages.slice(from, to));
    from = to;
  } while (from < messages.length);
  return renderFragmentBatches(batches, account, system);
}

/**
 * The fragments of messages cut in batches already: each batch the messages, or their JSON text as a pool thread cut
 * it (snapshot-outline.ts), so a long chat's messages never become objects on the request thread.
 */
export async function renderFragmentBatches(batches: Array<Message[] | string>, account: Account, system?: string): Promise<{ html: string[]; system: string }> {
  const html: string[] = [];
  let systemHtml = '';
  for (let b = 0; b < batches.length; b++) {
    const out = await renderMessageBatch(batches[b]!, b === 0 ? system : undefined, account);
    for (const h of out.html) html.push(h);
    if (b === 0) systemHtml = out.system;
  }
  return { html, system: systemHtml };
}
