// Renders the 1200x630 Open Graph PNG cards for share links (satori → SVG → resvg → PNG); never rejects.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import satori from 'satori';
import { create as parseFont } from 'fontkitten';

export interface OgInput {
  title: string;
  firstQuestion: string;
  models: string[];
  date: number /* unix seconds */;
}

const WIDTH = 1200;
const HEIGHT = 630;

// ---------------------------------------------------------------------------
// Fonts
// ---------------------------------------------------------------------------

type Weight = 400 | 600 | 700;
interface FontOptions {
  name: string;
  data: Buffer;
  weight: Weight;
  style: 'normal';
}
/** The code points a font family can draw. */
type Coverage = Set<number>;

interface FontKit {
  /** Inter only. The common case; the array identity is stable so satori caches its parsed fonts. */
  base: FontOptions[];
  /** Inter plus the optional system fonts, or null when none exist on this machine. */
  withExtras: FontOptions[] | null;
  /** Coverage of each font family in satori's fallback order: the Inter subsets, then the system fonts. */
  groups: Coverage[];
  /** How many of `groups` are Inter subsets (always available). */
  interGroups: number;
  /** Union of the system fonts' coverage minus Inter's. */
  extras: Coverage;
}

// Each Inter subset gets its own family name: satori only falls back across *different* families
// (after the listed ones, in the order passed), so same-named subsets would hide each other.
const INTER_SUBSETS = ['latin', 'latin-ext', 'cyrillic', 'cyrillic-ext', 'greek', 'greek-ext', 'vietnamese'];
const WEIGHTS: Weight[] = [400, 600, 700];

// Optional system fonts for scripts Inter lacks (DejaVu: Arabic, Hebrew and many symbols; Droid
// Sans Fallback / IPA: CJK). Only used when present (fs.existsSync); never required. Collections
// (.ttc) are skipped because the font parser doesn't read them.
const SYSTEM_FONTS: Array<{ name: string; files: Partial<Record<Weight, string[]>> }> = [
  {
    name: 'DejaVu Sans',
    files: {
      400: ['truetype/dejavu/DejaVuSans.ttf', 'TTF/DejaVuSans.ttf', 'dejavu/DejaVuSans.ttf', 'dejavu-sans-fonts/DejaVuSans.ttf'],
      700: ['truetype/dejavu/DejaVuSans-Bold.ttf', 'TTF/DejaVuSans-Bold.ttf', 'dejavu/DejaVuSans-Bold.ttf', 'dejavu-sans-fonts/DejaVuSans-Bold.ttf'],
    },
  },
  {
    name: 'Droid Sans Fallback',
    files: { 400: ['truetype/droid/DroidSansFallbackFull.ttf', 'google-droid-sans-fonts/DroidSansFallbackFull.ttf'] },
  },
  {
    name: 'IPAGothic',
    files: { 400: ['opentype/ipafont-gothic/ipag.ttf', 'truetype/ipafont-gothic/ipag.ttf'] },
  },
];
const SYSTEM_FONT_DIRS = ['/usr/share/fonts', '/usr/local/share/fonts'];

function resolveInterFile(file: string): string | null {
  try {
    return createRequire(import.meta.url).resolve(`@fontsource/inter/files/${file}`);
  } catch {
    // Bundled into dist/server or an unusual layout: try the project's node_modules directly.
  }
  const fallback = path.resolve(process.cwd(), 'node_modules/@fontsource/inter/files', file);
  return fs.existsSync(fallback) ? fallback : null;
}

function findSystemFile(candidates: string[]): string | null {
  for (const dir of SYSTEM_FONT_DIRS) {
    for (const rel of candidates) {
      const p = path.join(dir, rel);
      try {
        if (fs.existsSync(p)) return p;
      } catch {
        /* ignore */
      }
    }
  }
  return null;
}

