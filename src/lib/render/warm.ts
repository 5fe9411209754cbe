// Warming a renderer: the highlighter's grammars compiled and the card fonts loaded before the first render needs them.
import { highlightCode } from './highlight';
import { renderGenericOgImage } from '../shares/og';

const SAMPLES: Array<[string, string]> = [
  ['python', 'def f(x):\n    return x'], ['typescript', 'const x: number = 1;'], ['javascript', 'let a = () => 1;'], ['bash', 'echo "$HOME"'],
  ['json', '{"a": 1}'], ['sql', 'SELECT 1;'], ['go', 'func main() {}'], ['rust', 'fn main() {}'], ['html', '<p>x</p>'], ['css', 'a { color: red }'],
  ['java', 'class A {}'], ['c', 'int main(void) { return 0; }'], ['cpp', 'int main() {}'], ['yaml', 'a: 1'], ['markdown', '# x'], ['tsx', 'const a = <div />;'],
];

/** Compiles one grammar per step (pause lets a caller on the request thread serve between steps), then the fonts. */
export async function warmRenderer(pause?: () => Promise<void>): Promise<void> {
  for (const [lang, code] of SAMPLES) {
    try { highlightCode(code, lang); } catch { /* warm-up is best effort */ }
    await pause?.();
  }
  await renderGenericOgImage().catch(() => undefined);
}
