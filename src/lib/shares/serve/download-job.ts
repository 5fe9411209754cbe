// A download's CPU work on a pool thread (render/tasks.ts): the shared chat read from its bytes (shared-read.ts), made
// into Markdown or an Open WebUI export and encoded, so the request thread only sends the bytes (shares/serve/download.ts).
import { toMarkdown } from '../../chats/format';
import { visiblePath } from '../../chats/tree';
import type { ChatJson, Message } from '../../chats/types';
import { withFileUrls } from '../../files/refs';
import { sharedContentOf, type SharedBytes } from './shared-read';

export type DownloadFormat = 'md' | 'json';

export interface DownloadJob extends SharedBytes {
  format: DownloadFormat;
  /** The share's absolute link: the export names it, and its kept images are served under it. */
  link: string;
  share: { share_id: string; all_branches: boolean; created_at: number };
}

/** The chat cut to the branch the share shows (the path to history.currentId): no other regeneration leaves with it. */
export function branchOnly(chat: ChatJson): ChatJson {
  const path = visiblePath(chat.history);
  const messages: Record<string, Message> = Object.create(null); // an id "__proto__" stays a message
  path.forEach((m, i) => {
    messages[m.id] = { ...m, parentId: i ? path[i - 1]!.id : null, childrenIds: i + 1 < path.length ? [path[i + 1]!.id] : [] };
  });
  return { ...chat, history: { currentId: path.at(-1)?.id ?? null, messages }, messages: path.map((m) => messages[m.id]!) };
}

/** The download's bytes and the chat's title (its file's name); null when the share's bytes do not read. */
export function runDownloadJob(job: DownloadJob): { file: Uint8Array; title: string } | null {
  const content = sharedContentOf(job);
  if (!content) return null;
  const { link, share: s } = job;
  // Kept images at the share's own file URL (absolute): the owner's /api/v1/files/… URL loads for nobody else.
  const imageUrl = (id: string) => `${link}/files/${id}`;
  const shared = job.format === 'md' ? content.chat : withFileUrls(content.chat, imageUrl);
  const chat = branchOnly(shared);
  const body = job.format === 'md'
    ? toMarkdown({ title: content.title, chat, created_at: content.created_at }, link, imageUrl)
    // With all branches the export holds the part's regenerations (Open WebUI's history tree); Markdown is the branch shown.
    // One row, as Open WebUI exports a chat (importable here and there); its meta names the link it came from. No owner id.
    : JSON.stringify([{ id: s.share_id, title: content.title, chat: s.all_branches ? shared : chat, created_at: content.created_at, updated_at: content.updated_at,
      share_id: s.share_id, archived: false, pinned: false, folder_id: null, meta: { tags: [], shared_link: link, shared_at: s.created_at } }], null, 2);
  return { file: Buffer.from(body, 'utf8'), title: content.title };
}
