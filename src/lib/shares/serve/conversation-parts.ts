// How a long conversation is sent in parts: the page carries the opening and the latest messages, and plain links
// (`?part=N`, working without script; viewer.js fetches the part in place) bring the rest, a part at a time.
import { tm } from '../../i18n/markers';

/** Up to WHOLE messages a page has them all; past that, HEAD opening and TAIL latest ones, the rest in parts of PART. */
export const PARTS = { whole: 150, head: 20, tail: 50, part: 200 } as const;

export interface Layout { count: number; headEnd: number; tailStart: number; parts: number }

export function layoutOf(count: number): Layout {
  if (count <= PARTS.whole) return { count, headEnd: count, tailStart: count, parts: 0 };
  const headEnd = PARTS.head;
  const tailStart = count - PARTS.tail;
  return { count, headEnd, tailStart, parts: Math.ceil((tailStart - headEnd) / PARTS.part) };
}

/** Part k's message indexes [from, to), 1-based k; null when there is no such part. */
export function partRange(l: Layout, k: number): [number, number] | null {
  if (!Number.isInteger(k) || k < 1 || k > l.parts) return null;
  const from = l.headEnd + (k - 1) * PARTS.part;
  return [from, Math.min(from + PARTS.part, l.tailStart)];
}

/** Part k as asked for in a query (`?part=3`), or null. */
export function partParam(raw: string | null | undefined): number | null {
  if (!raw || !/^\d{1,7}$/.test(raw)) return null;
  return Number(raw);
}

/** The link to part k (language markers): "Show 200 earlier messages", a plain link the script enhances. */
export function partLinkHtml(l: Layout, k: number, dir: 'earlier' | 'later'): string {
  const range = partRange(l, k);
  if (!range) return '';
  const n = range[1] - range[0];
  return `<p class="conv-gap"><a href="?part=${k}" data-part="${k}" data-dir="${dir}">${tm(dir === 'earlier' ? 'viewer.showEarlier' : 'viewer.showLater', { n })}</a></p>`;
}

/** The indexes a page shows: all of a short chat; else the opening, part k when asked, and the latest. */
export function pageIndexes(l: Layout, k: number | null): number[] {
  const out: number[] = [];
  const push = (from: number, to: number) => { for (let i = from; i < to; i++) out.push(i); };
  push(0, l.headEnd);
  const range = k === null ? null : partRange(l, k);
  if (range) push(range[0], range[1]);
  push(l.tailStart, l.count);
  return out;
}

/** The conversation's HTML for a page (part k or the main one), given every fragment it shows. */
export function pageConversation(l: Layout, k: number | null, system: string, fragment: (i: number) => string): string {
  const out: string[] = system ? [system] : [];
  const add = (from: number, to: number) => { for (let i = from; i < to; i++) out.push(fragment(i)); };
  add(0, l.headEnd);
  const range = k === null ? null : partRange(l, k);
  if (range) {
    if (k! > 1) out.push(partLinkHtml(l, k! - 1, 'earlier'));
    add(range[0], range[1]);
    if (k! < l.parts) out.push(partLinkHtml(l, k! + 1, 'later'));
  } else if (l.parts) out.push(partLinkHtml(l, l.parts, 'earlier'));
  add(l.tailStart, l.count);
  return out.join('\n');
}
