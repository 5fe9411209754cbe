// Warming a renderer: the highlighter's grammars compiled, the card fonts loaded and the render code optimised by
// rendering a sample share, before the first publish needs them.
import { renderMarkdown } from './markdown';
import { runTask } from './tasks';
import { warmSampleChat } from './warm-sample';
import { renderGenericOgImage } from '../shares/og';
import { getFonts } from '../shares/og/fonts';

/** What a warm-up made ready: languages whose snippet came out highlighted, whether the card fonts loaded, how long it took. */
export interface WarmReport { languages: number; fonts: boolean; ms: number }

/** What a pool thread posts once warm; the pool counts these (pool.ts). */
export interface WarmMessage { chatshareWarm: WarmReport & { threadId: number } }

// A first render compiles every grammar rule and regex it meets (cpp alone: over a second); the second run of the same
// work is where V8 optimises the hot code, so the first real publish runs at the speed of later ones.
const SHARE_RUNS = 2;

/** The languages of the code blocks that came out highlighted (a block shiki could not do is `shiki-plain`). */
const highlighted = (html: string) => new Set([...html.matchAll(/<span class="lang">([^<]+)<\/span>.*?<pre class="shiki( shiki-plain)?/gs)].filter((m) => !m[2]).map((m) => m[1]!));

/**
 * Renders the whole sample share the way a publish draws it (viewer document, OG card), twice. With `pause` (on the
 * request thread, where there is no pool) the first pass goes one message per step so requests are served between.
 */
export async function warmRenderer(pause?: () => Promise<void>): Promise<WarmReport> {
  const started = performance.now();
  const chat = warmSampleChat();
  if (pause) {
    for (const m of Object.values(chat.history.messages)) {
      await pause();
      try { renderMarkdown(m.content as string, { breaks: true }); } catch { /* warm-up is best effort */ }
    }
  }
  const source = { title: chat.title ?? 'Warm-up', chat, created_at: 1_700_000_000 };
  let languages = new Set<string>();
  for (let i = 0; i < SHARE_RUNS; i++) {
    await pause?.();
    const out = await runTask({ kind: 'share', doc: 'snapshot', source }).catch(() => null);
    if (out) languages = highlighted(out.conversationHtml);
  }
  await renderGenericOgImage().catch(() => undefined); // protected shares' card, cached per thread
  const fonts = await getFonts().then(() => true, () => false);
  return { languages: languages.size, fonts, ms: Math.round(performance.now() - started) };
}
