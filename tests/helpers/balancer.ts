// nginx (Debian's package) as a load balancer on loopback in front of chatshare nodes, as a deployment would run it:
// round robin, keep-alive to the nodes, X-Forwarded-For added (the nodes run with TRUST_PROXY=1), and a request that
// cannot reach one node (refused, reset before any answer) tried on the next, so a node's death shows as nothing.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './server';

export interface Balancer { url: string; stop: () => Promise<void> }

export const nginxBinary = (): string | null =>
  [process.env.NGINX, '/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => p && fs.existsSync(p)) ??
  (spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).stdout.trim() || null);

export async function startBalancer(upstreams: string[]): Promise<Balancer> {
  const bin = nginxBinary();
  if (!bin) throw new Error('nginx is not installed (npm test installs Debian\'s nginx; or set NGINX to its path)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatshare-lb-'));
  const port = await freePort();
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, [
    'daemon off;', 'worker_processes 1;', `pid ${dir}/nginx.pid;`, `error_log ${dir}/error.log;`, 'user root;',
    'events { worker_connections 2048; }',
    'http {', '  access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t};`),
    '  upstream chatshare {',
    ...upstreams.map((u) => `    server ${new URL(u).host} max_fails=1 fail_timeout=1s;`),
    '    keepalive 64;', '  }',
    '  server {', `    listen 127.0.0.1:${port};`, '    client_max_body_size 64m;',
    '    location / {', '      proxy_pass http://chatshare;', '      proxy_http_version 1.1;', '      proxy_set_header Connection "";',
    '      proxy_set_header Host $http_host;', '      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    '      proxy_next_upstream error timeout;', '      proxy_read_timeout 120s;', '    }', '  }', '}',
  ].join('\n'));
  const child: ChildProcess = spawn(bin, ['-p', dir, '-e', `${dir}/error.log`, '-c', conf], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${fs.existsSync(`${dir}/error.log`) ? fs.readFileSync(`${dir}/error.log`, 'utf8') : ''}`);
    try { if ((await fetch(`${url}/healthz`)).ok) break; } catch { /* not yet */ }
    if (Date.now() > deadline) throw new Error('nginx did not answer');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) { child.kill('SIGTERM'); await new Promise((r) => child.once('exit', r)); }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
