// Every route the app serves, read from src/pages at test time, so a new page or endpoint is fuzzed without a list to keep.
import fs from 'node:fs';
import path from 'node:path';

export type Segment = { literal: string } | { param: string; after: string };

export interface Route {
  /** The route as Astro spells it: /api/v1/chats/[id]/share */
  pattern: string;
  file: string;
  segments: Segment[];
  params: string[];
  /** Methods the file answers: the exported handlers of an endpoint; GET and POST (forms) for an .astro page. */
  methods: string[];
  kind: 'page' | 'endpoint';
  api: boolean;
}

const METHOD_EXPORT = /export\s+(?:const|let|var|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE|OPTIONS|HEAD|ALL)\b/g;
const METHOD_REEXPORT = /\bas\s+(GET|POST|PUT|PATCH|DELETE|OPTIONS|HEAD|ALL)\b/g;
export const ALL_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}

function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  for (const re of [METHOD_EXPORT, METHOD_REEXPORT]) for (const m of source.matchAll(re)) found.add(m[1]!);
  return found.has('ALL') ? ALL_METHODS : ALL_METHODS.filter((m) => found.has(m));
}

/** Routes of `pagesDir`: `[id]` and `[...rest]` folders and names become parameters, `index` is its folder. */
export function discoverRoutes(pagesDir = path.resolve('src/pages')): Route[] {
  const routes: Route[] = [];
  for (const file of walk(pagesDir).sort()) {
    const ext = file.endsWith('.astro') ? '.astro' : /\.(ts|js|mjs)$/.test(file) && !file.endsWith('.d.ts') ? path.extname(file) : null;
    if (!ext) continue;
    const parts = path.relative(pagesDir, file).slice(0, -ext.length).split(path.sep);
    if (parts[parts.length - 1] === 'index') parts.pop();
    if (parts.some((p) => p.startsWith('_'))) continue; // Astro ignores _-prefixed files
    const segments: Segment[] = parts.map((p, i) => {
      const m = p.match(/^\[(?:\.\.\.)?([^\]]+)\]$/);
      return m ? { param: m[1]!, after: parts[i - 1] ?? '' } : { literal: p };
    });
    const pattern = '/' + parts.join('/');
    const source = fs.readFileSync(file, 'utf8');
    const kind = ext === '.astro' ? 'page' : 'endpoint';
    const methods = kind === 'page' ? ['GET', 'POST'] : exportedMethods(source);
    if (!methods.length) continue; // a module with no handler (helpers) is not a route
    routes.push({
      pattern, file: path.relative(process.cwd(), file), segments, kind, methods,
      params: segments.flatMap((s) => ('param' in s ? [s.param] : [])),
      api: pattern.startsWith('/api/'),
    });
  }
  return routes;
}

/** The path of `route` with each parameter replaced by the given raw (already %-encoded or deliberately broken) text. */
export function fillRoute(route: Route, values: Record<string, string>): string {
  return '/' + route.segments.map((s) => ('param' in s ? values[s.param] ?? 'x' : s.literal)).join('/');
}