async function loadFonts(): Promise<FontKit> {
  const base: FontOptions[] = [];
  const interCoverage: Coverage[] = [];
  for (const subset of INTER_SUBSETS) {
    const name = subset === 'latin' ? 'Inter' : `Inter ${subset}`;
    for (const weight of WEIGHTS) {
      const file = resolveInterFile(`inter-${subset}-${weight}-normal.woff`);
      if (!file) {
        if (subset === 'latin') throw new Error(`og: cannot find @fontsource/inter ${subset} ${weight}`);
        continue;
      }
      const data = await fs.promises.readFile(file);
      base.push({ name, data, weight, style: 'normal' });
      // All weights of a subset share one character set, so the regular weight's cmap is enough.
      if (weight === 400) interCoverage.push(coverageOf(data));
    }
  }

  const extraFonts: FontOptions[] = [];
  const extraCoverage: Coverage[] = [];
  for (const family of SYSTEM_FONTS) {
    const loaded: Array<{ weight: Weight; data: Buffer }> = [];
    for (const weight of WEIGHTS) {
      const candidates = family.files[weight];
      const file = candidates && findSystemFile(candidates);
      if (!file) continue;
      try {
        loaded.push({ weight, data: await fs.promises.readFile(file) });
      } catch {
        /* unreadable: skip */
      }
    }
    if (!loaded.length) continue;
    // A character counts as covered only if every loaded weight has it, so a bold title never
    // falls through to a missing glyph.
    const [first, ...rest] = loaded.map((f) => coverageOf(f.data));
    const cov = new Set([...first!].filter((cp) => rest.every((r) => r.has(cp))));
    if (!cov.size) continue;
    for (const f of loaded) extraFonts.push({ name: family.name, data: f.data, weight: f.weight, style: 'normal' });
    extraCoverage.push(cov);
  }

  return {
    base,
    withExtras: extraFonts.length ? [...base, ...extraFonts] : null,
    groups: [...interCoverage, ...extraCoverage],
    interGroups: interCoverage.length,
    extras: new Set(extraCoverage.flatMap((c) => [...c]).filter((cp) => !interCoverage.some((i) => i.has(cp)))),
  };
}

let fontsPromise: Promise<FontKit> | null = null;
function getFonts(): Promise<FontKit> {
  if (!fontsPromise) {
    fontsPromise = loadFonts().catch((err) => {
      fontsPromise = null; // allow a later retry instead of caching the failure forever
      throw err;
    });
  }
  return fontsPromise;
}

/** Which characters a font file can draw, read with fontkitten (Astro's own font parser); unreadable fonts cover nothing. */
function coverageOf(font: Buffer): Coverage {
  try {
    const parsed = parseFont(font);
    return new Set('characterSet' in parsed ? parsed.characterSet : []);
  } catch {
    return new Set();
  }
}

// ---------------------------------------------------------------------------
// Text preparation
// ---------------------------------------------------------------------------

interface PreparedText {
  text: string;
  /** false when too little of the text can be drawn with the available fonts (e.g. CJK without a CJK font). */
  usable: boolean;
  /** true when some characters are only drawable with the optional system fonts. */
  needsExtras: boolean;
  rtl: boolean;
}

const RE_LINEBREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
const RE_INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Default_Ignorable_Code_Point}]/gu;
const RE_EMOJI_PART = /[\p{Extended_Pictographic}\p{Emoji_Component}\p{Emoji_Modifier}\p{Regional_Indicator}\u20e3\ufe0e\ufe0f]/u;
const RE_SPACE = /\s/u;
const RE_MARK = /\p{M}/u;
const RE_CONTENT = /[\p{L}\p{N}]/u;
const RE_RTL = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const RE_STRONG = /\p{L}/u;
const RE_WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;

/** Coerces to a string, bounds its length, and drops lone surrogates, controls and invisible format characters. */
function basicClean(raw: unknown, maxLen: number): string {
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
  const cps = Array.from(s);
  if (cps.length > maxLen) s = cps.slice(0, maxLen - 1).join('').trimEnd() + '…';
  return s;
}

