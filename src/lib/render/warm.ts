// Warming a renderer: the highlighter's grammars compiled, the card fonts loaded and the render code optimised by one
// real share render of a sample chat, before the first publish needs them.
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

/**
 * Renders the sample chat one message per step (pause lets a caller on the request thread serve between steps), then
 * the whole share the way a publish draws it: viewer document and OG card.
 */
export async function warmRenderer(pause?: () => Promise<void>): Promise<WarmReport> {
  const started = performance.now();
  const chat = warmSampleChat();
  const languages = new Set<string>();
  for (const m of Object.values(chat.history.messages)) {
    await pause?.();
    const fence = /^```(\w+)$/m.exec(m.content as string)?.[1];
    try {
      const html = renderMarkdown(m.content as string, { breaks: m.role === 'user' });
      if (fence && html.includes('<pre class="shiki') && !html.includes('shiki-plain')) languages.add(fence); // highlighted, not shown plain
    } catch { /* warm-up is best effort */ }
  }
  const source = { title: chat.title ?? 'Warm-up', chat, created_at: 1_700_000_000 };
  for (let i = 0; i < SHARE_RUNS; i++) {
    await runTask({ kind: 'share', doc: 'snapshot', source }).catch(() => undefined);
    await pause?.();
  }
  await renderGenericOgImage().catch(() => undefined); // protected shares' card, cached per thread
  const fonts = await getFonts().then(() => true, () => false);
  return { languages: languages.size, fonts, ms: Math.round(performance.now() - started) };
}
