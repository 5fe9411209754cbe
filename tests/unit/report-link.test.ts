// The Report link of share pages (issue 17.6) is added when an artifact is compiled for a language, so snapshots written
// before it existed get it too, and a view only fills the share's path (the same slot the language switch uses).
import { describe, expect, it } from 'vitest';
import { buildViewerDocument, compileViewer, fillViewerChunks, type ViewerParts } from '../../src/lib/shares/serve/html';

const doc = buildViewerDocument({ title: 'T', createdAt: 1_700_000_000, models: [], conversationHtml: '<p>Hi &lt;!--cs:path--&gt;</p>', messageCount: 1 }, 'snapshot');
const parts: ViewerParts = { head: '<title>T</title>', owner: '', recipe: '', actions: '', clone: '', path: '/s/abc', bodyAttrs: '' };
const page = (html: string, locale: 'en' | 'fr' | 'es') => Buffer.concat(fillViewerChunks(compileViewer(html, locale), parts)).toString('utf8');

describe('the Report link', () => {
  it('ends the footer of every page, in its language, pointing at the share\'s report form', () => {
    const en = page(doc, 'en');
    expect(en).toMatch(/<a class="vfoot-report" href="\/s\/abc\/report" rel="nofollow" title="[^"]+">Report<\/a><\/footer>/);
    expect(en).toContain('<input type="hidden" name="next" value="/s/abc">');
    expect(en).not.toContain('<!--cs:path-->');
    expect(page(doc, 'fr')).toContain('>Signaler</a></footer>');
    expect(page(doc, 'es')).toContain('>Denunciar</a></footer>');
    // Text in the conversation that looks like a slot stays text.
    expect(en).toContain('<p>Hi &lt;!--cs:path--&gt;</p>');
  });

  it('is added to an artifact written before it (and before the language switch) too', () => {
    const old = doc.replace('<!--cs:langswitch-->', '');
    const en = page(old, 'en');
    expect(en).toContain('<a class="vfoot-report" href="/s/abc/report"');
    expect(en.match(/vfoot-report/g)).toHaveLength(1);
  });
});
