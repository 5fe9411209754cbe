// The render budget: one linear pass over a message's markdown that says when marked would need unbounded time or stack.
//
// marked is fine on real chats but super-linear on some shapes: nested lists and blockquotes recurse once per level
// (the 2,000-level list of the issue: cubic time, a stack overflow); an unclosed emphasis opener, code span, HTML
// comment or strikethrough is checked against the rest of its paragraph; a link's address, a bare URL and the e-mail
// look-ahead rescan the rest of a word from every token inside it; setext underlines, long paragraphs in list items
// and lazy quote lines make the block lexer re-read what came before; unclosed tags cost the sanitizer quadratically.
// This pass measures each shape (fenced code is skipped: none applies there) so an over-budget message is shown as
// plain text. Found by reading marked and by fuzzing it (13,000 random shapes at up to 200 KB: worst 0.43 s of CPU
// once these limits apply). The pool's task timeout stays the backstop for shapes it does not know.

/**
 * Limits per message. Within them the worst 1 MB inputs we know cost marked 1-3 s of CPU, most far less (measured on
 * this 2-core machine with tests/unit/render-budget.test.ts's shapes); real chats stay far below all of them.
 */
export const BUDGET = {
  /** Characters. Past this a message is a paste, not prose. */
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
  /**
   * Characters marked scans or rebuilds: to the end of each code span and inline HTML comment, processing instruction,
   * CDATA and declaration (the paragraph's end when there is none); the rest of the paragraph for each `~` run and
   * backslash escape; the blockquote so far for each line that continues it without a `>`.
   */
  maxScanWork: 50_000_000,
  /** Σ over words (runs of e-mail-address characters) of length × token boundaries inside: `a_a_a_…`, `a!a!a!…`. */
  maxWordWork: 50_000_000,
  /** Σ over words (no white space) of length × links and URLs starting inside: `[a](a)[a](a)…`, `www.a(www.a(…`. */
  maxLinkWork: 200_000_000,
  /**
   * Lines marked re-reads: Σ over blocks (no blank line between) of bare `-`/`=` lines × lines (setext underlines),
   * plus Σ over paragraphs inside list items of their lines² (the list lexer re-reads the item per line).
   */
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
  scanWork: number;
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

/** The name of the tag starting at i (just after its `<` or `</`), lower-cased, or null when none does. */
function tagName(s: string, i: number): string | null {
  let j = i;
  while (j < s.length && j - i < 10 && isLetter(s.charCodeAt(j))) j++;
  return j === i ? null : s.slice(i, j).toLowerCase();
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
    chars: text.length, depth: 0, depthWork: 0, htmlDepth: 0, bracketDepth: 0, delimiterRun: 0, delimiterWork: 0, scanWork: 0, wordWork: 0, linkWork: 0, lineWork: 0,
  };
  // Open list items, as the column their content starts at (CommonMark: a marker at or past it nests).
  const items: number[] = [];
  let fence: { char: number; len: number; quotes: number; floor: number } | null = null;
  let prevBlank = true;
  let quoteChars = 0; // characters of the blockquote the current line is in or continues
  let inTable = false;
  let chunkLines = 0; // non-blank lines since the last blank line or fence
  let underlines = 0; // of which setext underlines or empty list items

  // The current paragraph. Emphasis (per * _ ~), as marked counts it: an opener adds its length, a closer takes its
  // length off, and an opener's scan ends where the running count first falls back to where it stood before it.
  // Openers still scanning wait on a stack with that level. Code spans: where a run of each length waits for its
  // closer, by character offset in the paragraph.
  let paragraphLines = 0;
  let paragraphInItem = false;
  const seen = [0, 0, 0];
  const level = [0, 0, 0];
  const waiting: number[][] = [[], [], []]; // run index of each opener still scanning
  const waitingLevel: number[][] = [[], [], []];
  const waitingLength: number[][] = [[], [], []];
  const openTicks = new Map<number, number>();
  let offset = 0;
  // Constructs marked scans for a terminator from (<!-- -->, <? ?>, <![CDATA[ ]]>, <!X >), and those it reworks the
  // rest of the paragraph for (kind 4: a `~` run, a backslash escape): per kind, the ones not yet ended and the sum
  // of their offsets.
  const unclosed = [0, 0, 0, 0, 0];
  const unclosedAt = [0, 0, 0, 0, 0];
  const TO_END = 4;
  const close = (kind: number, at: number) => {
    shape.scanWork += unclosed[kind]! * at - unclosedAt[kind]!;
    unclosed[kind] = unclosedAt[kind] = 0;
  };
  let brackets = 0;
  // Raw HTML tags left open, by name: a closing tag only closes one of its own name (as in the sanitizer's parser).
  const openByName = new Map<string, number>();
  let openTags = 0;

  const endParagraph = () => {
    for (let t = 0; t < 3; t++) {
      for (const at of waiting[t]!) shape.delimiterWork += seen[t]! - at;
      waiting[t]!.length = waitingLevel[t]!.length = waitingLength[t]!.length = 0;
      seen[t] = level[t] = 0;
    }
    for (const at of openTicks.values()) shape.scanWork += offset - at;
    openTicks.clear();
    for (let kind = 0; kind <= TO_END; kind++) close(kind, offset);
    // marked re-reads a list item's paragraph once per line of it.
    if (paragraphInItem) shape.lineWork += paragraphLines * paragraphLines;
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
      if (quotes) quoteChars += lineEnd - start + 1;
      else quoteChars = 0;
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

    // A line without `>` that goes on a quoted paragraph (lazily): marked lexes the whole quote again for it.
    if (quotes) quoteChars += lineEnd - start + 1;
    else if (quoteChars && !prevBlank && !markers && !hr && c0 !== HASH) {
      shape.scanWork += quoteChars;
      quoteChars += lineEnd - start + 1;
    } else quoteChars = 0;

    // A new inline context: a list item, a heading, a rule, a table row. Otherwise the paragraph goes on.
    if (markers || hr || quotes || c0 === HASH) inTable = false;
    if (markers || hr || inTable || c0 === HASH || prevBlank) endParagraph();
    if (!inTable && paragraphLines > 0 && isTableDelimiter(text, i, lineEnd)) { inTable = true; endParagraph(); }
    if (!inTable) chunkLines++; // table rows are parsed one by one
    if (i >= lineEnd || isUnderline(text, i, lineEnd)) underlines++;
    if (!paragraphLines) paragraphInItem = items.length > 0;
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
        if (c === TILDE) { unclosed[TO_END]!++; unclosedAt[TO_END]! += offset + (k - i); }
        if (c === BACKTICK) {
          // A code span runs to the next run of the same length: marked scans the text up to it, or to the end.
          const at = offset + (k - i);
          const open = openTicks.get(len);
          if (open === undefined) openTicks.set(len, at);
          else { shape.scanWork += at - open; openTicks.delete(len); }
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
          const levels = waitingLevel[t]!;
          const lengths = waitingLength[t]!;
          const at = seen[t]!;
          // A run that can do both closes only where CommonMark's rule of 3 lets it (`**a*` does not close the `**`).
          const top = lengths[lengths.length - 1];
          const closes = canClose && (!canOpen || (top !== undefined && !(top % 3 && (top + len) % 3 === 0)));
          if (closes) {
            level[t]! -= len;
            while (stack.length && levels[levels.length - 1]! >= level[t]!) {
              shape.delimiterWork += at - stack.pop()!;
              levels.pop();
              lengths.pop();
            }
          } else if (canOpen && !canClose) {
            stack.push(at);
            levels.push(level[t]!);
            lengths.push(len);
            level[t]! += len;
          }
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
        const name = tagName(text, d === SLASH ? k + 2 : k + 1);
        if (name && d === SLASH) {
          const open = openByName.get(name);
          if (open) { openByName.set(name, open - 1); openTags--; }
        } else if (name && !VOID_TAGS.has(name) && text.charCodeAt(k + 1 + name.length) !== SLASH) { // not <br>, not <x/>
          openByName.set(name, (openByName.get(name) ?? 0) + 1);
          if (++openTags > shape.htmlDepth) shape.htmlDepth = openTags;
        } else if (d === 33 || d === 63) {
          const kind = d === 63 ? 1 : text.startsWith('--', k + 2) ? 0 : text.startsWith('[CDATA[', k + 2) ? 2 : 3;
          unclosed[kind]!++;
          unclosedAt[kind]! += offset + (k - i);
        }
      } else if (c === GT) { // '>' ends the constructs above, each with its own terminator
        const at = offset + (k - i);
        if (unclosed[3]) close(3, at);
        if (unclosed[0] && k - i >= 2 && text.charCodeAt(k - 1) === DASH && text.charCodeAt(k - 2) === DASH) close(0, at);
        if (unclosed[1] && k > i && text.charCodeAt(k - 1) === 63) close(1, at);
        if (unclosed[2] && k - i >= 2 && text.charCodeAt(k - 1) === RBRACKET && text.charCodeAt(k - 2) === RBRACKET) close(2, at);
      } else if (c === BACKSLASH && k + 1 < lineEnd) {
        if (isPunct(text.charCodeAt(k + 1))) { unclosed[TO_END]!++; unclosedAt[TO_END]! += offset + (k - i); }
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
  if (s.delimiterWork > BUDGET.maxDelimiterWork || s.scanWork > BUDGET.maxScanWork || s.wordWork > BUDGET.maxWordWork
    || s.linkWork > BUDGET.maxLinkWork || s.lineWork > BUDGET.maxLineWork) return 'complex';
  return null;
}
