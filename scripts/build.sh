#!/usr/bin/env bash
# npm run build: Astro's pages (middleware mode) into dist/server and dist/client, importing the domain code as
# external '#domain/…' modules; the domain code (src/lib) once into dist/domain; our server entry into dist/chatshare/,
# importing the same '#domain/…' files. One copy of each domain module on disk, so one instance in the process.
# Our CSS and JS get content-hashed copies (scripts/hash-assets.mjs) that pages link to and browsers cache for a year.
set -euo pipefail
source "$(dirname "$0")/env.sh"
ensure_packages
export PATH="$root/node_modules/.bin:$PATH"
astro build
esbuild $(find src/lib -name '*.ts' ! -name '*.d.ts' | sort) --bundle --splitting --platform=node --format=esm --target=node22 \
  --packages=external --outbase=src/lib --outdir=dist/domain --chunk-names=_chunks/[name]-[hash] --log-level=warning
node scripts/build-entry.mjs
node scripts/hash-assets.mjs
esbuild src/lib/render/worker.ts --bundle --platform=node --format=esm --target=node22 --packages=external \
  --outfile=dist/chatshare/render-worker.mjs --log-level=warning
esbuild src/lib/imports/worker.ts --bundle --platform=node --format=esm --target=node22 --packages=external \
  --outfile=dist/chatshare/import-worker.mjs --log-level=warning
esbuild src/lib/checkpoint-thread.ts --bundle --platform=node --format=esm --target=node22 --packages=external \
  --outfile=dist/chatshare/checkpoint-worker.mjs --log-level=warning
