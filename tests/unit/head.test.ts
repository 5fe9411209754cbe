// The head tags' caps and names: cut on graphemes and words, with a clean ellipsis; TWITTER_SITE read leniently.
import { describe, expect, it } from 'vitest';
import { buildHeadTags, capText, twitterHandle } from '../../src/lib/shares/preview/head';

const graphemes = (s: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)].map((g) => g.segment);

describe('capText', () => {
  it('leaves short text alone and folds whitespace', () => {
    expect(capText('  Reversing\n a   list ', 70)).toBe('Reversing a list');
  });

  it('ends at the last whole word that fits, without trailing punctuation', () => {
    const t = capText('How should I design a token-bucket rate limiter, across several Node processes, and why?', 70);
    expect(t).toBe('How should I design a token-bucket rate limiter, across several Node…');
    expect([...t].length).toBeLessThanOrEqual(70);
  });

  it('never splits an emoji sequence, and cuts text without spaces (CJK) at a character', () => {
    const emoji = capText('👩‍💻'.repeat(40), 70);
    expect([...emoji].length).toBeLessThanOrEqual(70);
    expect(graphemes(emoji.slice(0, -1)).every((g) => g === '👩‍💻')).toBe(true);
    expect(capText('如何'.repeat(60), 70)).toBe(`${'如何'.repeat(34)}如…`);
  });
});

describe('twitterHandle', () => {
  it('accepts @name, name and profile addresses; refuses anything else', () => {
    for (const v of ['@chatshare', 'chatshare', 'https://x.com/chatshare', 'https://twitter.com/chatshare/']) expect(twitterHandle(v)).toBe('@chatshare');
    for (const v of [undefined, '', '@', 'not a handle', '@way_too_long_for_x_handles', '"><script>']) expect(twitterHandle(v)).toBeNull();
  });
});

describe('buildHeadTags', () => {
  it('escapes every value', () => {
    const html = buildHeadTags({ title: '"><script>x</script>', description: 'a & b', url: 'https://e.x/s/a', imageUrl: 'https://e.x/i', imageAlt: 'alt', siteName: 'chatshare', noindex: false, locale: 'es', author: '<b>', twitterSite: '@x' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('content="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    expect(html).toContain('<meta property="og:locale" content="es_ES">');
    expect(html).toContain('<meta property="article:author" content="&lt;b&gt;">');
  });
});
