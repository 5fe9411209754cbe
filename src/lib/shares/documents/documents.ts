// Rendering a share: snapshots once into files at publish time; live shares on demand, cached by updated_at. The
// rendering itself runs on the render pool (render/pool.ts), off the request thread.
import { buildViewerDocument } from '../serve/html';
import type { OgInput } from '../og';
import { readFileArtifact, removeRevision, writeArtifact } from './artifacts';
import { renderCard, renderGenericCard, snapshotOutlineOf } from '../../render/pool';
import { renderFragmentBatches } from '../../render/fragments';
import { recipeHtml } from './recipe';
import { tm } from '../../i18n/markers';
import { layoutOf, pageConversation } from '../serve/conversation-parts';
import { writeSnapshotParts } from './snapshot-parts';
import type { ChatJson } from '../../chats/types';
import type { SharePart } from '../manage/part';

export interface Published { rev: number; title: string; summary: string }

let lastRev = 0;
/** Revisions are millisecond timestamps, strictly increasing within the process, so file names never collide. */
const nextRev = () => (lastRev = Math.max(Date.now(), lastRev + 1));

/** A chat to publish as read from its row: its JSON as stored bytes, never parsed on the request thread. */
export interface SnapshotSource { id: string; user_id: string; title: string; created_at: number; updated_at: number; bytes: Buffer }

/**
 * Renders the chat into {rev}.html, {rev}.png and {rev}.json (and a long chat's parts). Call before the DB write that
 * points at rev. The chat is parsed, walked and cut in batches on a pool thread (render/snapshot-outline.ts), its
 * messages render batch after batch for the chat's owner (render/fragments.ts), so a long chat takes many short turns
 * on the pool; the request thread puts the page together (string joins) and writes the files.
 */
export async function publishSnapshot(chat: SnapshotSource, part?: SharePart): Promise<Published> {
  const rev = nextRev();
  // The bytes are handed over to the pool thread (not copied): they are not read here again. It cuts them to the part.
  const outline = await snapshotOutlineOf(chat.bytes, { title: chat.title, created_at: chat.created_at, updated_at: chat.updated_at }, chat.user_id, part);
  const navs = outline.navs;
  const first = outline.firstTimestamp;
  const createdAt = first && first < chat.created_at ? first : chat.created_at;
  const og: OgInput = { title: chat.title, firstQuestion: outline.firstQuestion, models: outline.models, date: createdAt };
  const [out, png] = await Promise.all([
    renderFragmentBatches(outline.batches, chat.user_id, outline.system),
    renderCard(og, chat.user_id),
  ]);
  const count = outline.count;
  // A share with all branches: each message with alternatives gets its switcher (made with the outline, from the cut chat).
  if (navs) out.html.forEach((h, i) => { if (navs[i]) out.html[i] = withNav(h, navs[i]!); });
  // A long chat's page has the opening and the latest messages; the rest goes to part files behind plain links.
  const layout = layoutOf(count);
  const conversationHtml = count ? pageConversation(layout, null, out.system, (i) => out.html[i]!) : `<p class="empty-chat muted">${tm('viewer.noMessages')}</p>`;
  const viewerHtml = buildViewerDocument({ title: chat.title, createdAt, models: outline.models, conversationHtml, messageCount: count }, 'snapshot');
  // Every file is written before the row points at rev (the caller commits it after); a failed write (a full disk, an
  // unreachable bucket) removes what this revision wrote, so nothing is left that no row will ever point at.
  const ogPng = png ?? await renderGenericCard();
  try {
    // allSettled, not all: removing the revision while a sibling write is still in flight would let it land after the
    // removal, an object no row points at (seen with a bucket refusing writes).
    const written = await Promise.allSettled([
      writeSnapshotParts(chat.id, rev, { layout, system: out.system, title: chat.title, createdAt, models: outline.models, messageCount: count }, out.html),
      writeArtifact(chat.id, rev, 'json', Buffer.from(outline.file.buffer, outline.file.byteOffset, outline.file.byteLength)),
      writeArtifact(chat.id, rev, 'png', ogPng),
      // A part's images, as the outline found them in the cut chat (files/serve.ts serves these only).
      outline.fileIds && writeArtifact(chat.id, rev, 'files.json', JSON.stringify(outline.fileIds)),
    ]);
    const failed = written.find((w): w is PromiseRejectedResult => w.status === 'rejected');
    if (failed) throw failed.reason;
    await writeArtifact(chat.id, rev, 'html', viewerHtml);
  } catch (err) {
    await removeRevision(chat.id, rev);
    throw err;
  }
  return { rev, title: chat.title, summary: outline.firstQuestion };
}

/** A message fragment with its switcher where messageHtml puts one: at the end of its main column. */
function withNav(fragment: string, nav: string): string {
  const end = '</div></article>';
  return fragment.endsWith(end) ? `${fragment.slice(0, -end.length)}${nav}${end}` : fragment;
}

export { recipeHtml };

// Recipes of snapshots, built on the first signed-in view from the revision's JSON and kept, like the artifact.
const recipeCache = new Map<string, string>();

export async function snapshotRecipe(chatId: string, rev: number): Promise<string> {
  const key = `${chatId}:${rev}`;
  const hit = recipeCache.get(key);
  if (hit !== undefined) return hit;
  const buf = await readFileArtifact(chatId, rev, 'json');
  let html = '';
  try { if (buf) html = recipeHtml((JSON.parse(buf.toString('utf8')) as { chat: ChatJson }).chat); } catch { /* unreadable: no recipe */ }
  if (recipeCache.size >= 256) recipeCache.delete(recipeCache.keys().next().value!);
  recipeCache.set(key, html);
  return html;
}

export { liveConversation, liveDocumentFor, liveOgImage, livePart, livePartPage, liveTemplate, type LiveEntry } from './live-documents';
