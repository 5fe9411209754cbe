// A chat update's CPU work as a function of bytes (the stored chat and the request's body), run on a render pool thread:
// parsing both, merging, checking, building the branch tree and serializing a 20,000-message chat take half a second
// and more, which on the request thread would hold up every other request of the process.
import { z } from 'zod';
import { HttpError, msg, parseJsonText, type ErrorCode, type Message as Detail } from '../http';
import { parseInput } from '../validation';
import { chatJsonProblem, deriveColumns } from './format';
import { normalizeChatJson, withUsableCurrentId } from './tree';
import type { ChatJson } from './types';

export interface ChatUpdateJob { stored: Uint8Array; storedTitle: string; body: Uint8Array }

/**
 * The chat to store (serialized), its columns, and the chat as the answer shows it (UTF-8, encoded on the pool thread:
 * encoding a 10 MB answer took the request thread tens of ms); or the client's error.
 */
export type ChatUpdateResult =
  | { ok: true; json: string; shown: Uint8Array; title: string; models: string[] }
  | { ok: false; code: ErrorCode; detail: string | Detail };

const chatBody = z.object({ chat: z.record(z.string(), z.unknown()) });
const text = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');

/** Open WebUI's update: the new chat JSON merged over the stored one (chats/service.ts stores the result). */
export function runChatUpdate(job: ChatUpdateJob): ChatUpdateResult {
  try {
    const { chat: patch } = parseInput(chatBody, parseJsonText(text(job.body)));
    const stored = JSON.parse(text(job.stored)) as ChatJson;
    // A new history replaces the stored one: the stored branch tree is not built for nothing.
    const current = 'history' in patch ? stored : withUsableCurrentId(stored);
    const merged = { ...current, ...patch } as ChatJson;
    const problem = chatJsonProblem(merged as unknown as Record<string, unknown>);
    if (problem) throw new HttpError('VALIDATION_ERROR', msg('api.chatInvalid', { problem }));
    if (typeof merged.title === 'string') merged.title = merged.title.trim().slice(0, 500);
    const chat = 'history' in patch || 'messages' in patch ? normalizeChatJson(merged) : merged;
    const { title, models } = deriveColumns(chat, job.storedTitle);
    const json = JSON.stringify(chat);
    const repaired = withUsableCurrentId(chat); // what every read of the row shows
    return {
      ok: true, json, shown: Buffer.from(repaired === chat ? json : JSON.stringify(repaired)),
      title: typeof patch.title === 'string' && patch.title.trim() ? patch.title.trim() : title, models,
    };
  } catch (err) {
    if (err instanceof HttpError) return { ok: false, code: err.code, detail: err.message_ ?? err.detail };
    throw err;
  }
}