function prepareText(raw: unknown, maxLen: number, fonts: FontKit, allowExtras: boolean): PreparedText {
  const cleaned = basicClean(raw, maxLen);
  const groupCount = allowExtras ? fonts.groups.length : fonts.interGroups;
  const out: string[] = [];
  let kept = 0;
  let dropped = 0;
  let needsExtras = false;
  let inDroppedRun = false;
  let baseGroup = -1; // font family of the last kept base character
  let marks = 0; // combining marks kept on it
  for (const ch of cleaned) {
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
      // No emoji font is bundled: drop emoji instead of drawing "missing glyph" boxes.
    } else {
      // A script we have no font for (e.g. CJK on a machine without CJK fonts): elide the run.
      dropped++;
      if (!inDroppedRun) out.push('…');
      inDroppedRun = true;
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
function asciiText(raw: unknown, maxLen: number): PreparedText {
  const s = basicClean(raw, maxLen)
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '');
  const text = finish(Array.from(s), maxLen);
  return { text, usable: /[A-Za-z0-9]/.test(text), needsExtras: false, rtl: false };
}

function textWidthUnits(s: string): number {
  let n = 0;
  for (const ch of s) n += RE_WIDE.test(ch) ? 1.8 : 1;
  return n;
}

const DATE_FMT = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

function formatDate(value: unknown): string {
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

// ---------------------------------------------------------------------------
// Layout (satori element objects; no JSX in .ts files)
// ---------------------------------------------------------------------------

type Style = Record<string, string | number>;
interface El {
  type: string;
  props: Record<string, unknown> & { style?: Style; children?: unknown };
}
type Child = El | string | null | false;

function h(type: string, style: Style | null, children?: Child | Child[], extra?: Record<string, unknown>): El {
  const kids = Array.isArray(children) ? children.filter((c): c is El | string => !!c) : children || undefined;
  return { type, props: { ...(extra ?? {}), ...(style ? { style } : {}), ...(kids !== undefined ? { children: kids } : {}) } };
}

const C = {
  ink: '#0f1222',
  brandInk: '#1e1b4b',
  muted: '#55607a',
  subtle: '#7b849b',
  indigo: '#4f46e5',
  indigo2: '#6366f1',
  indigoText: '#3730a3',
  chipBg: '#eef0ff',
  chipBorder: '#d3d7fd',
  line: '#e4e6f4',
};

// Flat base colour plus two glows confined to small absolutely positioned boxes: full-canvas
// gradient layers each cost resvg a full 1200x630 pattern pass, and this keeps renders fast.
const BACKGROUND: Style = { backgroundColor: '#f9f9ff' };

function glows(): El[] {
  return [
    h('div', {
      position: 'absolute',
      top: 0,
      right: 0,
      width: 720,
      height: 480,
      backgroundImage: 'radial-gradient(720px 480px at 100% 0%, rgba(99,102,241,0.20) 0%, rgba(99,102,241,0.07) 50%, rgba(99,102,241,0) 100%)',
    }),
    h('div', {
      position: 'absolute',
      bottom: 0,
      left: 0,
      width: 560,
      height: 340,
      backgroundImage: 'radial-gradient(560px 340px at 0% 100%, rgba(129,140,248,0.14) 0%, rgba(129,140,248,0) 100%)',
    }),
  ];
}

function svgIcon(size: number, viewBox: string, paths: Array<Record<string, unknown>>): El {
  return h('svg', null, paths.map((p) => h('path', null, undefined, p)), { width: size, height: size, viewBox });
}

/** An icon centred in a tinted, bordered box (the question's avatar, the generic card's lock). */
function iconBadge(size: number, radius: number, icon: El): El {
  return h('div', {
    display: 'flex', alignItems: 'center', justifyContent: 'center', width: size, height: size, flexShrink: 0,
    borderRadius: radius, backgroundColor: C.chipBg, border: `1px solid ${C.chipBorder}`,
  }, icon);
}

function brandMark(): El {
  const mark = h(
    'div',
    {
      display: 'flex',
      alignItems: 'center',
      justifyContent: 'center',
      width: 56,
      height: 56,
      borderRadius: 16,
      backgroundImage: 'linear-gradient(135deg, #6366f1 0%, #4f46e5 100%)',
      border: '1px solid rgba(67,56,202,0.35)',
    },
    // A chat bubble with two text lines.
    svgIcon(32, '0 0 24 24', [
      { d: 'M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.6c-.5.4-1.3.1-1.3-.6V16A2.5 2.5 0 0 1 4 13.5z', fill: '#ffffff' },
      { d: 'M8 8.25h8', stroke: '#4f46e5', strokeWidth: 1.8, strokeLinecap: 'round' },
      { d: 'M8 11.75h5', stroke: '#4f46e5', strokeWidth: 1.8, strokeLinecap: 'round' },
    ]),
  );
  return h('div', { display: 'flex', alignItems: 'center', gap: 16 }, [
    mark,
    h('div', { fontSize: 32, fontWeight: 700, color: C.brandInk, letterSpacing: -0.8 }, 'chatshare'),
  ]);
}

function pill(label: string): El {
  return h(
    'div',
    {
      display: 'flex',
      alignItems: 'center',
      gap: 8,
      padding: '8px 16px',
      borderRadius: 999,
      border: `1px solid ${C.chipBorder}`,
      backgroundColor: 'rgba(255,255,255,0.7)',
      color: C.indigoText,
      fontSize: 18,
      fontWeight: 600,
    },
    [h('div', { width: 8, height: 8, borderRadius: 999, backgroundColor: C.indigo2 }), label],
  );
}

function frame(headerRight: El | null, body: Child[]): El {
  return h(
    'div',
    {
      display: 'flex',
      flexDirection: 'column',
      width: WIDTH,
      height: HEIGHT,
      boxSizing: 'border-box',
      padding: '60px 72px 52px',
      fontFamily: 'Inter',
      color: C.ink,
      position: 'relative',
      ...BACKGROUND,
    },
    [
      ...glows(),
      h('div', {
        position: 'absolute',
        top: 0,
        left: 0,
        width: WIDTH,
        height: 8,
        backgroundImage: 'linear-gradient(90deg, #4f46e5 0%, #6366f1 50%, #a5b4fc 100%)',
      }),
      h('div', { display: 'flex', alignItems: 'center', justifyContent: 'space-between', flexShrink: 0 }, [brandMark(), headerRight]),
      ...body,
    ],
  );
}

const CONTENT_WIDTH = WIDTH - 2 * 72;

function titleFontSize(prepared: PreparedText): number {
  const units = textWidthUnits(prepared.text);
  return units <= 28 ? 68 : units <= 56 ? 60 : units <= 96 ? 52 : 46;
}

function estimatedTitleLines(prepared: PreparedText): number {
  const fontSize = titleFontSize(prepared);
  // Inter Bold averages ~0.56em per Latin character.
  return Math.ceil((textWidthUnits(prepared.text) * 0.56 * fontSize) / CONTENT_WIDTH);
}

function titleStyle(prepared: PreparedText): Style {
  const fontSize = titleFontSize(prepared);
  return {
    fontSize,
    fontWeight: 700,
    lineHeight: 1.16,
    letterSpacing: Math.round(-fontSize * 0.022 * 10) / 10,
    color: C.ink,
    lineClamp: 3,
    overflowWrap: 'anywhere',
    wordBreak: 'normal',
    ...(prepared.rtl ? { direction: 'rtl', textAlign: 'right' } : {}),
  };
}

interface CardModel {
  title: PreparedText;
  question: PreparedText | null;
  models: string[];
  extraModels: number;
  date: string;
}

function cardElement(m: CardModel): El {
  // Keep the question to 2 lines unless the title fits on one, so nothing is cut at the bottom.
  const questionLines = estimatedTitleLines(m.title) <= 1 ? 3 : 2;

  const avatar = iconBadge(44, 999, svgIcon(24, '0 0 24 24', [
      { d: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z', fill: C.indigo2 },
      { d: 'M4.5 20c.6-3.6 3.7-6 7.5-6s6.9 2.4 7.5 6z', fill: C.indigo2 },
  ]));

  const question =
    m.question &&
    h('div', { display: 'flex', alignItems: 'flex-start', gap: 16, marginTop: 30, flexShrink: 1, minHeight: 0 }, [
      avatar,
      h(
        'div',
        {
          display: 'flex',
          flexShrink: 1,
          minWidth: 0,
          padding: '16px 24px',
          borderRadius: '6px 20px 20px 20px',
          backgroundColor: '#ffffff',
          border: `1px solid ${C.line}`,
          borderBottomColor: '#d9dcf0',
        },
        h(
          'div',
          {
            fontSize: 26,
            lineHeight: 1.45,
            color: C.muted,
            lineClamp: questionLines,
            overflowWrap: 'anywhere',
            ...(m.question.rtl ? { direction: 'rtl', textAlign: 'right' } : {}),
          },
          m.question.text,
        ),
      ),
    ]);

  const chips: El[] = m.models.map((name) =>
    h(
      'div',
      {
        display: 'flex',
        alignItems: 'center',
        gap: 10,
        maxWidth: 260,
        padding: '8px 16px',
        borderRadius: 999,
        backgroundColor: C.chipBg,
        border: `1px solid ${C.chipBorder}`,
        flexShrink: 1,
        minWidth: 0,
      },
      [
        h('div', { width: 9, height: 9, borderRadius: 999, backgroundColor: C.indigo2, flexShrink: 0 }),
        h(
          'div',
          { fontSize: 20, fontWeight: 600, color: C.indigoText, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', minWidth: 0 },
          name,
        ),
      ],
    ),
  );
  if (m.extraModels > 0) {
    chips.push(
      h(
        'div',
        {
          display: 'flex',
          padding: '8px 14px',
          borderRadius: 999,
          border: `1px solid ${C.line}`,
          backgroundColor: 'rgba(255,255,255,0.8)',
          fontSize: 20,
          fontWeight: 600,
          color: C.subtle,
          flexShrink: 0,
        },
        `+${m.extraModels}`,
      ),
    );
  }

  const dateEl =
    m.date &&
    h('div', { display: 'flex', alignItems: 'center', gap: 10, flexShrink: 0, color: C.subtle, fontSize: 22, fontWeight: 500 }, [
      svgIcon(22, '0 0 24 24', [
        { d: 'M7 3v3M17 3v3M4 9h16M5.5 5h13A1.5 1.5 0 0 1 20 6.5v12a1.5 1.5 0 0 1-1.5 1.5h-13A1.5 1.5 0 0 1 4 18.5v-12A1.5 1.5 0 0 1 5.5 5z', stroke: C.subtle, strokeWidth: 1.8, fill: 'none', strokeLinecap: 'round' },
      ]),
      m.date,
    ]);

  return frame(pill('Shared conversation'), [
    // The side padding/negative margin gives glyphs that overhang the text box (e.g. the ellipsis)
    // room inside this clipping container without moving the layout.
    h('div', { display: 'flex', flexDirection: 'column', flexGrow: 1, flexShrink: 1, minHeight: 0, margin: '40px -12px 0', padding: '0 12px' }, [
      h('div', { ...titleStyle(m.title), flexShrink: 0 }, m.title.text),
      question,
    ]),
    h(
      'div',
      {
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'space-between',
        gap: 24,
        flexShrink: 0,
        marginTop: 20,
        paddingTop: 20,
        borderTop: `1px solid ${m.models.length || m.date ? C.line : 'transparent'}`,
        minHeight: 46,
      },
      [h('div', { display: 'flex', alignItems: 'center', gap: 12, flexShrink: 1, minWidth: 0 }, chips), dateEl],
    ),
  ]);
}

function genericElement(): El {
  const lock = iconBadge(76, 22, svgIcon(38, '0 0 24 24', [
      { d: 'M6.5 10.5h11a1.5 1.5 0 0 1 1.5 1.5v7a1.5 1.5 0 0 1-1.5 1.5h-11A1.5 1.5 0 0 1 5 19v-7a1.5 1.5 0 0 1 1.5-1.5z', fill: C.indigo2 },
      { d: 'M8.5 10.5V8a3.5 3.5 0 0 1 7 0v2.5', stroke: C.indigo2, strokeWidth: 2, fill: 'none', strokeLinecap: 'round' },
      { d: 'M12 14v2.5', stroke: '#ffffff', strokeWidth: 2, strokeLinecap: 'round' },
  ]));
  return frame(pill('Protected link'), [
    h('div', { display: 'flex', flexDirection: 'column', justifyContent: 'center', flexGrow: 1, gap: 0 }, [
      lock,
      h('div', { marginTop: 36, fontSize: 72, fontWeight: 700, letterSpacing: -1.6, lineHeight: 1.1, color: C.ink }, 'A shared conversation'),
      h('div', { marginTop: 18, fontSize: 32, fontWeight: 400, color: C.muted }, 'Protected: open the link to view it'),
    ]),
  ]);
}

// ---------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------

async function renderElement(el: El, fonts: FontOptions[], kit: FontKit): Promise<Buffer> {
  const svg = await satori(el as unknown as Parameters<typeof satori>[0], {
    width: WIDTH,
    height: HEIGHT,
    fonts,
    onStyleError: () => {},
    // Text is pre-filtered to characters the passed fonts cover, so this is only a safety net.
    // Emoji: no emoji images are bundled, so return nothing (they are stripped beforehand). Other scripts: the
    // optional system fonts (DejaVu covers Arabic/Hebrew) when they cover the segment and aren't
    // already in `fonts`, else []. (Fonts added here are pushed onto satori's cached font set for
    // this `fonts` array on every call, which is why the normal path passes `withExtras` instead.)
    loadAdditionalAsset: async (code: string, segment: string) => {
      if (code === 'emoji') return undefined as unknown as string;
      if (!kit.withExtras || fonts === kit.withExtras) return [];
      const needed = Array.from(segment).some((ch) => kit.extras.has(ch.codePointAt(0) ?? 0));
      return needed ? kit.withExtras.slice(kit.base.length) : [];
    },
  });
  return pngFromSvg(svg);
}

function pngFromSvg(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: WIDTH },
    // satori already turned all text into paths; scanning system fonts would only cost time.
    font: { loadSystemFonts: false },
  });
  return resvg.render().asPng();
}

function buildCardModel(input: OgInput, kit: FontKit, safe: boolean): CardModel {
  const prep = (raw: unknown, max: number) => (safe ? asciiText(raw, max) : prepareText(raw, max, kit, !!kit.withExtras));
  const rawTitle = input?.title;
  let title = prep(rawTitle, 200);
  if (!title.usable) {
    const empty = basicClean(rawTitle, 200).trim() === '';
    title = { text: empty ? 'Untitled conversation' : 'A shared conversation', usable: true, needsExtras: false, rtl: false };
  }
  const q = prep(input?.firstQuestion, 280);
  const models: string[] = [];
  const seen = new Set<string>();
  const rawModels = Array.isArray(input?.models) ? input.models : [];
  for (const raw of rawModels.slice(0, 50)) {
    const m = prep(raw, 32);
    if (!m.usable || !m.text) continue;
    const key = m.text.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    models.push(m.text);
  }
  return {
    title,
    question: q.usable && q.text ? q : null,
    models: models.slice(0, 3),
    extraModels: Math.max(0, models.length - 3),
    date: formatDate(input?.date),
  };
}

/** A 1200x630 PNG card for a share. Never rejects: degrades to ASCII text, then the generic card. */
export async function renderOgImage(input: OgInput): Promise<Buffer> {
  try {
    const kit = await getFonts();
    try {
      const model = buildCardModel(input, kit, false);
      const extras = model.title.needsExtras || !!model.question?.needsExtras;
      return await renderElement(cardElement(model), extras && kit.withExtras ? kit.withExtras : kit.base, kit);
    } catch {
      const model = buildCardModel(input, kit, true);
      return await renderElement(cardElement(model), kit.base, kit);
    }
  } catch {
    return renderGenericOgImage();
  }
}

let genericCache: Promise<Buffer> | null = null;

/** The card for protected shares: brand + "A shared conversation", no share content. Cached after the first render. */
export async function renderGenericOgImage(): Promise<Buffer> {
  if (!genericCache) {
    const attempt = (async () => {
      const kit = await getFonts();
      return renderElement(genericElement(), kit.base, kit);
    })();
    // Only a real render stays cached; on failure this (and any concurrent) call gets the
    // font-free fallback and the next call retries.
    const safe = attempt.catch(() => {
      if (genericCache === safe) genericCache = null;
      return textlessFallback();
    });
    genericCache = safe;
  }
  return genericCache;
}

// --- Fallbacks that need no fonts at all ------------------------------------------------------

/** A card drawn without text, for when no font can be used; if resvg itself fails, the install is broken and this throws. */
function textlessFallback(): Buffer {
  return pngFromSvg(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">` +
        '<defs><linearGradient id="b" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#ffffff"/><stop offset="1" stop-color="#eef0ff"/></linearGradient>' +
        '<linearGradient id="m" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#6366f1"/><stop offset="1" stop-color="#4f46e5"/></linearGradient></defs>' +
        `<rect width="${WIDTH}" height="${HEIGHT}" fill="url(#b)"/><rect width="${WIDTH}" height="8" fill="#4f46e5"/>` +
        '<rect x="536" y="251" width="128" height="128" rx="36" fill="url(#m)"/>' +
        '<g transform="translate(564 279) scale(3)"><path fill="#fff" d="M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.6c-.5.4-1.3.1-1.3-.6V16A2.5 2.5 0 0 1 4 13.5z"/>' +
        '<path d="M8 8.25h8M8 11.75h5" stroke="#4f46e5" stroke-width="1.8" stroke-linecap="round"/></g></svg>',
  );
}
