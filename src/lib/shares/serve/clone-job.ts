// A clone's CPU work on a pool thread (render/tasks.ts): the shared chat read from its bytes (shared-read.ts), made into
// the copy (its title, the original's ids, its images at their copies' URLs) and serialized, so the request thread only
// copies the images and inserts the row (shares/serve/clone.ts).
import { deriveColumns } from '../../chats/format';
import { withUsableCurrentId } from '../../chats/tree';
import type { ChatJson } from '../../chats/types';
import { withFileUrls } from '../../files/refs';
import { sharedContentOf, type SharedBytes } from './shared-read';

export interface CloneJob extends SharedBytes {
  originalChatId: string;
  /** The URL of each image copy the clone may carry, by the original's file id (files/copy.ts planCopies). */
  fileUrls: Map<string, string>;
}

export interface CloneResult {
  title: string;
  models: string[];
  /** The copy's JSON as stored, and as the API answers it (its currentId repaired, as every read of the row shows it). */
  json: string;
  shown: Uint8Array;
  /** The original's file ids the copy names at their copies' URLs: the objects to copy, no other. */
  files: string[];
}

/** The copy of what the share publishes, serialized; null when its bytes do not read (the link answers not found). */
export function runCloneJob(job: CloneJob): CloneResult | null {
  const content = sharedContentOf(job);
  if (!content) return null;
  const title = `Clone of ${content.title}`.slice(0, 500);
  const chat: ChatJson = {
    ...content.chat, title, tags: [],
    originalChatId: job.originalChatId, branchPointMessageId: content.chat.history?.currentId ?? null,
  };
  const files = new Set<string>();
  const copy = withFileUrls(chat, (id) => {
    const url = job.fileUrls.get(id);
    if (url === undefined) return null; // not a file of the original (or its object is gone): left as it is
    files.add(id);
    return url;
  });
  const json = JSON.stringify(copy);
  const shown = withUsableCurrentId(copy);
  return { title, models: deriveColumns(chat, title).models, json, shown: Buffer.from(shown === copy ? json : JSON.stringify(shown), 'utf8'), files: [...files] };
}
