// Static files from dist/client, read into memory at start: a request is one Map lookup, never a disk stat or path join.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface StaticFile { body: Buffer; type: string; etag: string; cache: string }

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.ico': 'image/x-icon', '.webp': 'image/webp',
  '.woff': 'font/woff', '.woff2': 'font/woff2', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8',
  '.html': 'text/html; charset=utf-8', '.webmanifest': 'application/manifest+json', '.map': 'application/json',
};

/** Every file under `dir`, keyed by its URL path. Files in /_astro/ carry a content hash in their name: cached for a year. */
export function loadStaticFiles(dir: string): Map<string, StaticFile> {
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
        cache: rel.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
      });
    }
  };
  walk('');
  return files;
}

/** Answers GET/HEAD of a known static file; false when the path is not one (the app handles it). */
export function serveStatic(files: Map<string, StaticFile>, req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const file = files.get(pathname);
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
