// The render budget: one linear pass over a message's markdown that says when marked would need unbounded time or stack.
//
// marked is fine on real chats but super-linear on some shapes: nested lists and blockquotes recurse once per level
// (the 2,000-level list of the issue: cubic time, a stack overflow); an unclosed emphasis opener or code span is checked
// against the rest of its paragraph; a link's address, a bare URL and the e-mail look-ahead rescan the rest of a word
// from every token inside it; setext underlines make the block lexer rescan the lines above. This pass measures each
// shape (fenced code is skipped: none applies there) so an over-budget message is shown as plain text. The pool's task
// timeout stays the backstop for shapes it does not know.

/**
 * Limits per message. At each one the worst input we know costs marked well under a second of CPU on the worker
 * (measured with tests/unit/render-budget.test.ts's shapes); real chats stay far below all of them.
 */
export const BUDGET = {
  /** Characters. Past this a message is a paste, not prose. 1 MB of the worst nesting allowed costs ~2 s of CPU. */
  maxChars: 1_000_000,
  /** List and blockquote nesting, counted together. Real chats nest 5-10 deep. */
  maxDepth: 32,
  /** Σ over lines of length × nesting depth: marked re-lexes a line once per container around it. */
  maxDepthWork: 5_000_000,
  /** Raw HTML tags left open (void tags like <br> aside): the sanitizer's cost grows with their square. */
  maxHtmlDepth: 256,
  /** `[` nesting inside a paragraph. */
  maxBracketDepth: 32,
  /** One run of `*`, `_` or `~` (marked recurses per delimiter of nested emphasis). An 80-character `***` rule fits. */
  maxDelimiterRun: 128,
  /**
   * Emphasis: Σ over openers of the delimiter runs marked checks before one closes it (to the end of the paragraph
   * when none does). Balanced text costs a step per pair; `*a *b* *a *b* …` costs quadratically.
   */
  maxDelimiterWork: 1_000_000,
  /** Code spans: Σ over backtick runs of the characters marked scans for the closing run. */
  maxCodeSpanWork: 50_000_000,
  /** Σ over words (runs of e-mail-address characters) of length × token boundaries inside: `a_a_a_…`, `a!a!a!…`. */
  maxWordWork: 50_000_000,
  /** Σ over words (no white space) of length × links and URLs starting inside: `[a](a)[a](a)…`, `www.a(www.a(…`. */
  maxLinkWork: 200_000_000,
  /** Σ over blocks (lines with no blank line between) of bare `-`/`=` lines × lines: the block lexer rescans per one. */
  maxLineWork: 10_000_000,
} as const;

export type PlainReason = 'size' | 'depth' | 'complex';

export interface MarkdownShape {
  chars: number;
  depth: number;
  depthWork: number;
  htmlDepth: number;
  bracketDepth: number;
  delimiterRun: number;
  delimiterWork: number;
  codeSpanWork: number;
  wordWork: number;
  linkWork: number;
  lineWork: number;
}

const SP = 32, TAB = 9, GT = 62, STAR = 42, UNDER = 95, TILDE = 126, DASH = 45, PLUS = 43, EQUALS = 61, BACKTICK = 96,
  LBRACKET = 91, RBRACKET = 93, LPAREN = 40, LT = 60, BACKSLASH = 92, HASH = 35, PIPE = 124, COLON = 58, DOT = 46, SLASH = 47;

// The characters of an e-mail address's local part: marked's text rule looks ahead over a run of them for an '@'.
const EMAILISH = new Uint8Array(128);
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&'*+/=?_`{|}~-") EMAILISH[c.charCodeAt(0)] = 1;

