// nginx serving the same bytes from disk: each share page at its own /s/{id} path with chatshare's headers, its
// pre-compressed variants through gzip_static/brotli_static (chatshare's own .br/.gz bytes, when it sent them), and a
// copy of dist/client for the page's stylesheets, script and fonts (first contentful paint loads them too).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startChild, waitReady, type Child } from './procs';

export interface StaticPage { path: string; variants: { identity: Buffer; br?: Buffer; gzip?: Buffer }; headers: Record<string, string> }

const BROTLI_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';
// nginx writes these itself (or they describe one variant only); the rest is copied as add_header.
const OWN = new Set(['content-type', 'content-length', 'content-encoding', 'vary', 'etag', 'last-modified', 'accept-ranges', 'date', 'connection', 'keep-alive', 'transfer-encoding']);

export const hasBrotliStatic = () => fs.existsSync(BROTLI_MODULE);

export function nginxVersion(bin: string): string {
  return spawnSync(bin, ['-v'], { encoding: 'utf8' }).stderr.trim().replace(/^nginx version: /, '');
}

/** Starts nginx (`workers` processes) in `dir` serving `pages` and dist/client; resolves once it answers. */
export async function startNginx(bin: string, dir: string, port: number, workers: number, pages: StaticPage[], clientDir: string): Promise<{ url: string; proc: Child }> {
  const root = path.join(dir, 'client');
  if (!fs.existsSync(root)) fs.cpSync(clientDir, root, { recursive: true });
  fs.mkdirSync(path.join(dir, 'pages'), { recursive: true });
  const q = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;
  const locations = pages.map((p, i) => {
    const file = path.join(dir, 'pages', `${i}.html`);
    fs.writeFileSync(file, p.variants.identity, { mode: 0o644 });
    if (p.variants.gzip) fs.writeFileSync(`${file}.gz`, p.variants.gzip, { mode: 0o644 });
    if (p.variants.br) fs.writeFileSync(`${file}.br`, p.variants.br, { mode: 0o644 });
    const extra = Object.entries(p.headers).filter(([k, v]) => !OWN.has(k) && !v.includes('$')).map(([k, v]) => `add_header ${k} ${q(v)} always;`);
    const compressed = [p.variants.gzip ? 'gzip_static on;' : '', p.variants.br && hasBrotliStatic() ? 'brotli_static on;' : ''].join(' ');
    return `    location = ${p.path} { alias ${file}; default_type ${q(p.headers['content-type'] ?? 'text/html')}; ${compressed} ${extra.join(' ')} }`;
  });
  const conf = path.join(dir, `nginx-${workers}.conf`);
  fs.writeFileSync(conf, [
    hasBrotliStatic() ? `load_module ${BROTLI_MODULE};` : '',
    'daemon off;', `worker_processes ${workers};`, `pid ${dir}/nginx.pid;`, `error_log ${dir}/error.log;`,
    'user root;', // the copied files are root's; ignored (with a warning) when not run as root
    'events { worker_connections 1024; }',
    'http {', '  access_log off;', '  server_tokens off;', '  gzip_vary on;',
    '  types { text/html html; text/css css; text/javascript js; image/svg+xml svg; font/woff2 woff2; image/png png; application/json json; }',
    '  default_type application/octet-stream;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t};`),
    '  keepalive_timeout 65s;', '  keepalive_requests 1000000;', '  sendfile on;', '  tcp_nopush on;',
    `  server {`, `    listen 127.0.0.1:${port};`, `    root ${root};`, ...locations, '  }', '}',
  ].join('\n'));
  const proc = startChild(bin, ['-p', dir, '-e', `${dir}/error.log`, '-c', conf]);
  const url = `http://127.0.0.1:${port}`;
  const errorLog = () => (fs.existsSync(`${dir}/error.log`) ? fs.readFileSync(`${dir}/error.log`, 'utf8') : '');
  await waitReady(url + pages[0]!.path, { child: proc.child, logs: () => proc.logs() + errorLog() }, 'nginx');
  return { url, proc };
}
