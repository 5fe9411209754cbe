// A share's messages rendered as separate fragments in small batches on the pool: a long chat becomes many short tasks,
// so the scheduler can give other accounts their turns between them, and a live chat re-renders only what changed.
import { createHash } from 'node:crypto';
import { renderMessageBatch, type Account } from './pool';
import { modelOf } from './conversation';
import type { Message } from '../chats/types';

// A batch is a short turn on a thread (tens of ms for ordinary messages); big messages make smaller batches.
const BATCH_MESSAGES = 100;
const BATCH_CHARS = 200_000;

/** What a message's fragment depends on, hashed: a fragment is reused while its message keeps this hash. */
export function messageHash(m: Message): string {
  const content = typeof m.content === 'string' ? m.content : '';
  return createHash('sha1').update(`${m.id}\0${m.role}\0${modelOf(m) ?? ''}\0${String(m.timestamp ?? '')}\0${content}`).digest('base64url').slice(0, 16);
}

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