const isDigit = (c: number) => c >= 48 && c <= 57;
const isSpace = (c: number) => c === SP || c === TAB;
const isPunct = (c: number) => (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
const isW = (c: number) => c === 119 || c === 87;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

// Tags that never hold content, so never stay open.
const VOID_TAGS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** Whether an opening tag that can hold content starts at i (just after its `<`). */
function isTagStart(s: string, i: number): boolean {
  let j = i;
  while (j < s.length && j - i < 10 && isLetter(s.charCodeAt(j))) j++;
  if (j === i) return false;
  if (s.charCodeAt(j) === 47) return false; // self-closing: <x/>
  return !VOID_TAGS.has(s.slice(i, j).toLowerCase());
}

/** `---`, `***`, `___` (spaces allowed): a rule, not a list of empty items. */
function isThematicBreak(s: string, from: number, to: number): boolean {
  let ch = -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (isSpace(c)) continue;
    if (c !== DASH && c !== STAR && c !== UNDER) return false;
    if (ch === -1) ch = c;
    else if (c !== ch) return false;
    n++;
  }
  return n >= 3;
}

/** A line of only `-` or `=`: a setext underline (an empty list item is counted where its marker is read). */
function isUnderline(s: string, from: number, to: number): boolean {
  const c = s.charCodeAt(from);
  if (c !== DASH && c !== EQUALS) return false;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i);
    if (d !== c && !isSpace(d)) return false;
  }
  return true;
}

/** `|---|:--:|`: a table's delimiter row; after it each line is a row, and each row's cells are parsed apart. */
function isTableDelimiter(s: string, from: number, to: number): boolean {
  let pipe = false;
  let dash = false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === PIPE) pipe = true;
    else if (c === DASH) dash = true;
    else if (c !== COLON && !isSpace(c)) return false;
  }
  return pipe && dash;
}

/** Width of a list marker at i (`-`, `*`, `+`, `1.`, `1)` followed by a space or the end of the line), else 0. */
function listMarkerWidth(s: string, i: number, to: number): number {
  const c = s.charCodeAt(i);
  let j = i;
  if (c === DASH || c === STAR || c === PLUS) j = i + 1;
  else if (isDigit(c)) {
    while (j < to && j - i < 9 && isDigit(s.charCodeAt(j))) j++;
    const d = s.charCodeAt(j);
    if (d !== DOT && d !== 41) return 0;
    j++;
  } else return 0;
  return j === to || isSpace(s.charCodeAt(j)) ? j - i : 0;
}

