// The one place a share takes its chat from: the owner's chat cut to the part the share publishes (part.ts) with the
// values they chose to redact replaced by "[redacted]". The snapshot's files, a live share's documents, its card and description, the API's answer, downloads,
// clones and the compressed pages all derive from these two reads, so none of them can carry a redacted value.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chatBytesForShare } from '../../chats/store';
import type { ChatJson } from '../../chats/types';
import { instanceSecret } from '../secret';
import { redactChat, replaceValues, replaceValuesInJson } from './scan';
import { redactedValues } from './store';
import { getShareByChatId } from '../store';
import { isWhole, partOf, type SharePart } from '../manage/part';
import { partCutOf } from '../../render/pool';

/** The part the chat's share publishes now (the whole branch without a share). */
const storedPart = (chatId: string): SharePart => {
  const s = getShareByChatId(chatId);
  return s ? partOf(s) : { first: null, last: null, allBranches: false };
};

let sealKey: Buffer | null = null;
const keyOf = () => (sealKey ??= createHash('sha256').update(`chatshare-redaction\u0000${instanceSecret()}`).digest());

/** A value sealed for the share_redaction table (AES-256-GCM: iv, tag and text, base64url). */
export function sealValue(value: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', keyOf(), iv);
  const text = Buffer.concat([c.update(value, 'utf8'), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), text]).toString('base64url');
}

/** The value, or null when it does not open (another instance secret, a damaged row). */
export function openValue(sealed: string | null): string | null {
  if (!sealed) return null;
  try {
    const buf = Buffer.from(sealed, 'base64url');
    const d = createDecipheriv('aes-256-gcm', keyOf(), buf.subarray(0, 12));
    d.setAuthTag(buf.subarray(12, 28));
    return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** The values to redact, and the hashes of those whose sealed value did not open (found by a scan instead). */
function redactions(chatId: string): { values: string[]; unopened: Set<string> } | null {
  const rows = redactedValues(chatId);
  if (!rows.length) return null;
  const values: string[] = [];
  const unopened = new Set<string>();
  for (const r of rows) {
    const v = openValue(r.value_sealed);
    if (v) values.push(v);
    else unopened.add(r.value_hash);
  }
  return { values, unopened };
}

/** The chat JSON as a share publishes it. */
export function redactForShare(chatId: string, chat: ChatJson): ChatJson {
  const r = redactions(chatId);
  if (!r) return chat;
  const out = replaceValues(chat, r.values);
  return r.unopened.size ? redactChat(out, instanceSecret(), r.unopened) : out;
}

/**
 * chatBytesForShare, cut to the share's part and redacted, for a live share's pages, which read the visible path only: a
 * whole chat keeps its stored bytes (its other branches are never read from them); a part is cut on a pool thread, at
 * a new version of the chat, never at a view. A snapshot takes redactedChatBytes and is cut on the pool thread that
 * outlines it (render/snapshot-outline.ts).
 */
export async function sharedChatBytes(chatId: string): Promise<ReturnType<typeof chatBytesForShare>> {
  const row = redactedChatBytes(chatId);
  if (!row) return null;
  const p = storedPart(chatId);
  if (isWhole(p)) return row;
  const cut = await partCutOf(row.bytes, p, row.user_id);
  return { ...row, bytes: Buffer.from(cut.buffer, cut.byteOffset, cut.byteLength) };
}

/** chatBytesForShare, redacted (not cut to a part): the bytes as stored when nothing is redacted (nearly always), else a search and replace. */
export function redactedChatBytes(chatId: string): ReturnType<typeof chatBytesForShare> {
  const row = chatBytesForShare(chatId);
  if (!row) return null;
  const r = redactions(chatId);
  if (!r) return row;
  // The stored text, values replaced without a parse (a 20,000-message chat's parse and scan held the thread seconds);
  // a value that could be a JSON number, or one whose seal did not open, takes the parse.
  const text = !r.unopened.size ? replaceValuesInJson(row.bytes.toString('utf8'), r.values) : null;
  if (text !== null) return { ...row, bytes: Buffer.from(text, 'utf8') };
  const chat = JSON.parse(row.bytes.toString('utf8')) as ChatJson;
  const redacted = redactForShare(chatId, chat);
  return redacted === chat ? row : { ...row, bytes: Buffer.from(JSON.stringify(redacted), 'utf8') };
}
