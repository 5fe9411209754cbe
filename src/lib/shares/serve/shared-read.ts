// What a share publishes, read from its bytes on a pool thread (clone-job.ts, download-job.ts): a 10 MB chat's parse
// and cut held the request thread ~1 s. Pure, so a pool thread and the request thread agree.
import { withUsableCurrentId } from '../../chats/tree';
import type { ChatJson } from '../../chats/types';
import { cutToPart, type SharePart } from '../manage/part';

/**
 * A share's chat as bytes: a snapshot's {rev}.json (`{title, chat, created_at, updated_at}`, cut to its part already),
 * or a live chat's stored bytes, redacted already (scan/redact.ts redactedChatBytes), with its row's facts in `row`.
 */
export interface SharedBytes {
  bytes: Uint8Array;
  from: 'snapshot' | 'live';
  /** The share's part: a live chat is cut to it; a snapshot published before all_branches existed is cut to one path. */
  part: SharePart;
  row?: { title: string; created_at: number; updated_at: number };
}

export interface SharedContent { title: string; chat: ChatJson; created_at: number; updated_at: number }

/** What the viewer saw: the snapshot, or the live chat as it is now cut to the part; null when the bytes do not read. */
export function sharedContentOf(src: SharedBytes): SharedContent | null {
  try {
    const parsed = JSON.parse(Buffer.from(src.bytes.buffer, src.bytes.byteOffset, src.bytes.byteLength).toString('utf8')) as unknown;
    if (src.from === 'snapshot') {
      const snap = parsed as SharedContent;
      return { title: snap.title, chat: cutToPart(snap.chat, src.part), created_at: snap.created_at, updated_at: snap.updated_at };
    }
    return { ...src.row!, chat: cutToPart(withUsableCurrentId(parsed as ChatJson), src.part) };
  } catch {
    return null;
  }
}
