// Start-up warm-up, off the request path: the highlighter's grammars and the OG fonts are compiled before the first publish.
import { highlightCode } from './render/highlight';
import { renderGenericOgImage } from './shares/og';

const SAMPLES: Array<[string, string]> = [
  ['python', 'def f(x):\n    return x'], ['typescript', 'const x: number = 1;'], ['javascript', 'let a = () => 1;'], ['bash', 'echo "$HOME"'],
  ['json', '{"a": 1}'], ['sql', 'SELECT 1;'], ['go', 'func main() {}'], ['rust', 'fn main() {}'], ['html', '<p>x</p>'], ['css', 'a { color: red }'],
  ['java', 'class A {}'], ['c', 'int main(void) { return 0; }'], ['cpp', 'int main() {}'], ['yaml', 'a: 1'], ['markdown', '# x'], ['tsx', 'const a = <div />;'],
];

let started = false;
/** Compiles one grammar per macrotask so requests arriving meanwhile are not held up for long. */
export function warmUp(): void {
  if (started || process.env.CHATSHARE_NO_WARMUP) return;
  started = true;
  let i = 0;
  const next = () => {
    if (i < SAMPLES.length) {
      const [lang, code] = SAMPLES[i++]!;
      try { highlightCode(code, lang); } catch { /* warm-up is best effort */ }
      setImmediate(next);
    } else void renderGenericOgImage().catch(() => undefined);
  };
  setTimeout(next, 50);
}
