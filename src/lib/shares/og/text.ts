// Cleans and prepares untrusted text for the card: drops what no font can draw, bounds lengths, measures widths, formats dates.
import type { FontKit } from './fonts';

export interface PreparedText {
  text: string;
  /** false when too little of the text can be drawn with the available fonts (e.g. CJK without a CJK font). */
  usable: boolean;
  /** true when some characters are only drawable with the optional system fonts. */
  needsExtras: boolean;
  rtl: boolean;
}

const RE_LINEBREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
// ZWJ, VS16 and tag characters stay: they hold emoji sequences together (prepareText drops them anywhere else).
const RE_INVISIBLE = /(?![\u200d\ufe0f\u{e0020}-\u{e007f}])[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Default_Ignorable_Code_Point}]/gu;
const RE_EMOJI = /[\p{Extended_Pictographic}\p{Regional_Indicator}\u20e3]/u;
const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const RE_EMOJI_PART = /[\p{Extended_Pictographic}\p{Emoji_Component}\p{Emoji_Modifier}\p{Regional_Indicator}\u20e3\ufe0e\ufe0f]/u;
const RE_SPACE = /\s/u;
const RE_MARK = /\p{M}/u;
const RE_CONTENT = /[\p{L}\p{N}]/u;
const RE_RTL = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const RE_STRONG = /\p{L}/u;
const RE_WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;

/** Coerces to a string, bounds its length, and drops lone surrogates, controls and invisible format characters. */
export function basicClean(raw: unknown, maxLen: number): string {
  let s = typeof raw === 'string' ? raw : raw == null ? '' : String(raw);
  // Bound the work before any regex runs over attacker-controlled input.
  if (s.length > maxLen * 8) s = s.slice(0, maxLen * 8);
  // Lone surrogates (and U+FFFD) can't be drawn meaningfully: drop them.
  s = s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\uFFFD/g, '');
  try {
    s = s.normalize('NFC');
  } catch {
    /* keep as is */
  }
  return s.replace(RE_LINEBREAKS, ' ').replace(RE_INVISIBLE, '');
}

function finish(chars: string[], maxLen: number): string {
  let s = chars.join('').replace(/\s+/gu, ' ').replace(/…(?:\s*…)+/g, '…').trim();
  if (Array.from(s).length <= maxLen) return s;
  // Cut between graphemes, so an emoji sequence or an accented letter is never split.
  let cut = '';
  let used = 0;
  for (const { segment } of GRAPHEMES.segment(s)) {
    const n = Array.from(segment).length;
    if (used + n > maxLen - 1) break;
    cut += segment;
    used += n;
  }
  return cut.trimEnd() + '…';
}

/** Keeps the characters the fonts can draw; a run of an uncovered script becomes one "…". */
export function prepareText(raw: unknown, maxLen: number, fonts: FontKit, allowExtras: boolean): PreparedText {
  const cleaned = basicClean(raw, maxLen);
  const groupCount = allowExtras ? fonts.groups.length : fonts.interGroups;
  const out: string[] = [];
  let kept = 0;
  let dropped = 0;
  let needsExtras = false;
  let inDroppedRun = false;
  let baseGroup = -1; // font family of the last kept base character
  let marks = 0; // combining marks kept on it
  const covered = (cp: number) => fonts.groups.slice(0, groupCount).some((g) => g.has(cp));
  for (const { segment } of GRAPHEMES.segment(cleaned)) {
    // An emoji (a sequence, a flag, a keycap) with a colour image is drawn whole; a lone symbol a font has stays text.
    if (RE_EMOJI.test(segment) && fonts.emoji?.(segment) && !(Array.from(segment).length === 1 && covered(segment.codePointAt(0)!))) {
      out.push(segment);
      kept++;
      inDroppedRun = false;
      baseGroup = -1;
      marks = 0;
      continue;
    }
    for (const ch of segment) {
      const cp = ch.codePointAt(0) ?? 0;
      if (RE_MARK.test(ch)) {
        // Combining marks are shaped with their base character's font, so keep one only if that
        // font has it, and at most two per base ("Zalgo" stacks would overflow the lines).
        if (baseGroup >= 0 && marks < 2 && fonts.groups[baseGroup].has(cp)) {
          out.push(ch);
          marks++;
        }
        continue;
      }
      marks = 0;
      let group = -1;
      for (let g = 0; g < groupCount; g++) {
        if (fonts.groups[g].has(cp)) {
          group = g;
          break;
        }
      }
      if (group >= 0) {
        if (group >= fonts.interGroups) needsExtras = true;
        if (RE_CONTENT.test(ch)) kept++;
        out.push(ch);
        inDroppedRun = false;
        baseGroup = RE_SPACE.test(ch) ? -1 : group;
        continue;
      }
      baseGroup = -1;
      if (RE_SPACE.test(ch)) {
        out.push(' ');
      } else if (RE_EMOJI_PART.test(ch)) {
        // An emoji part with no image (or a stray joiner): dropped rather than drawn as a "missing glyph" box.
      } else {
        // A script we have no font for (e.g. CJK on a machine without CJK fonts): elide the run.
        dropped++;
        if (!inDroppedRun) out.push('…');
        inDroppedRun = true;
      }
    }
  }
  const text = finish(out, maxLen);
  const firstStrong = Array.from(text).find((c) => RE_STRONG.test(c));
  return {
    text,
    // Only draw text that is (almost) entirely drawable; otherwise callers use a neutral fallback.
    usable: text.length > 0 && dropped * 4 <= kept,
    needsExtras,
    rtl: !!firstStrong && RE_RTL.test(firstStrong),
  };
}

/** Last-chance text: printable ASCII only, which the Latin Inter subset always covers. */
export function asciiText(raw: unknown, maxLen: number): PreparedText {
  const s = basicClean(raw, maxLen)
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '');
  const text = finish(Array.from(s), maxLen);
  return { text, usable: /[A-Za-z0-9]/.test(text), needsExtras: false, rtl: false };
}

/** Rough width in Latin-character units: CJK glyphs count about double. */
export function textWidthUnits(s: string): number {
  let n = 0;
  for (const ch of s) n += RE_WIDE.test(ch) ? 1.8 : 1;
  return n;
}

const DATE_FMT = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

/** "Oct 26, 2025" (UTC) from unix seconds (milliseconds tolerated); "" for anything that is not a date. */
export function formatDate(value: unknown): string {
  let n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n) || n <= 0) return '';
  if (n > 1e11) n = n / 1000; // tolerate milliseconds passed by mistake
  const d = new Date(n * 1000);
  if (Number.isNaN(d.getTime())) return '';
  try {
    return DATE_FMT.format(d);
  } catch {
    return '';
  }
}

