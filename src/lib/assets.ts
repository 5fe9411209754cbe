// Our own CSS and JS by content-hashed name (/styles/base.css → /styles/base.3f2a9c1e.css), so browsers may keep them a
// year: the build (scripts/hash-assets.mjs) copies each file to its hashed name and writes the map this module reads.
import fs from 'node:fs';
import path from 'node:path';

/** The build's map from plain URL to hashed URL, in dist/ beside client/ (not served). */
export const MANIFEST_FILE = 'assets.json';
/** The folders whose files get hashed names: the pages' own stylesheets and scripts (Astro's /_astro/ has its own). */
export const HASHED_DIRS = ['/styles/', '/scripts/'] as const;

const HASHED = /^(\/(?:styles|scripts)\/[^/]+)\.[0-9a-f]{8}(\.(?:css|js))$/;

/** The hashed name of `url` for a file whose content hashes to `hash` (hex): base.css + 3f2a9c1e… → base.3f2a9c1e.css. */
export function hashedName(url: string, hash: string): string {
  const dot = url.lastIndexOf('.');
  return `${url.slice(0, dot)}.${hash.slice(0, 8)}${url.slice(dot)}`;
}

/** The plain name behind a hashed one (/styles/base.3f2a9c1e.css → /styles/base.css), else null. */
export function unhashedName(url: string): string | null {
  const m = HASHED.exec(url);
  return m ? m[1]! + m[2]! : null;
}

let manifest: Record<string, string> | null = null;

/** The map from the build, once; empty without a build (astro dev, unit tests), where plain names are served. */
function load(): Record<string, string> {
  if (manifest) return manifest;
  // The server entry sets CHATSHARE_DIST; read lazily, since modules load before the entry's first statement runs.
  const dist = process.env.CHATSHARE_DIST;
  if (!dist) return {};
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dist, MANIFEST_FILE), 'utf8')) as Record<string, string>;
  } catch {
    manifest = {};
  }
  return manifest;
}

/** The URL every `<link>` and `<script src>` uses for one of our files: its hashed name when the build made one. */
export function asset(url: string): string {
  return load()[url] ?? url;
}

/** Every hashed URL the build wrote: served with `immutable` caching. */
export function hashedAssets(): Set<string> {
  return new Set(Object.values(load()));
}
