// Loads the fonts satori draws with, once: the Inter subsets plus any optional system fonts, and which characters each covers.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { create as parseFont } from 'fontkitten';
import { emojiName, loadSubset, subsetsFor } from './script-fonts';

type Weight = 400 | 600 | 700;
export interface FontOptions {
  name: string;
  data: Buffer;
  weight: Weight;
  style: 'normal';
}
/** The code points a font family can draw. */
export type Coverage = Set<number>;

export interface FontKit {
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
  /** Whether an emoji grapheme has a colour image (Twemoji) to draw. */
  emoji?: (grapheme: string) => boolean;
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
    emoji: (g) => emojiName(g) !== null,
  };
}

// Kits with script fonts, by the subsets they hold: satori keeps its parsed fonts per array, so a kit is reused whole.
const scriptKits = new Map<string, FontKit>();
const MAX_SCRIPT_KITS = 16;

/**
 * The kit for a card's texts: Inter, then the npm script fonts (only the subsets these characters need, read once
 * per process), then any system fonts. The base kit itself when Inter covers everything.
 */
export async function kitFor(kit: FontKit, texts: string[]): Promise<FontKit> {
  const inter = kit.groups.slice(0, kit.interGroups);
  const needed = subsetsFor(texts.join(' '), (cp) => inter.some((g) => g.has(cp)));
  if (!needed.length) return kit;
  const key = needed.map((s) => s.name).join('|');
  const hit = scriptKits.get(key);
  if (hit) return hit;
  const loaded = (await Promise.all(needed.map((s) => loadSubset(s, coverageOf)))).filter((l) => l.fonts.length && l.coverage.size);
  const system = kit.withExtras ? kit.withExtras.slice(kit.base.length) : [];
  const scriptCoverage = loaded.map((l) => l.coverage);
  const composed: FontKit = {
    base: kit.base,
    withExtras: [...kit.base, ...loaded.flatMap((l) => l.fonts), ...system],
    groups: [...inter, ...scriptCoverage, ...kit.groups.slice(kit.interGroups)],
    interGroups: kit.interGroups,
    extras: new Set([...kit.extras, ...scriptCoverage.flatMap((c) => [...c])]),
    emoji: kit.emoji,
  };
  if (scriptKits.size >= MAX_SCRIPT_KITS) scriptKits.delete(scriptKits.keys().next().value!);
  scriptKits.set(key, composed);
  return composed;
}

let fontsPromise: Promise<FontKit> | null = null;
/** The font kit, loaded on first use and shared by every render; a failed load is retried on the next call. */
export function getFonts(): Promise<FontKit> {
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

