// Unit tests for the Open Graph card renderer: every input yields a 1200x630 PNG that shows that share, never an error.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderGenericOgImage, renderOgImage, type OgInput } from '../../src/lib/shares/og';
import { buildCardModel } from '../../src/lib/shares/og/card';
import { getFonts, type FontKit } from '../../src/lib/shares/og/fonts';
import { cardSvg, genericSvg, pngFromSvg } from '../../src/lib/shares/og/render';
import { countColour, decodePng, differingRows, textBlocks, type TextBlock } from '../helpers/og-card';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const DATE = Date.UTC(2025, 9, 26, 12) / 1000;

function expectCard(buf: Buffer): void {
  expect(Buffer.isBuffer(buf)).toBe(true);
  expect(buf.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(buf.toString('latin1', 12, 16)).toBe('IHDR');
  expect(buf.readUInt32BE(16)).toBe(1200);
  expect(buf.readUInt32BE(20)).toBe(630);
}

const cases: Record<string, OgInput> = {
  'a normal chat': {
    title: 'Designing a rate limiter for a multi-tenant API gateway',
    firstQuestion: 'How should I design a token-bucket rate limiter that works across several Node processes?',
    models: ['gpt-4o', 'claude-3.5-sonnet'],
    date: DATE,
  },
  'a 500-char title without spaces': {
    title: 'A'.repeat(500),
    firstQuestion: 'B'.repeat(600),
    models: ['gpt-4o', 'claude-3.5-sonnet', 'gemini-2.5-pro', 'llama-3.1-405b', 'mistral-large'],
    date: DATE,
  },
  'RTL Arabic and Hebrew': {
    title: 'كيف أتعلم البرمجة بسرعة؟ שלום עולם',
    firstQuestion: 'ما هي أفضل لغة برمجة للمبتدئين؟ מה שלומך?',
    models: ['gpt-4o'],
    date: DATE,
  },
  'CJK text': {
    title: '如何在 React 中使用 hooks 管理复杂状态？',
    firstQuestion: 'useReducer と useState の違いを教えてください。한국어도 있어요',
    models: ['qwen-max', '通义千问'],
    date: DATE,
  },
  'emoji-heavy text': {
    title: '🚀🚀 Launch plan 🎉 for our new app 👩‍💻🇺🇸🏳️‍🌈',
    firstQuestion: '🙏❤️‍🔥 1️⃣ 2️⃣ 👨‍👩‍👧‍👦',
    models: ['🤖', 'gpt-4o 🤖'],
    date: DATE,
  },
  'empty strings': { title: '', firstQuestion: '', models: [], date: 0 },
  'control characters and bidi overrides': {
    title: 'Tab\there\u0000\u0007 new\nline \u202Eevil\u200B\uD800',
    firstQuestion: '\u0001\u0002\u001b[31m',
    models: ['\u0000', 'gpt\u200d-4o'],
    date: Number.NaN,
  },
};

describe('renderOgImage', () => {
  for (const [name, input] of Object.entries(cases)) {
    it(`renders a 1200x630 PNG for ${name}`, async () => {
      expectCard(await renderOgImage(input));
    });
  }

  it('tolerates malformed input at runtime', async () => {
    const bad = [null, undefined, {}, { title: 42, firstQuestion: {}, models: 'gpt-4o', date: 'yesterday' }];
    for (const input of bad) expectCard(await renderOgImage(input as unknown as OgInput));
  });
});

describe('renderGenericOgImage', () => {
  it('renders a 1200x630 PNG and caches it', async () => {
    const first = await renderGenericOgImage();
    expectCard(first);
    expect(await renderGenericOgImage()).toBe(first);
  });
});

describe('fallbacks when rendering fails', () => {
  afterEach(() => {
    vi.doUnmock('satori');
    vi.resetModules();
  });

  it('retries with ASCII-only text when the first render throws', async () => {
    vi.resetModules();
    let calls = 0;
    vi.doMock('satori', async (importOriginal) => {
      const real = (await importOriginal()) as { default: (...args: unknown[]) => Promise<string> };
      return {
        default: (...args: unknown[]) => {
          calls++;
          if (calls === 1) throw new Error('exotic input');
          return real.default(...args);
        },
      };
    });
    const og = await import('../../src/lib/shares/og');
    expectCard(await og.renderOgImage(cases['a normal chat']));
    expect(calls).toBe(2);
  });

  it('still returns a 1200x630 PNG when satori always fails', async () => {
    vi.resetModules();
    vi.doMock('satori', () => ({
      default: () => Promise.reject(new Error('layout engine unavailable')),
    }));
    const og = await import('../../src/lib/shares/og');
    expectCard(await og.renderOgImage(cases['a normal chat']));
    expectCard(await og.renderGenericOgImage());
  });
});

// ---- What the card shows --------------------------------------------------------------------------------------

const SHARE: OgInput = {
  title: 'Designing a rate limiter for a multi-tenant API gateway',
  firstQuestion: 'How should I design a token-bucket rate limiter that works across several Node processes?',
  models: ['gpt-4o', 'claude-3.5-sonnet', 'gemini-2.5-pro', 'llama-3.1-405b', 'mistral-large'],
  date: DATE,
};
const CHIP_BG = '#eef0ff'; // the model pills' fill

let kit: FontKit;
beforeAll(async () => {
  kit = await getFonts();
});

/** The text the share card draws for `input`, block by block in drawing order. */
async function drawnText(input: OgInput): Promise<TextBlock[]> {
  return textBlocks(await cardSvg(buildCardModel(input, kit, false), kit, { embedFont: false }));
}

describe('the card model', () => {
  it('carries the cleaned title, the first question, 3 distinct models plus a count of the rest, and the date', () => {
    const model = buildCardModel(
      {
        title: 'Tab\there\u0000\u0007 new\nline \u202Eevil\u200B\uD800',
        firstQuestion: '  How do I\tpaginate   a list?\r\n',
        models: ['gpt-4o', 'GPT-4o', '\u0000', '🤖', 'claude-3.5-sonnet', 'gemini-2.5-pro', 'llama-3.1-405b', 'mistral-large'],
        date: DATE,
      },
      kit,
      false,
    );
    expect(model.title.text).toBe('Tab here new line evil');
    expect(model.question?.text).toBe('How do I paginate a list?');
    expect(model.models).toEqual(['gpt-4o', '🤖', 'claude-3.5-sonnet']);
    expect(model.extraModels).toBe(3);
    expect(model.date).toBe('Oct 26, 2025');
  });

  it('names an untitled chat and leaves out an empty question, models and date', () => {
    const model = buildCardModel({ title: ' \u200B ', firstQuestion: '\u0001 ', models: ['', '  '], date: 0 }, kit, false);
    expect(model).toMatchObject({ title: { text: 'Untitled conversation' }, question: null, models: [], extraModels: 0, date: '' });
  });

  it('cuts a long title at 200 and a question at 280 characters with an ellipsis', () => {
    const model = buildCardModel({ ...SHARE, title: 'A'.repeat(500), firstQuestion: 'B'.repeat(600) }, kit, false);
    expect(model.title.text).toBe('A'.repeat(199) + '…');
    expect(model.question?.text).toBe('B'.repeat(279) + '…');
  });

  it('reads the date in unix seconds, tolerates milliseconds, and shows none for nonsense', () => {
    const date = (value: unknown) => buildCardModel({ ...SHARE, date: value as number }, kit, false).date;
    expect(date(DATE)).toBe('Oct 26, 2025');
    expect(date(DATE * 1000)).toBe('Oct 26, 2025');
    expect(date(Date.UTC(2024, 0, 1) / 1000)).toBe('Jan 1, 2024');
    for (const nonsense of [0, -5, Number.NaN, Infinity, 'yesterday', null]) expect(date(nonsense)).toBe('');
  });

  it('keeps the scripts Inter covers and emoji sequences whole (drawn as colour images)', () => {
    const model = buildCardModel({ ...SHARE, title: '🚀 Привет, Ελληνικά и Tiếng Việt 🎉', firstQuestion: 'Déjà vu? 👩‍💻 🇫🇷 1️⃣' }, kit, false);
    expect(model.title.text).toBe('🚀 Привет, Ελληνικά и Tiếng Việt 🎉');
    expect(model.question?.text).toBe('Déjà vu? 👩‍💻 🇫🇷 1️⃣');
  });

  it('draws Arabic only when a font on this machine covers it, otherwise a neutral title rather than boxes', () => {
    const arabic = 'كيف أتعلم البرمجة بسرعة؟';
    const model = buildCardModel({ ...SHARE, title: arabic }, kit, false);
    const covered = kit.groups.some((g) => g.has('ك'.codePointAt(0)!));
    expect(model.title).toMatchObject(covered ? { text: arabic, rtl: true } : { text: 'A shared conversation', rtl: false });
  });

  it('the retry after a failed render keeps printable ASCII only', () => {
    const model = buildCardModel({ ...SHARE, title: 'Café “quotes” — ok', firstQuestion: 'Привет' }, kit, true);
    expect(model.title.text).toBe('Cafe quotes ok');
    expect(model.question).toBeNull();
    expect(model.models).toEqual(['gpt-4o', 'claude-3.5-sonnet', 'gemini-2.5-pro']);
  });
});

describe('what the share card draws', () => {
  it('the title, then the question, the model pills, "+N" and the date, and nothing else', async () => {
    const blocks = await drawnText(SHARE);
    expect(blocks.map((b) => b.text)).toEqual([
      'chatshare',
      'Shared conversation',
      SHARE.title,
      SHARE.firstQuestion,
      'gpt-4o',
      'claude-3.5-sonnet',
      'gemini-2.5-pro',
      '+2',
      'Oct 26, 2025',
    ]);
    const [title, question, firstPill] = [blocks[2]!, blocks[3]!, blocks[4]!];
    // The title is the largest, boldest text, above the question, and the pills sit below both.
    expect(title.size).toBe(Math.max(...blocks.map((b) => b.size)));
    expect(title.weight).toBe(700);
    expect(title.size).toBeGreaterThan(question.size);
    expect(title.bottom).toBeLessThanOrEqual(question.top);
    expect(question.bottom).toBeLessThanOrEqual(firstPill.top);
  });

  it('draws a title that wraps onto several lines in full, and stays inside the card', async () => {
    const title = 'Designing a rate limiter for a multi-tenant API gateway with quotas and bursts, plus notes on fairness';
    const blocks = await drawnText({ ...SHARE, title });
    expect(blocks[2]).toMatchObject({ text: title });
    for (const b of blocks) expect(b.bottom).toBeLessThanOrEqual(630);
  });

  it('an untitled chat with nothing else shows "Untitled conversation" and an empty footer', async () => {
    const blocks = await drawnText({ title: '', firstQuestion: '', models: [], date: 0 });
    expect(blocks.map((b) => b.text)).toEqual(['chatshare', 'Shared conversation', 'Untitled conversation']);
  });

  it('draws markup in share text as text', async () => {
    const title = '<script>alert(1)</script> & "quotes" <b>';
    const svg = await cardSvg(buildCardModel({ ...SHARE, title }, kit, false), kit, { embedFont: false });
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<b>');
    expect(textBlocks(svg)[2]).toMatchObject({ text: title });
  });

  it('the generic card says "A shared conversation" and nothing of any share', async () => {
    await drawnText(SHARE); // a share rendered first must leave nothing behind
    const svg = await genericSvg(kit, { embedFont: false });
    const texts = textBlocks(svg).map((b) => b.text);
    expect(texts).toEqual(['chatshare', 'Protected link', 'A shared conversation', 'Protected: open the link to view it']);
    for (const secret of [SHARE.title, SHARE.firstQuestion, ...SHARE.models, 'Oct 26, 2025', 'rate limiter', 'token-bucket']) {
      expect(svg).not.toContain(secret);
    }
  });
});

describe('the PNG', () => {
  it('is that SVG rasterised, byte for byte the same for the same input', async () => {
    for (const input of [SHARE, { ...SHARE, title: 'Déjà vu: Привет, Ελληνικά', firstQuestion: 'Tiếng Việt?' }]) {
      const png = await renderOgImage(input);
      expect((await renderOgImage(input)).equals(png)).toBe(true);
      expect(pngFromSvg(await cardSvg(buildCardModel(input, kit, false), kit)).equals(png)).toBe(true);
    }
  });

  it('another title changes the pixels of the title and no others', async () => {
    const a = decodePng(await renderOgImage({ ...SHARE, title: 'Designing a rate limiter' }));
    const b = decodePng(await renderOgImage({ ...SHARE, title: 'Designing a rate planner' }));
    const title = (await drawnText({ ...SHARE, title: 'Designing a rate limiter' }))[2]!;
    const rows = differingRows(a, b);
    expect(rows).not.toBeNull();
    expect(rows!.top).toBeGreaterThanOrEqual(Math.floor(title.top));
    expect(rows!.bottom).toBeLessThanOrEqual(Math.ceil(title.bottom));
  });

  it('draws model pills in the footer, and none when the chat names no model', async () => {
    const pill = (await drawnText(SHARE))[4]!;
    // The pill's box: its text plus 8px padding and a 1px border, and a little slack.
    const [top, bottom] = [Math.floor(pill.top) - 12, Math.ceil(pill.bottom) + 12];
    const withModels = decodePng(await renderOgImage(SHARE));
    const without = decodePng(await renderOgImage({ ...SHARE, models: [] }));
    expect(countColour(withModels, CHIP_BG, top, bottom)).toBeGreaterThan(1000);
    expect(countColour(without, CHIP_BG, top, bottom)).toBe(0);
    // Everything above the footer is the same card.
    expect(differingRows(withModels, without)!.top).toBeGreaterThanOrEqual(top);
  });

  it('the generic card is the generic SVG rasterised and differs from every share card', async () => {
    const generic = await renderGenericOgImage();
    expect(pngFromSvg(await genericSvg(kit)).equals(generic)).toBe(true);
    for (const input of [SHARE, ...Object.values(cases)]) expect((await renderOgImage(input)).equals(generic)).toBe(false);
  });
});
