// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The domain code (src/lib) is built once by esbuild into dist/domain (scripts/build.sh) and kept out of Vite's server
// bundle: pages import it as external modules, and so does our server entry, so both load the very same module
// instances (one database connection, one artifact cache) without depending on how Vite names its chunks.
const root = path.dirname(fileURLToPath(import.meta.url));
const libDir = path.join(root, 'src', 'lib') + path.sep;
const domainExternal = {
  name: 'chatshare-domain-external',
  enforce: 'pre',
  applyToEnvironment: (env) => env.name !== 'client',
  async resolveId(source, importer, options) {
    if (!importer || !source.startsWith('.')) return null;
    const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
    if (!resolved || !resolved.id.startsWith(libDir)) return null;
    if (importer.startsWith(libDir)) return null;
    // '#domain/…' resolves through package.json's "imports" to dist/domain/…, from any file under the project.
    const rel = path.relative(libDir, resolved.id).replace(/\.ts$/, '.js').split(path.sep).join('/');
    return { id: `#domain/${rel}`, external: true };
  },
};

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
    plugins: [domainExternal],
    build: { assetsInlineLimit: 0 },
    ssr: { external: ['better-sqlite3', '@node-rs/argon2', '@resvg/resvg-js'] },
  },
});
