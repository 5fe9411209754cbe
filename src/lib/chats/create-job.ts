// A new chat's CPU work as a function of the request's body (bytes), run on a render pool thread: parsing, checking,
// building the branch tree and serializing a 120,000-message chat held the request thread for seconds.
import { z } from 'zod';
import { HttpError, msg, parseJsonText } from '../http';
import { parseInput } from '../validation';
import { chatJsonProblem, deriveColumns } from './format';
import { normalizeChatJson, withUsableCurrentId } from './tree';
import type { ChatJson } from './types';
import type { ChatUpdateResult } from './update-job';

const chatBody = z.object({ chat: z.record(z.string(), z.unknown()) });
const text = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');

/** POST /chats/new: the chat to store (serialized), its columns, and the chat as the answer shows it; or the client's error. */
export function runChatCreate(body: Uint8Array): ChatUpdateResult {
  try {
    const { chat } = parseInput(chatBody, parseJsonText(text(body)));
    const problem = chatJsonProblem({ history: { currentId: null, messages: {} }, ...chat });
    if (problem) throw new HttpError('VALIDATION_ERROR', msg('api.chatInvalid', { problem }));
    const json = normalizeChatJson(chat as unknown as ChatJson);
    const { title, models } = deriveColumns(json, 'New Chat');
    const stored = JSON.stringify(json);
    const repaired = withUsableCurrentId(json); // what every read of the row shows
    return { ok: true, json: stored, shown: Buffer.from(repaired === json ? stored : JSON.stringify(repaired)), title, models };
  } catch (err) {
    if (err instanceof HttpError) return { ok: false, code: err.code, detail: err.message_ ?? err.detail };
    throw err;
  }
}
