// Fonts for the scripts Inter lacks (CJK, Arabic, Hebrew, Devanagari) and colour emoji, from npm packages: only the
// subset files a card's text needs are read (fontsource splits each font by unicode-range), each once per process.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Coverage, FontOptions } from './fonts';

// In fallback order; CJK reordered per text (kana: Japanese shapes first; Hangul: Korean). Cyrillic is in Inter.
const PACKAGES = {
  sc: { pkg: '@fontsource/noto-sans-sc', family: 'Noto Sans SC' },
  jp: { pkg: '@fontsource/noto-sans-jp', family: 'Noto Sans JP' },
  kr: { pkg: '@fontsource/noto-sans-kr', family: 'Noto Sans KR' },
  arabic: { pkg: '@fontsource/noto-sans-arabic', family: 'Noto Sans Arabic' },
  hebrew: { pkg: '@fontsource/noto-sans-hebrew', family: 'Noto Sans Hebrew' },
  devanagari: { pkg: '@fontsource/noto-sans-devanagari', family: 'Noto Sans Devanagari' },
} as const;
type Key = keyof typeof PACKAGES;
// The card's text uses 400 (question), 600 (models) and 700 (title): satori takes the nearest weight loaded.
const WEIGHTS = [400, 700] as const;

interface Subset { key: Key; name: string; ranges: Array<[number, number]>; files: Record<number, string> }

const require_ = createRequire(import.meta.url);
function packageFile(pkg: string, rel: string): string | null {
  try { return require_.resolve(`${pkg}/${rel}`); } catch { /* bundled or an unusual layout */ }
  const p = path.resolve(process.cwd(), 'node_modules', pkg, rel);
  return fs.existsSync(p) ? p : null;
}

/** A package's subsets from its CSS (one @font-face per subset and weight), read on first need. */
const subsetsOf = new Map<Key, Subset[]>();
function subsets(key: Key): Subset[] {
  let list = subsetsOf.get(key);
  if (list) return list;
  list = [];
  const byName = new Map<string, Subset>();
  for (const weight of WEIGHTS) {
    const cssFile = packageFile(PACKAGES[key].pkg, `${weight}.css`);
    if (!cssFile) continue;
    const css = fs.readFileSync(cssFile, 'utf8');
    for (const face of css.split('@font-face').slice(1)) {
      const file = /url\(\.\/files\/([^)]+?\.woff)\)/.exec(face)?.[1];
      const range = /unicode-range:\s*([^;]+);/.exec(face)?.[1];
      if (!file || !range) continue;
      const name = file.replace(/-\d+-normal\.woff$/, '');
      let s = byName.get(name);
      if (!s) {
        s = { key, name, files: {}, ranges: range.split(',').map((r) => {
          const [lo, hi] = r.trim().replace(/^U\+/i, '').split('-');
          return [parseInt(lo!, 16), parseInt(hi ?? lo!, 16)] as [number, number];
        }) };
        byName.set(name, s);
        list.push(s);
      }
      s.files[weight] = path.join(path.dirname(cssFile), 'files', file);
    }
  }
  subsetsOf.set(key, list);
  return list;
}

const inRanges = (cp: number, ranges: Array<[number, number]>) => ranges.some(([lo, hi]) => cp >= lo && cp <= hi);
const RE_KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const RE_HANGUL = /\p{Script=Hangul}/u;
const RE_SKIP = /[\p{Extended_Pictographic}\p{Emoji_Component}\p{Cc}\p{Cf}\s]/u;

function orderFor(text: string): Key[] {
  const cjk: Key[] = RE_KANA.test(text) ? ['jp', 'sc', 'kr'] : RE_HANGUL.test(text) ? ['kr', 'sc', 'jp'] : ['sc', 'jp', 'kr'];
  return [...cjk, 'arabic', 'hebrew', 'devanagari'];
}

/** The subsets that draw the characters of `text` no base font covers, in fallback order. */
export function subsetsFor(text: string, covered: (cp: number) => boolean): Subset[] {
  const needed: Subset[] = [];
  const order = orderFor(text);
  const seen = new Set<number>();
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (seen.has(cp) || covered(cp) || RE_SKIP.test(ch)) continue;
    seen.add(cp);
    if (needed.some((s) => inRanges(cp, s.ranges))) continue;
    for (const key of order) {
      const hit = subsets(key).find((s) => inRanges(cp, s.ranges));
      if (hit) { needed.push(hit); break; }
    }
  }
  // Keep the package order (satori falls back in the order given), whatever order the characters came in.
  return needed.sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
}

export interface LoadedSubset { fonts: FontOptions[]; coverage: Coverage }
const loaded = new Map<string, Promise<LoadedSubset>>();

/** A subset's font files (each weight), read once per process; its own family name, so satori falls back to it. */
export function loadSubset(s: Subset, coverageOf: (data: Buffer) => Coverage): Promise<LoadedSubset> {
  let p = loaded.get(s.name);
  if (!p) {
    p = (async () => {
      const fonts: FontOptions[] = [];
      let coverage: Coverage = new Set();
      for (const weight of WEIGHTS) {
        const file = s.files[weight];
        if (!file) continue;
        const data = await fs.promises.readFile(file);
        fonts.push({ name: `${PACKAGES[s.key].family} ${s.name}`, data, weight, style: 'normal' });
        if (weight === 400 || !coverage.size) coverage = coverageOf(data);
      }
      return { fonts, coverage };
    })();
    p.catch(() => loaded.delete(s.name));
    loaded.set(s.name, p);
  }
  return p;
}

// Colour emoji: Twemoji's SVGs, one file per emoji sequence, named by its code points.
let emojiNames: Set<string> | null = null;
let emojiDir: string | null = null;
function emojiIndex(): Set<string> {
  if (emojiNames) return emojiNames;
  const any = packageFile('@twemoji/svg', '1f600.svg');
  emojiDir = any && path.dirname(any);
  try {
    emojiNames = new Set(emojiDir ? fs.readdirSync(emojiDir).filter((f) => f.endsWith('.svg')).map((f) => f.slice(0, -4)) : []);
  } catch {
    emojiNames = new Set();
  }
  return emojiNames;
}

/** Twemoji's file name for an emoji grapheme (FE0F dropped unless the sequence has a ZWJ, as Twemoji names them). */
export function emojiName(grapheme: string): string | null {
  const names = emojiIndex();
  const hex = (s: string) => Array.from(s, (c) => c.codePointAt(0)!.toString(16)).join('-');
  const full = hex(grapheme);
  if (names.has(full)) return full;
  const bare = hex(grapheme.replace(/\uFE0F/g, ''));
  return names.has(bare) ? bare : null;
}

const emojiData = new Map<string, Promise<string>>();
/** An emoji as the data URI satori draws in place of the glyph. */
export function emojiImage(grapheme: string): Promise<string> | undefined {
  const name = emojiName(grapheme);
  if (!name || !emojiDir) return undefined;
  let p = emojiData.get(name);
  if (!p) {
    p = fs.promises.readFile(path.join(emojiDir, `${name}.svg`)).then((svg) => `data:image/svg+xml;base64,${svg.toString('base64')}`);
    p.catch(() => emojiData.delete(name));
    emojiData.set(name, p);
  }
  return p;
}
