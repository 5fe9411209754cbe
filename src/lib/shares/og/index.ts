// Renders the 1200x630 Open Graph PNG cards for share links (satori → SVG → resvg → PNG), falling back rather than rejecting.
import { buildCardModel, type OgInput } from './card';
import { getFonts, kitFor } from './fonts';
import { basicClean } from './text';
import { HEIGHT, WIDTH } from './frame';
import { cardSvg, genericSvg, pngFromSvg } from './render';
import type { Locale } from '../../i18n/locales';

export type { OgInput } from './card';

/** A 1200x630 PNG card for a share. Never rejects: degrades to ASCII text, then the generic card. */
export async function renderOgImage(input: OgInput): Promise<Buffer> {
  try {
    // Inter, plus the script fonts this card's words need (CJK, Arabic, Hebrew, Devanagari), read on first need.
    const models = Array.isArray(input?.models) ? input.models.slice(0, 50) : [];
    const kit = await kitFor(await getFonts(), [basicClean(input?.title, 200), basicClean(input?.firstQuestion, 280), ...models.map((m) => basicClean(m, 32))]);
    try {
      return pngFromSvg(await cardSvg(buildCardModel(input, kit, false), kit));
    } catch {
      return pngFromSvg(await cardSvg(buildCardModel(input, kit, true), kit));
    }
  } catch {
    return renderGenericOgImage();
  }
}

const genericCache = new Map<Locale, Promise<Buffer>>();

/** The card for protected shares: brand + "A shared conversation" in a language, no share content. Cached per language. */
export async function renderGenericOgImage(locale: Locale = 'en'): Promise<Buffer> {
  let cached = genericCache.get(locale);
  if (!cached) {
    const attempt = (async () => pngFromSvg(await genericSvg(await getFonts(), {}, locale)))();
    // Only a real render stays cached; on failure this (and any concurrent) call gets the
    // font-free fallback and the next call retries.
    const safe = attempt.catch(() => {
      if (genericCache.get(locale) === safe) genericCache.delete(locale);
      return textlessFallback();
    });
    genericCache.set(locale, (cached = safe));
  }
  return cached;
}

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
