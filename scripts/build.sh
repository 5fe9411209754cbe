#!/usr/bin/env bash
# npm run build: Astro's pages (middleware mode) into dist/server and dist/client, then our server entry and the render
# worker bundled by esbuild into dist/chatshare/ (npm packages stay external: one copy on disk, loaded by Node).
set -euo pipefail
source "$(dirname "$0")/env.sh"
ensure_packages
export PATH="$root/node_modules/.bin:$PATH"
astro build
esbuild src/server/entry.ts --bundle --platform=node --format=esm --target=node22 --packages=external \
  --outfile=dist/chatshare/server.mjs --log-level=warning
esbuild src/lib/render/worker.ts --bundle --platform=node --format=esm --target=node22 --packages=external \
  --outfile=dist/chatshare/render-worker.mjs --log-level=warning
