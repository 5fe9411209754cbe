// The one shiki highlighter, created synchronously at start: fixed languages, one tokenizing pass, colours as CSS classes.
import { createCssVariablesTheme, createHighlighterCoreSync, type HighlighterCore, type ShikiTransformer } from 'shiki/core';
import { createJavaScriptRegexEngine } from 'shiki/engine/javascript';
import { escapeHtml } from './escape';
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

// The css-variables theme tokenizes once into a dozen token kinds; /styles/code.css colours each kind for light and
// dark (GitHub's palettes). Two real themes would tokenize every block twice and double the classes per token.
const THEME = createCssVariablesTheme({ name: 'chatshare', variablePrefix: '--cs-', fontStyle: true });
// Code longer than this is shown unhighlighted: highlighting cost grows with size and a huge paste should not stall a publish.
const MAX_HIGHLIGHT_CHARS = 60_000;
// Highlighting costs ~3-7 ms of CPU per KB: one conversation highlights at most this much code, the rest is shown plain.
const MAX_HIGHLIGHT_PER_CONVERSATION = 300_000;
let highlightLeft = Infinity;

/** Runs fn with a fresh highlighting allowance for one conversation. */
export function withHighlightBudget<T>(fn: () => T): T {
  highlightLeft = MAX_HIGHLIGHT_PER_CONVERSATION;
  try { return fn(); } finally { highlightLeft = Infinity; }
}

let instance: HighlighterCore | null = null;
export function highlighter(): HighlighterCore {
  instance ??= createHighlighterCoreSync({
    themes: [THEME],
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

// Token kinds of the css-variables theme and their short class names (the share pages' CSP forbids inline styles).
const KIND: Record<string, string> = {
  'token-keyword': 'k', 'token-constant': 'c', 'token-string': 's', 'token-comment': 'm', 'token-function': 'f',
  'token-parameter': 'p', 'token-string-expression': 'e', 'token-punctuation': 'u', 'token-link': 'l', 'token-inserted': 'i',
  'token-deleted': 'd', 'token-changed': 'h',
};

function stylesToClasses(style: string): string[] {
  const classes: string[] = [];
  for (const decl of style.split(';')) {
    const i = decl.indexOf(':');
    if (i < 0) continue;
    const prop = decl.slice(0, i).trim();
    const value = decl.slice(i + 1).trim();
    if (prop === 'color') {
      const kind = value.match(/^var\(--cs-([a-z-]+)/)?.[1];
      if (kind && KIND[kind]) classes.push(KIND[kind]);
    } else if (prop === 'font-style' && value === 'italic') classes.push('fi');
    else if (prop === 'font-weight' && (value === 'bold' || Number(value) >= 600)) classes.push('fb');
    else if (prop === 'text-decoration' && value.includes('underline')) classes.push('fu');
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


/** A code block as `<pre class="shiki ...">`, with no inline style attributes. */
export function highlightCode(code: string, info?: string): string {
  const lang = resolveLanguage(info);
  if (code.length > MAX_HIGHLIGHT_CHARS || code.length > highlightLeft || lang === 'text') {
    return `<pre class="shiki shiki-plain"><code>${escapeHtml(code)}</code></pre>`;
  }
  highlightLeft -= code.length;
  try {
    return highlighter().codeToHtml(code, { lang, theme: 'chatshare', mergeSameStyleTokens: true, transformers: [styleToClass] });
  } catch {
    return `<pre class="shiki shiki-plain"><code>${escapeHtml(code)}</code></pre>`;
  }
}

