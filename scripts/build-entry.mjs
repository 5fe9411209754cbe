// Bundles our server entry (src/server/entry.ts) with esbuild; its imports of src/lib become the same external
// '#domain/…' modules the Astro build imports, so the fast path and Astro share one instance of the domain code.
import { build } from 'esbuild';
import path from 'node:path';

const lib = path.resolve('src/lib') + path.sep;
await build({
  entryPoints: ['src/server/entry.ts'], outfile: 'dist/chatshare/server.mjs', bundle: true, platform: 'node', format: 'esm',
  target: 'node22', packages: 'external', logLevel: 'warning',
  plugins: [{
    name: 'domain-external',
    setup(b) {
      b.onResolve({ filter: /^\./ }, (args) => {
        const abs = path.resolve(args.resolveDir, args.path);
        if (!abs.startsWith(lib)) return null;
        const rel = path.relative(lib, abs).replace(/\.ts$/, '').split(path.sep).join('/');
        return { path: `#domain/${rel}.js`, external: true };
      });
    },
  }],
});
