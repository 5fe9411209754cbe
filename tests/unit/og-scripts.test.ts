// The OG card in every script a title comes in: CJK, Arabic, Hebrew, Devanagari and Cyrillic from npm fonts (only the
// subsets a title needs), emoji as colour images; never the generic card with the message dropped.
import { beforeAll, describe, expect, it } from 'vitest';
import { renderGenericOgImage, renderOgImage, type OgInput } from '../../src/lib/shares/og';
import { buildCardModel } from '../../src/lib/shares/og/card';
import { getFonts, kitFor, type FontKit } from '../../src/lib/shares/og/fonts';
import { cardSvg } from '../../src/lib/shares/og/render';
import { textBlocks } from '../helpers/og-card';

const DATE = Date.UTC(2025, 9, 26, 12) / 1000;
const card = (title: string, firstQuestion = ''): OgInput => ({ title, firstQuestion, models: ['gpt-4o'], date: DATE });

let base: FontKit;
beforeAll(async () => { base = await getFonts(); });

async function modelAndSvg(input: OgInput) {
  const kit = await kitFor(base, [input.title, input.firstQuestion, ...input.models]);
  const model = buildCardModel(input, kit, false);
  return { kit, model, svg: await cardSvg(model, kit, { embedFont: false }) };
}

const TITLES: Array<[string, string, string | null]> = [
  ['Simplified Chinese', '如何在 React 中使用 hooks 管理复杂状态', 'Noto Sans SC'],
  ['Japanese', 'useReducer と useState の違いを教えてください', 'Noto Sans JP'],
  ['Korean', '한국어로 파이썬을 배우는 방법', 'Noto Sans KR'],
  ['Arabic', 'كيف أتعلم البرمجة بسرعة؟', 'Noto Sans Arabic'],
  ['Hebrew', 'איך ללמוד תכנות מהר', 'Noto Sans Hebrew'],
  ['Devanagari', 'पायथन में सूची को कैसे उलटें', 'Noto Sans Devanagari'],
  ['Cyrillic', 'Как развернуть список в Python', null],
];

describe('script fonts', () => {
  for (const [name, title, family] of TITLES) {
    it(`draws a ${name} title as written, with ${family ?? 'Inter'}`, async () => {
      const { kit, model, svg } = await modelAndSvg(card(title, title));
      expect(model.title.text).toBe(title.replace('?', '?'));
      expect(model.question?.text).toBe(title);
      expect(textBlocks(svg).map((b) => b.text)).toContain(title);
      const families = new Set((kit.withExtras ?? kit.base).map((f) => f.name.replace(/ noto-sans-.*$/, '')));
      if (family) expect(families).toContain(family);
      // Only the scripts this title needs are loaded.
      for (const other of TITLES.map((t) => t[2]).filter((f) => f && f !== family && !(family === 'Noto Sans JP' && f === 'Noto Sans SC'))) expect(families).not.toContain(other);
    });
  }

  it('keeps a Latin card on the base kit (the same array, so satori reuses its parsed fonts)', async () => {
    expect(await kitFor(base, ['Reversing a list in Python', 'How?', 'gpt-4o'])).toBe(base);
  });

  it('reads each subset once and reuses the kit for the same subsets', async () => {
    const a = await kitFor(base, ['איך ללמוד תכנות']);
    const b = await kitFor(base, ['ללמוד איך']);
    expect(b).toBe(a);
  });

  it('renders a CJK card, not the neutral title with the question dropped', async () => {
    const png = await renderOgImage(card('如何在 React 中使用 hooks 管理复杂状态', '复杂状态怎么管理？'));
    expect(png.readUInt32BE(16)).toBe(1200);
    expect(png.equals(await renderOgImage(card('A shared conversation')))).toBe(false);
    expect(png.equals(await renderGenericOgImage())).toBe(false);
  });
});

describe('emoji', () => {
  it('draws emoji, ZWJ sequences, flags and keycaps as colour images', async () => {
    const { model, svg } = await modelAndSvg(card('🚀 Launch plan 👩‍💻 🇫🇷 1️⃣', 'Ready? 🎉'));
    expect(model.title.text).toBe('🚀 Launch plan 👩‍💻 🇫🇷 1️⃣');
    expect(model.question?.text).toBe('Ready? 🎉');
    expect(svg.match(/<image[^>]+href="data:image\/svg\+xml;base64,/g)?.length).toBe(5);
  });

  it('an emoji-only title is a title, not the generic text', async () => {
    const { model } = await modelAndSvg(card('🎉🎉🎉'));
    expect(model.title.text).toBe('🎉🎉🎉');
  });
});
