// Unit tests for the Open Graph card renderer: every input yields a 1200x630 PNG, never an error.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderGenericOgImage, renderOgImage, type OgInput } from '../../src/lib/shares/og';

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