/** Measures the shapes marked is slow on, in one pass over the text. */
export function measureMarkdown(text: string): MarkdownShape {
  const shape: MarkdownShape = {
    chars: text.length, depth: 0, depthWork: 0, htmlDepth: 0, bracketDepth: 0, delimiterRun: 0, delimiterWork: 0, codeSpanWork: 0, wordWork: 0, linkWork: 0, lineWork: 0,
  };
  // Open list items, as the column their content starts at (CommonMark: a marker at or past it nests).
  const items: number[] = [];
  let fence: { char: number; len: number; quotes: number; floor: number } | null = null;
  let prevBlank = true;
  let inTable = false;
  let chunkLines = 0; // non-blank lines since the last blank line or fence
  let underlines = 0; // of which setext underlines or empty list items

  // The current paragraph. Emphasis (per * _ ~): the runs seen and the openers waiting, by run index. Code spans:
  // where a run of each length waits for its closer, by character offset in the paragraph.
  let paragraphLines = 0;
  const seen = [0, 0, 0];
  const waiting: number[][] = [[], [], []];
  const openTicks = new Map<number, number>();
  let offset = 0;
  let brackets = 0;
  let openTags = 0;

  const endParagraph = () => {
    for (let t = 0; t < 3; t++) {
      for (const at of waiting[t]!) shape.delimiterWork += seen[t]! - at;
      waiting[t]!.length = 0;
      seen[t] = 0;
    }
    for (const at of openTicks.values()) shape.codeSpanWork += offset - at;
    openTicks.clear();
    paragraphLines = offset = brackets = 0;
  };
  const endChunk = () => {
    endParagraph();
    shape.lineWork += underlines * chunkLines;
    chunkLines = underlines = 0;
    inTable = false;
  };

  for (let start = 0; start <= text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    const next = end + 1;

    // Container prefix: blockquote and list markers in any order (`> - > 1. x`); list items nest by column.
    let i = start;
    let col = 0;
    let quotes = 0;
    let markers = 0;
    let indent = -1; // column of the first character after the blockquote markers; -1 on a blank line
    let hr = false;
    for (;;) {
      while (i < lineEnd && isSpace(text.charCodeAt(i))) { col += text.charCodeAt(i) === TAB ? 4 - (col % 4) : 1; i++; }
      if (i >= lineEnd) break;
      if (text.charCodeAt(i) === GT) {
        while (items.length && items[items.length - 1]! > col) items.pop(); // a quote left of an item's content ends it
        quotes++;
        i++;
        col++;
        continue;
      }
      if (indent < 0) {
        indent = col;
        if (fence) break;
        hr = isThematicBreak(text, i, lineEnd);
        if (hr) break;
      }
      const w = fence ? 0 : listMarkerWidth(text, i, lineEnd);
      if (!w) break;
      while (items.length && items[items.length - 1]! > col) items.pop();
      let after = i + w;
      let pad = 0;
      while (after < lineEnd && isSpace(text.charCodeAt(after)) && pad < 5) { after++; pad++; }
      items.push(col + w + (pad >= 1 && pad <= 4 && after < lineEnd ? pad : 1));
      markers++;
      col += w + pad;
      i = after;
    }
    const blank = indent < 0;

    if (fence) {
      // A fence ends at its closing line, or with the container it opened in (a blockquote or a list item).
      let j = i;
      while (j < lineEnd && text.charCodeAt(j) === fence.char) j++;
      let closes = j - i >= fence.len;
      for (let k = j; closes && k < lineEnd; k++) if (!isSpace(text.charCodeAt(k))) closes = false;
      const left = quotes < fence.quotes || (!blank && indent < fence.floor);
      if (closes || left) fence = null;
      if (!left) { start = next; continue; }
    }

    // After a blank line, text left of an item's content ends that item (before it, the text is a lazy continuation).
    if (!blank && !markers && prevBlank) while (items.length && items[items.length - 1]! > indent) items.pop();
    const depth = quotes + items.length;
    if (depth > shape.depth) shape.depth = depth;
    shape.depthWork += depth * (lineEnd - start + 1);
    if (blank) {
      endChunk();
      prevBlank = true;
      if (end >= text.length) break;
      start = next;
      continue;
    }

    // A fence opens at most 3 columns into its container (`- ```js` opens one inside the item).
    const floor = items.length && col >= items[items.length - 1]! ? items[items.length - 1]! : 0;
    const c0 = text.charCodeAt(i);
    if ((c0 === BACKTICK || c0 === TILDE) && col - floor <= 3) {
      let j = i;
      while (j < lineEnd && text.charCodeAt(j) === c0) j++;
      let info = j; // a backtick fence's info string has no backtick
      while (c0 === BACKTICK && info < lineEnd && text.charCodeAt(info) !== BACKTICK) info++;
      if (j - i >= 3 && (c0 === TILDE || info === lineEnd)) {
        endChunk();
        fence = { char: c0, len: j - i, quotes, floor };
        prevBlank = false;
        start = next;
        continue;
      }
    }

    // A new inline context: a list item, a heading, a rule, a table row. Otherwise the paragraph goes on.
    if (markers || hr || quotes || c0 === HASH) inTable = false;
    if (markers || hr || inTable || c0 === HASH || prevBlank) endParagraph();
    if (!inTable && paragraphLines > 0 && isTableDelimiter(text, i, lineEnd)) { inTable = true; endParagraph(); }
    if (!inTable) chunkLines++; // table rows are parsed one by one
    if (i >= lineEnd || isUnderline(text, i, lineEnd)) underlines++;
    paragraphLines++;
    prevBlank = false;

    let email = 0; // length of the current run of e-mail-address characters
    let stops = 0; // token boundaries inside it
    let word = 0; // length of the current run of non-space characters
    let links = 0; // links and URLs starting inside it
    for (let k = i; k <= lineEnd; k++) {
      const c = k < lineEnd ? text.charCodeAt(k) : SP;
      if (!(c < 128 && EMAILISH[c])) {
        shape.wordWork += email * stops;
        email = stops = 0;
      }
      if (isSpace(c)) {
        shape.linkWork += word * links;
        word = links = 0;
        continue;
      }
      if (c === STAR || c === UNDER || c === TILDE || c === BACKTICK) {
        let j = k + 1;
        while (j < lineEnd && text.charCodeAt(j) === c) j++;
        const len = j - k;
        email += len;
        stops += len;
        word += len;
        if (c === BACKTICK) {
          // A code span runs to the next run of the same length: marked scans the text up to it, or to the end.
          const at = offset + (k - i);
          const open = openTicks.get(len);
          if (open === undefined) openTicks.set(len, at);
          else { shape.codeSpanWork += at - open; openTicks.delete(len); }
        } else {
          if (len > shape.delimiterRun) shape.delimiterRun = len;
          // CommonMark's flanking rules, line ends taken as spaces: can this run open emphasis, close it, or both?
          const before = k > i ? text.charCodeAt(k - 1) : SP;
          const after = j < lineEnd ? text.charCodeAt(j) : SP;
          const left = !isSpace(after) && (!isPunct(after) || isSpace(before) || isPunct(before));
          const right = !isSpace(before) && (!isPunct(before) || isSpace(after) || isPunct(after));
          const canOpen = c === UNDER ? left && (!right || isPunct(before)) : left;
          const canClose = c === UNDER ? right && (!left || isPunct(after)) : right;
          const t = c === STAR ? 0 : c === UNDER ? 1 : 2;
          const stack = waiting[t]!;
          if (canClose && stack.length) shape.delimiterWork += seen[t]! - stack.pop()!;
          else if (canOpen) stack.push(seen[t]!);
          if (canOpen || canClose) seen[t]!++;
        }
        k = j - 1;
        continue;
      }
      word++;
      if (c < 128 && EMAILISH[c]) {
        email++;
        if (c === 33) stops++; // '!' may start an image
      }
      if (c === LBRACKET) {
        if (++brackets > shape.bracketDepth) shape.bracketDepth = brackets;
      } else if (c === RBRACKET) {
        if (brackets > 0) brackets--;
      } else if (c === LPAREN) {
        if (k > i && text.charCodeAt(k - 1) === RBRACKET) links++; // `](`: the address runs to the end of the word
      } else if (c === COLON) {
        if (text.charCodeAt(k + 1) === SLASH && text.charCodeAt(k + 2) === SLASH) links++; // `://`
      } else if (c === DOT) {
        if (k - i >= 3 && isW(text.charCodeAt(k - 1)) && isW(text.charCodeAt(k - 2)) && isW(text.charCodeAt(k - 3))) links++; // `www.`
      } else if (c === LT) {
        const d = text.charCodeAt(k + 1);
        if (d === SLASH) { if (openTags > 0) openTags--; } else if (isTagStart(text, k + 1) && ++openTags > shape.htmlDepth) shape.htmlDepth = openTags;
      } else if (c === BACKSLASH && k + 1 < lineEnd) {
        k++; // an escaped character is literal
        word++;
      }
    }
    offset += lineEnd - i + 1;
    if (end >= text.length) break;
    start = next;
  }
  endChunk();
  return shape;
}

/** Why a message must be shown as plain text, or null when marked can render it within budget. */
export function overBudget(text: string): PlainReason | null {
  if (text.length > BUDGET.maxChars) return 'size';
  const s = measureMarkdown(text);
  if (s.depth > BUDGET.maxDepth || s.depthWork > BUDGET.maxDepthWork || s.htmlDepth > BUDGET.maxHtmlDepth
    || s.bracketDepth > BUDGET.maxBracketDepth || s.delimiterRun > BUDGET.maxDelimiterRun) return 'depth';
  if (s.delimiterWork > BUDGET.maxDelimiterWork || s.codeSpanWork > BUDGET.maxCodeSpanWork || s.wordWork > BUDGET.maxWordWork
    || s.linkWork > BUDGET.maxLinkWork || s.lineWork > BUDGET.maxLineWork) return 'complex';
  return null;
}
