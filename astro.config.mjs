// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'middleware' }), // mounted by our own server, src/server/entry.ts
  // Our login session is lucia's; Astro's own file-backed sessions are off (only `false` turns them off).
  session: false,
  // Cross-site writes are refused by src/lib/auth/origin-check.ts, which lets Bearer API clients through.
  security: { checkOrigin: false },
  server: { host: '127.0.0.1', port: 4321 },
  build: { inlineStylesheets: 'never' },
  vite: {
    build: { assetsInlineLimit: 0 },
    ssr: { external: ['better-sqlite3', '@node-rs/argon2', '@resvg/resvg-js'] },
  },
});
