// A long snapshot in parts: at publish, the page keeps the opening and the latest messages and each part goes to its own
// file ({rev}.part-{k}.html), with the ends ({rev}.ends.json) for the no-script page of a part. A view reads files, never renders.
import { readFileArtifact, writeArtifact } from './artifacts';
import { pageConversation, partRange, type Layout } from '../serve/conversation-parts';

/** What the page of part k needs besides the part: the opening, the latest, and the document's header facts. */
export interface SnapshotEnds {
  layout: Layout; system: string; head: string[]; tail: string[];
  title: string; createdAt: number; models: string[]; messageCount: number;
}

/** Writes the parts of a long chat (nothing for one that fits a page). Call before the DB write that points at rev. */
export async function writeSnapshotParts(chatId: string, rev: number, ends: Omit<SnapshotEnds, 'head' | 'tail'>, html: string[]): Promise<void> {
  const l = ends.layout;
  if (!l.parts) return;
  // A few at a time: to S3 each is a request, and a 20,000-message chat has hundreds of parts.
  const parts = Array.from({ length: l.parts }, (_, i) => i + 1);
  for (let i = 0; i < parts.length; i += 8) {
    // Settled before a failure is thrown, so the caller's cleanup never races a write still in flight.
    const done = await Promise.allSettled(parts.slice(i, i + 8).map((k) => {
      const [from, to] = partRange(l, k)!;
      return writeArtifact(chatId, rev, `part-${k}.html`, html.slice(from, to).join('\n'));
    }));
    const failed = done.find((d): d is PromiseRejectedResult => d.status === 'rejected');
    if (failed) throw failed.reason;
  }
  const full: SnapshotEnds = { ...ends, head: html.slice(0, l.headEnd), tail: html.slice(l.tailStart) };
  await writeArtifact(chatId, rev, 'ends.json', JSON.stringify(full));
}

// Read once per revision and kept (a few hundred KB each at most: 70 messages' fragments), oldest out first.
const endsCache = new Map<string, SnapshotEnds | null>();
const MAX_ENDS = 64;

export async function snapshotEnds(chatId: string, rev: number): Promise<SnapshotEnds | null> {
  const key = `${chatId}\u0000${rev}`;
  if (endsCache.has(key)) return endsCache.get(key)!;
  const buf = await readFileArtifact(chatId, rev, 'ends.json');
  let ends: SnapshotEnds | null = null;
  try { if (buf) ends = JSON.parse(buf.toString('utf8')) as SnapshotEnds; } catch { /* unreadable: no parts */ }
  if (endsCache.size >= MAX_ENDS) endsCache.delete(endsCache.keys().next().value!);
  endsCache.set(key, ends);
  return ends;
}

/** Part k's messages (language markers) and the layout, or null when the snapshot has no such part. */
export async function snapshotPart(chatId: string, rev: number, k: number): Promise<{ html: string; layout: Layout } | null> {
  const ends = await snapshotEnds(chatId, rev);
  if (!ends || !partRange(ends.layout, k)) return null;
  const buf = await readFileArtifact(chatId, rev, `part-${k}.html`);
  return buf ? { html: buf.toString('utf8'), layout: ends.layout } : null;
}

/** The conversation of the page of part k (the opening, the part with links to its neighbours, the latest), or null. */
export async function snapshotPartConversation(chatId: string, rev: number, k: number): Promise<{ ends: SnapshotEnds; html: string } | null> {
  const part = await snapshotPart(chatId, rev, k);
  const ends = part && await snapshotEnds(chatId, rev);
  if (!part || !ends) return null;
  const l = ends.layout;
  const from = partRange(l, k)![0];
  const fragment = (i: number) => (i < l.headEnd ? ends.head[i]! : i >= l.tailStart ? ends.tail[i - l.tailStart]! : '');
  // The part's own messages come whole from its file: put them where the first of them goes, nothing for the rest
  // (blank lines between articles, which HTML ignores).
  const html = pageConversation(l, k, ends.system, (i) => (i === from ? part.html : fragment(i)));
  return { ends, html };
}
