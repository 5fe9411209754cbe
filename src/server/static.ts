// Static files from dist/client, read into memory at start: a request is one Map lookup, never a disk stat or path join.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HASHED_DIRS, hashedAssets, unhashedName } from '../lib/assets';

export interface StaticFile { body: Buffer; type: string; etag: string; cache: string }

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.ico': 'image/x-icon', '.webp': 'image/webp',
  '.woff': 'font/woff', '.woff2': 'font/woff2', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8',
  '.html': 'text/html; charset=utf-8', '.webmanifest': 'application/manifest+json', '.map': 'application/json',
};

// A name that carries its content's hash never changes meaning: a year, without revalidation.
const IMMUTABLE = 'public, max-age=31536000, immutable';
// Plain names of hashed files (old pages, share artifacts written before) follow a new build within minutes.
const SHORT = 'public, max-age=300';

/** The cache policy of a file by URL: hashed names (Astro's /_astro/, ours from the build) for a year. */
function cacheFor(rel: string, hashed: Set<string>): string {
  if (rel.startsWith('/_astro/') || hashed.has(rel)) return IMMUTABLE;
  if (HASHED_DIRS.some((d) => rel.startsWith(d))) return SHORT;
  return 'public, max-age=3600';
}

/** Every file under `dir`, keyed by its URL path. */
export function loadStaticFiles(dir: string, hashed: Set<string> = hashedAssets()): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (sub: string) => {
    let entries: fs.Dirent[];
    try { entries = fs.readdirSync(path.join(dir, sub), { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const rel = `${sub}/${e.name}`;
      if (e.isDirectory()) { walk(rel); continue; }
      if (!e.isFile()) continue;
      const body = fs.readFileSync(path.join(dir, rel));
      files.set(rel, {
        body,
        type: TYPES[path.extname(e.name).toLowerCase()] ?? 'application/octet-stream',
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
        cache: cacheFor(rel, hashed),
      });
    }
  };
  walk('');
  return files;
}

/**
 * A hashed name this build did not write (a page or artifact from before a deploy that changed the file): today's file
 * under its plain name, on the short cache, rather than a page without its styles.
 */
function previousBuild(files: Map<string, StaticFile>, pathname: string): StaticFile | undefined {
  const plain = unhashedName(pathname);
  const file = plain ? files.get(plain) : undefined;
  return file && { ...file, cache: SHORT };
}

/** Answers GET/HEAD of a known static file; false when the path is not one (the app handles it). */
export function serveStatic(files: Map<string, StaticFile>, req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const file = files.get(pathname) ?? previousBuild(files, pathname);
  if (!file) return false;
  res.setHeader('content-type', file.type);
  res.setHeader('cache-control', file.cache);
  res.setHeader('etag', file.etag);
  if (req.headers['if-none-match'] === file.etag) {
    res.statusCode = 304;
    res.end();
    return true;
  }
  res.setHeader('content-length', file.body.length);
  res.end(req.method === 'HEAD' ? undefined : file.body);
  return true;
}
