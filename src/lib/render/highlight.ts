// The one shiki highlighter, created synchronously at start: fixed languages, light and dark themes as CSS classes.
import { createHighlighterCoreSync, type HighlighterCore, type ShikiTransformer } from 'shiki/core';
import { createJavaScriptRegexEngine } from 'shiki/engine/javascript';
import githubLight from 'shiki/themes/github-light.mjs';
import githubDark from 'shiki/themes/github-dark.mjs';
import bash from 'shiki/langs/bash.mjs';
import c from 'shiki/langs/c.mjs';
import cpp from 'shiki/langs/cpp.mjs';
import csharp from 'shiki/langs/csharp.mjs';
import css from 'shiki/langs/css.mjs';
import diff from 'shiki/langs/diff.mjs';
import docker from 'shiki/langs/docker.mjs';
import go from 'shiki/langs/go.mjs';
import html from 'shiki/langs/html.mjs';
import java from 'shiki/langs/java.mjs';
import javascript from 'shiki/langs/javascript.mjs';
import json from 'shiki/langs/json.mjs';
import jsx from 'shiki/langs/jsx.mjs';
import kotlin from 'shiki/langs/kotlin.mjs';
import markdown from 'shiki/langs/markdown.mjs';
import php from 'shiki/langs/php.mjs';
import python from 'shiki/langs/python.mjs';
import ruby from 'shiki/langs/ruby.mjs';
import rust from 'shiki/langs/rust.mjs';
import sql from 'shiki/langs/sql.mjs';
import swift from 'shiki/langs/swift.mjs';
import toml from 'shiki/langs/toml.mjs';
import tsx from 'shiki/langs/tsx.mjs';
import typescript from 'shiki/langs/typescript.mjs';
import xml from 'shiki/langs/xml.mjs';
import yaml from 'shiki/langs/yaml.mjs';

const THEMES = { light: 'github-light', dark: 'github-dark' } as const;
// Code longer than this is shown unhighlighted: highlighting cost grows with size and a huge paste should not stall a publish.
const MAX_HIGHLIGHT_CHARS = 60_000;

let instance: HighlighterCore | null = null;
export function highlighter(): HighlighterCore {
  instance ??= createHighlighterCoreSync({
    themes: [githubLight, githubDark],
    langs: [bash, c, cpp, csharp, css, diff, docker, go, html, java, javascript, json, jsx, kotlin, markdown, php, python, ruby, rust, sql, swift, toml, tsx, typescript, xml, yaml],
    engine: createJavaScriptRegexEngine(),
  });
  return instance;
}

const ALIASES: Record<string, string> = {
  sh: 'bash', shell: 'bash', zsh: 'bash', console: 'bash', shellscript: 'bash', js: 'javascript', mjs: 'javascript', cjs: 'javascript',
  ts: 'typescript', py: 'python', python3: 'python', rb: 'ruby', rs: 'rust', yml: 'yaml', md: 'markdown', dockerfile: 'docker',
  'c++': 'cpp', cs: 'csharp', 'c#': 'csharp', kt: 'kotlin', golang: 'go', htm: 'html', svg: 'xml', jsonc: 'json', patch: 'diff',
};

/** The language shiki will use for a fence's info string: a loaded grammar, or plain text. */
export function resolveLanguage(info: string | undefined): string {
  const lang = (info ?? '').trim().split(/\s+/)[0]!.toLowerCase();
  const name = ALIASES[lang] ?? lang;
  return name && highlighter().getLoadedLanguages().includes(name) ? name : 'text';
}

// shiki writes colours as inline CSS variables; the share pages' CSP forbids inline styles, so they become classes.
const colorClass = (mode: 'l' | 'd', value: string) => (/^#[0-9a-f]{3,8}$/i.test(value) ? `s${mode}-${value.slice(1).toLowerCase()}` : null);
const FONT: Record<string, string> = { italic: 'i', bold: 'b', underline: 'u' };

function stylesToClasses(style: string): string[] {
  const classes: string[] = [];
  for (const decl of style.split(';')) {
    const [k, v] = decl.split(':').map((s) => s?.trim() ?? '');
    if (!k || !v) continue;
    const mode = k.startsWith('--shiki-light') ? 'l' : k.startsWith('--shiki-dark') ? 'd' : null;
    if (!mode) continue;
    if (k === `--shiki-${mode === 'l' ? 'light' : 'dark'}`) {
      const cls = colorClass(mode, v);
      if (cls) classes.push(cls);
    } else if (k.endsWith('font-style') || k.endsWith('font-weight') || k.endsWith('text-decoration')) {
      for (const word of v.split(/\s+/)) if (FONT[word]) classes.push(`s${mode}-${FONT[word]}`);
      if (v === '700' || v === 'bold') classes.push(`s${mode}-b`);
    }
  }
  return classes;
}

const styleToClass: ShikiTransformer = {
  name: 'chatshare:style-to-class',
  pre(node) {
    delete node.properties.style;
    delete node.properties.tabindex;
  },
  span(node) {
    const style = node.properties.style;
    if (typeof style !== 'string') return;
    delete node.properties.style;
    const extra = stylesToClasses(style);
    if (extra.length) this.addClassToHast(node, extra);
  },
};

const escape = (s: string) => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);

/** A code block as `<pre class="shiki ...">`, with no inline style attributes. */
export function highlightCode(code: string, info?: string): string {
  const lang = resolveLanguage(info);
  if (code.length > MAX_HIGHLIGHT_CHARS || lang === 'text') {
    return `<pre class="shiki shiki-plain"><code>${escape(code)}</code></pre>`;
  }
  try {
    return highlighter().codeToHtml(code, { lang, themes: THEMES, defaultColor: false, transformers: [styleToClass] });
  } catch {
    return `<pre class="shiki shiki-plain"><code>${escape(code)}</code></pre>`;
  }
}

/** The stylesheet for the colour classes: every foreground colour of both themes, dark ones under prefers-color-scheme. */
export function codeThemeCss(): string {
  const rules = (mode: 'l' | 'd', name: string) => {
    const theme = highlighter().getTheme(name);
    const colors = new Set<string>([theme.fg]);
    for (const s of theme.settings ?? []) if (typeof s.settings?.foreground === 'string') colors.add(s.settings.foreground);
    const out = [...colors].map((c) => colorClass(mode, c) && `.shiki .${colorClass(mode, c)}{color:${c.toLowerCase()}}`).filter(Boolean);
    out.push(`.shiki .s${mode}-i{font-style:italic}`, `.shiki .s${mode}-b{font-weight:700}`, `.shiki .s${mode}-u{text-decoration:underline}`);
    return { rules: out.join('\n'), fg: theme.fg, bg: theme.bg };
  };
  const light = rules('l', THEMES.light);
  const dark = rules('d', THEMES.dark);
  return [
    `/* Generated from shiki's ${THEMES.light} and ${THEMES.dark} themes. */`,
    `.shiki{color:${light.fg};background:${light.bg}}`,
    light.rules,
    `@media (prefers-color-scheme: dark){`,
    `.shiki{color:${dark.fg};background:${dark.bg}}`,
    `.shiki [class*="sl-"]{font-style:normal;font-weight:inherit;text-decoration:none}`,
    dark.rules,
    `}`,
  ].join('\n');
}
