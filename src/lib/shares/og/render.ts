// Turns card element trees into SVG (satori) with the fonts each card needs, and SVG into PNG (resvg).
import { Resvg } from '@resvg/resvg-js';
import satori from 'satori';
import { cardElement, genericElement, type CardModel } from './card';
import type { FontKit, FontOptions } from './fonts';
import { emojiImage } from './script-fonts';
import { HEIGHT, WIDTH, type El } from './frame';
import type { Locale } from '../../i18n/locales';

export interface SvgOptions {
  /** false keeps text as <text> elements instead of glyph paths: only for reading the SVG (tests), never for a PNG. */
  embedFont?: boolean;
}

/** The share card's SVG; the optional system fonts are passed only when the text needs them. */
export function cardSvg(model: CardModel, kit: FontKit, options: SvgOptions = {}): Promise<string> {
  const extras = model.title.needsExtras || !!model.question?.needsExtras;
  return svgOf(cardElement(model), extras && kit.withExtras ? kit.withExtras : kit.base, kit, options);
}

/** The generic (protected share) card's SVG. */
export function genericSvg(kit: FontKit, options: SvgOptions = {}, locale: Locale = 'en'): Promise<string> {
  return svgOf(genericElement(locale), kit.base, kit, options);
}

async function svgOf(el: El, fonts: FontOptions[], kit: FontKit, { embedFont = true }: SvgOptions): Promise<string> {
  return satori(el as unknown as Parameters<typeof satori>[0], {
    width: WIDTH,
    height: HEIGHT,
    fonts,
    embedFont,
    onStyleError: () => {},
    // Text is pre-filtered to characters the passed fonts cover, so this is only a safety net.
    // Emoji: Twemoji's colour image of the sequence (prepareText keeps only those that have one). Other scripts: the
    // optional system fonts (DejaVu covers Arabic/Hebrew) when they cover the segment and aren't
    // already in `fonts`, else []. (Fonts added here are pushed onto satori's cached font set for
    // this `fonts` array on every call, which is why the normal path passes `withExtras` instead.)
    loadAdditionalAsset: async (code: string, segment: string) => {
      if (code === 'emoji') return (await emojiImage(segment)) ?? (undefined as unknown as string);
      if (!kit.withExtras || fonts === kit.withExtras) return [];
      const needed = Array.from(segment).some((ch) => kit.extras.has(ch.codePointAt(0) ?? 0));
      return needed ? kit.withExtras.slice(kit.base.length) : [];
    },
  });
}

export function pngFromSvg(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: WIDTH },
    // satori already turned all text into paths; scanning system fonts would only cost time.
    font: { loadSystemFonts: false },
  });
  return resvg.render().asPng();
}
