#!/usr/bin/env bash
# npm run bench: Node 22 if needed, packages, a build when dist/ is missing or older than the sources, then scripts/bench.ts.
set -euo pipefail
source "$(dirname "$0")/env.sh"
ensure_packages
export PATH="$root/node_modules/.bin:$PATH"
entry=dist/chatshare/server.mjs
if [ ! -f "$entry" ] || [ -n "$(find src public db astro.config.mjs package.json -newer "$entry" -print -quit 2>/dev/null)" ]; then
  echo "chatshare bench: building (dist/ is missing or older than the sources)" >&2
  bash scripts/build.sh
fi
# node --import tsx rather than the tsx CLI: one process, so Ctrl-C reaches bench.ts directly and its cleanup always runs.
exec node --import tsx scripts/bench.ts "$@"
